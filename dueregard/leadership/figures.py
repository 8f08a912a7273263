"""Leadership against the community: the figures, from aggregate counts only (pure).

A *snapshot* is one reporting year's counts of staff at each leadership level (the board,
very senior managers, Agenda for Change bands 8a–9 each and together, and all staff as
the comparator) by the categories of each characteristic. Its counts are exact; nothing
here publishes them as they are: :func:`level_rows` runs disclosure control on each
level's categories (1–7 shown as ``*``, others rounded to 5; no total is published, so
no hidden count can be worked back from one — ``analytics.disclosure``), and every
percentage and Wilson interval is computed from the **published** counts
(``analytics.derived``, ADR 0019), so a board of 12 with one ethnic minority member shows
``*`` and no percentage that would give the 1 back.

The population side is a full count (Census 2021: residents aged 16 to 64 from the ethnic
group by age table when loaded for every area served, else TS021 all usual residents; the
dashboard service chooses), so its share
has no interval; the gap is the leadership share minus the population share, in
percentage points. This module imports no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dueregard.analytics.derived import proportion_interval
from dueregard.analytics.disclosure import suppress_counts

#: Leadership levels, in the order shown; "all" is the whole workforce (the comparator
#: of WRES indicator 9).
LEVELS: tuple[str, ...] = (
    "board",
    "vsm",
    "band_8a",
    "band_8b",
    "band_8c",
    "band_8d",
    "band_9",
    "bands_8a_9",
    "all",
)
BANDS = {
    "Band 8a": "band_8a",
    "Band 8b": "band_8b",
    "Band 8c": "band_8c",
    "Band 8d": "band_8d",
    "Band 9": "band_9",
}


@dataclass(frozen=True)
class Characteristic:
    code: str
    column: str
    categories: tuple[str, ...]  # the known categories; "unknown" is added after them
    focus: str  # the category whose share is the headline figure


CHARACTERISTICS: dict[str, Characteristic] = {
    "ethnicity": Characteristic("ethnicity", "ethnic_category", ("minority", "white"), "minority"),
    "disability": Characteristic(
        "disability", "disability", ("disabled", "not_disabled"), "disabled"
    ),
    "sex": Characteristic("sex", "sex", ("female", "male"), "female"),
    "age": Characteristic("age", "age_band", ("under_40", "40_54", "55_over"), "55_over"),
}
UNKNOWN = "unknown"
WHITE_CODES = {"A", "B", "C"}  # NHS ethnic category: White British, Irish, other White
MINORITY_CODES = set("DEFGHJKLMNPRS")
_FIRST_NUMBER = re.compile(r"(\d+)")


def ethnicity_category(code: object) -> str:
    text = str(code).strip().upper()
    if text in WHITE_CODES:
        return "white"
    if text in MINORITY_CODES:
        return "minority"
    return UNKNOWN


def disability_category(value: object) -> str:
    text = str(value).strip().lower()
    if text in {"disabled", "yes", "y"}:
        return "disabled"
    if text in {"non-disabled", "not disabled", "no", "n"}:
        return "not_disabled"
    return UNKNOWN


def sex_category(value: object) -> str:
    text = str(value).strip().lower()
    return {"female": "female", "f": "female", "male": "male", "m": "male"}.get(text, UNKNOWN)


def age_category(value: object) -> str:
    """ESR age bands ("<=20 Years", "36-40", ">=66 Years") by their first age."""
    found = _FIRST_NUMBER.search(str(value))
    if not found:
        return UNKNOWN
    age = int(found.group(1))
    return "under_40" if age < 40 else "40_54" if age < 55 else "55_over"


_CATEGORISE = {
    "ethnicity": ethnicity_category,
    "disability": disability_category,
    "sex": sex_category,
    "age": age_category,
}


def _truthy(series: pd.Series) -> pd.Series:
    if series.dtype == bool:
        return series
    return series.astype(str).str.strip().str.lower().isin({"true", "y", "yes", "1"})


def snapshot_counts(frame: pd.DataFrame) -> dict:
    """Counts by level and characteristic from canonical staff rows (one row a person).

    Board: anyone marked a board member, voting or executive member. A characteristic
    whose column the file does not hold is left out (the dashboard says so).
    """
    grade = frame["pay_grade"].astype(str) if "pay_grade" in frame else pd.Series([], dtype=str)
    board = pd.Series(False, index=frame.index)
    for column in ("board_member", "board_voting", "board_executive"):
        if column in frame:
            board |= _truthy(frame[column]).fillna(False)
    masks = {"board": board, "vsm": grade == "VSM", "all": pd.Series(True, index=frame.index)}
    for label, level in BANDS.items():
        masks[level] = grade == label
    masks["bands_8a_9"] = grade.isin(list(BANDS))
    out: dict = {"levels": {}, "characteristics": []}
    for char in CHARACTERISTICS.values():
        if char.column not in frame:
            continue
        out["characteristics"].append(char.code)
        categories = frame[char.column].map(_CATEGORISE[char.code])
        for level in LEVELS:
            picked = categories[masks[level].to_numpy()]
            counts = {c: int((picked == c).sum()) for c in (*char.categories, UNKNOWN)}
            out["levels"].setdefault(level, {})[char.code] = counts
    out["levels"] = {level: out["levels"].get(level, {}) for level in LEVELS}
    return out


def add_counts(snapshots: Iterable[Mapping]) -> dict:
    """Several organisations' snapshots of one year added up (a system's figures)."""
    total: dict = {"levels": {level: {} for level in LEVELS}, "characteristics": []}
    for snap in snapshots:
        for code in snap.get("characteristics", []):
            if code not in total["characteristics"]:
                total["characteristics"].append(code)
        for level, chars in snap.get("levels", {}).items():
            for code, counts in chars.items():
                into = total["levels"].setdefault(level, {}).setdefault(code, {})
                for category, n in counts.items():
                    into[category] = into.get(category, 0) + int(n)
    return total


def _number(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def population_share(profile: Mapping | None, characteristic: str) -> float | None:
    """The share of residents in the focus category, from a population profile (the
    population app's ``profile()``: residents by high-level ethnic group)."""
    if characteristic != "ethnicity" or not profile or not profile.get("total"):
        return None
    white = next((b["n"] for b in profile["broad"] if b["code"] == "white"), 0)
    return 100.0 * (profile["total"] - white) / profile["total"]


def level_row(counts: Mapping[str, int], characteristic: str, population: float | None) -> dict:
    """One level: published counts, the focus share of those whose answer is known with
    its Wilson 95% interval (from the published counts), and the gap to the population."""
    char = CHARACTERISTICS[characteristic]
    order = (*char.categories, UNKNOWN)
    values = np.array([int(counts.get(c, 0)) for c in order], dtype=float)
    # No total is published (the known total is the sum of the published counts), so only
    # primary suppression applies: nothing hidden can be worked back from a total.
    table = suppress_counts(values, total=False)
    published = table.published[0]
    shown = dict(zip(order, published, strict=True))
    known = [shown[c] for c in char.categories]
    known_total = float(np.sum(known)) if all(np.isfinite(known)) else np.nan
    value, lower, upper = proportion_interval(shown[char.focus], known_total)
    value, lower, upper = _number(value[0]), _number(lower[0]), _number(upper[0])
    gap = None if value is None or population is None else value - population
    return {
        "counts": {c: _number(shown[c]) for c in order},
        "primary": {c: bool(p) for c, p in zip(order, table.primary[0], strict=True)},
        "known": _number(known_total),
        "value": value,
        "lower": lower,
        "upper": upper,
        "population": population,
        "gap": gap,
        "suppressed": value is None and bool(values.sum()),
        "empty": not bool(values.sum()),
    }


def level_rows(snapshot: Mapping, characteristic: str, population: float | None) -> list[dict]:
    rows = []
    for level in LEVELS:
        counts = snapshot.get("levels", {}).get(level, {}).get(characteristic)
        if counts is None:
            continue
        rows.append({"level": level, **level_row(counts, characteristic, population)})
    return rows
