"""NHS Staff Survey *summary* figures as inputs to the survey-based WRES and WDES indicators.

A trust receives the Staff Survey results for WRES indicators 5–8 and the survey-based WDES
metrics as percentages and base sizes by group (the benchmark tables), not one row per
respondent. This module reads those figures, checks them against the standard's
definitions (:mod:`.definitions`) and computes a Wilson 95% interval from each percentage
and its base, so a summary input gives the same table as a per-respondent survey file.

Two layouts are accepted (CSV or XLSX; headers matched after :func:`~.codes.normalise`):

* **long** — one row per indicator, group and year::

      indicator,group,year,percentage,base
      5,BME,2025,28.1,412

  ``year`` may be left out when the file holds one year (the caller gives it).
* **benchmark** — the layout of the published benchmark tables: one row per indicator
  and year, a percentage and a base column for each group::

      Indicator,Year,White: %,White: base,BME: %,BME: base

  (``responses``, ``n`` and ``base size`` are accepted for the base, ``percent`` for %).

The positive count is ``round(percentage × base / 100)``: the published percentages are
rounded to one decimal place, so the count is the one whole number they describe
(exact whenever the base is under 1,000). Every problem is collected with its row number and
raised together as one :class:`SurveySummaryError`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..stats import proportion
from .codes import normalise
from .definitions import Standard

__all__ = [
    "SurveyFigure",
    "SurveySummaryError",
    "figures_table",
    "parse_summary",
    "read_summary",
]

_LONG = {
    "indicator": ("indicator", "metric", "indicator code", "metric code", "question"),
    "group": ("group", "ethnicity", "disability", "group name"),
    "year": ("year", "survey year", "reporting year"),
    "percentage": ("percentage", "percent", "pct", "%", "value"),
    "base": ("base", "base size", "responses", "n", "respondents"),
}
_WIDE = re.compile(
    r"^(?P<group>.+?)\s+(?P<what>percentage|percent|pct|base size|base|responses|n)$"
)
_PCT = {"percentage", "percent", "pct"}


class SurveySummaryError(ValueError):
    """Summary figures that cannot be used; ``problems`` lists (row, message)."""

    def __init__(self, problems: list[tuple[int | None, str]]):
        self.problems = problems
        lines = [f"row {row}: {msg}" if row else msg for row, msg in problems[:20]]
        more = len(problems) - 20
        if more > 0:
            lines.append(f"… and {more} more")
        super().__init__("; ".join(lines))


@dataclass(frozen=True)
class SurveyFigure:
    """One published survey percentage: indicator, group, year, percentage and base."""

    indicator: str
    group: str
    year: int
    percentage: float
    base: int

    @property
    def positive(self) -> int:
        """The whole number of positive answers the rounded percentage describes."""
        return int(np.floor(self.percentage * self.base / 100 + 0.5))


def _header_map(headers: list[str]) -> dict[str, str]:
    """Canonical long-layout name → header, for the headers present."""
    found: dict[str, str] = {}
    for header in headers:
        key = "%" if header.strip() == "%" else normalise(header)
        for name, aliases in _LONG.items():
            if name not in found and key in aliases:
                found[name] = header
    return found


def _wide_columns(headers: list[str]) -> dict[str, dict[str, str]]:
    """Benchmark layout: group → {"percentage": header, "base": header}."""
    groups: dict[str, dict[str, str]] = {}
    for header in headers:
        text = header.replace("%", " percentage").replace(":", " ")
        m = _WIDE.match(normalise(text))
        if not m:
            continue
        what = "percentage" if m["what"] in _PCT else "base"
        label = re.split(r"[:(]", header)[0].strip()
        groups.setdefault(label, {})[what] = header
    return {g: cols for g, cols in groups.items() if len(cols) == 2}


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip().rstrip("%").replace(",", "")
    if text in ("", "*", "-", "n/a", "na"):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _to_long(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[int | None, str]]]:
    headers = [str(c) for c in frame.columns]
    frame.columns = headers
    cols = _header_map(headers)
    wide = _wide_columns(headers)
    if "indicator" not in cols:
        return frame.iloc[0:0], [(None, "no indicator column: name one 'indicator'")]
    if wide and "percentage" not in cols:
        rows = []
        for i, rec in enumerate(frame.to_dict("records")):
            for group, pair in wide.items():
                rows.append(
                    {
                        "_row": i + 2,
                        "indicator": rec[cols["indicator"]],
                        "group": group,
                        "year": rec[cols["year"]] if "year" in cols else None,
                        "percentage": rec[pair["percentage"]],
                        "base": rec[pair["base"]],
                    }
                )
        return pd.DataFrame(rows), []
    missing = [n for n in ("group", "percentage", "base") if n not in cols]
    if missing:
        return frame.iloc[0:0], [
            (
                None,
                "missing columns: "
                + ", ".join(missing)
                + " (the long layout needs indicator, group, percentage and base; the "
                "benchmark layout needs '<group>: %' and '<group>: base' for each group)",
            )
        ]
    out = pd.DataFrame({name: frame[h].tolist() for name, h in cols.items()})
    if "year" not in out:
        out["year"] = None
    out["_row"] = range(2, len(out) + 2)
    return out, []


def _check_row(rec: dict, year: int | None, codes: set[str], groups: set[str]):
    problems = []
    row = rec["_row"]
    indicator = str(rec["indicator"]).strip()
    indicator = indicator[:-2] if indicator.endswith(".0") else indicator
    if indicator not in codes:
        problems.append(
            f"indicator {indicator!r} is not a survey indicator of this standard "
            f"({', '.join(sorted(codes))})"
        )
    group = str(rec["group"]).strip()
    if group not in groups:
        problems.append(f"group {group!r} is not one of {', '.join(sorted(groups))}")
    pct, base = _number(rec["percentage"]), _number(rec["base"])
    if pct is None or not 0 <= pct <= 100:
        problems.append(f"percentage {rec['percentage']!r} must be a number from 0 to 100")
    if base is None or base < 1 or base != int(base):
        problems.append(f"base {rec['base']!r} must be a whole number of at least 1")
    y = _number(rec.get("year"))
    if y is None:
        y = year
    if y is None or not 2000 <= y <= 2100:
        problems.append("year missing or not a year: add a year column or choose the year")
    if problems:
        return None, [(row, p) for p in problems]
    return SurveyFigure(indicator, group, int(y), float(pct), int(base)), []


def parse_summary(
    frame: pd.DataFrame, standard: Standard, *, year: int | None = None
) -> list[SurveyFigure]:
    """Check a summary table (long or benchmark layout) against ``standard``.

    Groups must be the standard's group or reference (BME/White, Disabled/Non-disabled);
    indicators its survey codes. Raises :class:`SurveySummaryError` listing every problem.
    """
    long, problems = _to_long(frame.copy())
    if problems:
        raise SurveySummaryError(problems)
    if long.empty:
        raise SurveySummaryError([(None, "the file has no figures")])
    codes = {item.code for item in standard.survey}
    groups = {standard.group, standard.reference}
    only = {item.code: set(item.groups) for item in standard.survey if item.groups}
    figures: list[SurveyFigure] = []
    seen: dict[tuple[str, str, int], int] = {}
    for rec in long.to_dict("records"):
        if (
            all(_number(rec[k]) is None for k in ("percentage", "base"))
            and not str(rec["indicator"]).strip()
        ):
            continue
        figure, errs = _check_row(rec, year, codes, groups)
        problems += errs
        if figure is None:
            continue
        if figure.indicator in only and figure.group not in only[figure.indicator]:
            problems.append(
                (
                    rec["_row"],
                    f"indicator {figure.indicator} is reported for "
                    f"{', '.join(sorted(only[figure.indicator]))} only",
                )
            )
            continue
        key = (figure.indicator, figure.group, figure.year)
        if key in seen:
            problems.append((rec["_row"], f"repeats row {seen[key]} ({', '.join(map(str, key))})"))
            continue
        seen[key] = rec["_row"]
        figures.append(figure)
    if problems:
        raise SurveySummaryError(problems)
    return figures


def read_summary(
    source: str | Path | bytes, standard: Standard, *, name: str = "", year: int | None = None
) -> list[SurveyFigure]:
    """Read a CSV or XLSX summary file (path, or bytes with its file ``name``)."""
    label = name or str(source)
    is_xlsx = label.lower().endswith((".xlsx", ".xlsm"))
    data = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        if is_xlsx:
            frame = pd.read_excel(data, dtype=object, engine="openpyxl")
        else:
            frame = pd.read_csv(data, dtype=object, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, OSError, pd.errors.ParserError) as exc:
        raise SurveySummaryError([(None, f"cannot read {label}: {exc}")]) from None
    return parse_summary(frame, standard, year=year)


def figures_table(figures: list[SurveyFigure], standard: Standard) -> pd.DataFrame:
    """One row per figure with the positive count and Wilson 95% limits from %, base."""
    titles = {item.code: item.title for item in standard.survey}
    order = {item.code: i for i, item in enumerate(standard.survey)}
    rows = sorted(
        figures, key=lambda f: (f.year, order.get(f.indicator, 99), f.group != standard.group)
    )
    x = np.array([f.positive for f in rows], dtype=np.float64)
    n = np.array([f.base for f in rows], dtype=np.float64)
    lower = np.full(x.shape, np.nan)
    upper = np.full(x.shape, np.nan)
    if len(rows):
        r = proportion(x, n, multiplier=100)
        lower, upper = np.asarray(r["lowercl"]), np.asarray(r["uppercl"])
    return pd.DataFrame(
        {
            "year": [f.year for f in rows],
            "indicator": [f.indicator for f in rows],
            "title": [titles.get(f.indicator, "") for f in rows],
            "group": [f.group for f in rows],
            "percentage": [f.percentage for f in rows],
            "base": [f.base for f in rows],
            "positive": x.astype(int),
            "lower95": lower,
            "upper95": upper,
        }
    )
