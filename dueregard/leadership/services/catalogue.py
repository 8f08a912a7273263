"""The measures an organisation can pick for the BLFI objectives, each computed for one
year from that year's counts (published counts only) and the community's profile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dueregard.analytics.disclosure import suppress_counts

from .. import figures


@dataclass(frozen=True)
class MeasureKind:
    code: str
    label: str
    unit: str  # "%", "pp" (percentage points) or "n" (people or pairs, rounded)
    compute: Callable[[dict, float | None], dict]
    higher_is_better: bool = True


def _share(level: str, characteristic: str):
    def compute(counts: dict, population: float | None) -> dict:
        found = counts.get("levels", {}).get(level, {}).get(characteristic)
        if found is None:
            return {"value": None, "missing": True}
        row = figures.level_row(found, characteristic, population)
        return {"value": row["value"], "suppressed": row["suppressed"]}

    return compute


def _gap(level: str, characteristic: str = "ethnicity"):
    def compute(counts: dict, population: float | None) -> dict:
        found = counts.get("levels", {}).get(level, {}).get(characteristic)
        if found is None or population is None:
            return {"value": None, "missing": True}
        row = figures.level_row(found, characteristic, population)
        return {"value": row["gap"], "suppressed": row["suppressed"]}

    return compute


def _against_workforce(level: str, characteristic: str):
    """WRES indicator 9 / WDES metric 10: the board's share minus the workforce's."""

    def compute(counts: dict, population: float | None) -> dict:
        levels = counts.get("levels", {})
        board = levels.get(level, {}).get(characteristic)
        everyone = levels.get("all", {}).get(characteristic)
        if board is None or everyone is None:
            return {"value": None, "missing": True}
        a = figures.level_row(board, characteristic, None)
        b = figures.level_row(everyone, characteristic, None)
        if a["value"] is None or b["value"] is None:
            return {"value": None, "suppressed": True}
        return {"value": a["value"] - b["value"], "suppressed": False}

    return compute


def _reach(name: str):
    """A programme's reach in the year: a count, published with disclosure control."""

    def compute(counts: dict, population: float | None) -> dict:
        n = counts.get("reach", {}).get(name)
        if n is None:
            return {"value": None, "missing": True}
        published = suppress_counts([n], total=False).published[0][0]
        value = None if published != published else float(published)  # nan: suppressed
        return {"value": value, "suppressed": value is None}

    return compute


CATALOGUE: dict[str, MeasureKind] = {
    m.code: m
    for m in (
        MeasureKind(
            "minority_8a_9",
            _("Ethnic minority staff at bands 8a to 9 (%, WRES indicator 1)"),
            "%",
            _share("bands_8a_9", "ethnicity"),
        ),
        MeasureKind(
            "minority_vsm",
            _("Ethnic minority very senior managers (%)"),
            "%",
            _share("vsm", "ethnicity"),
        ),
        MeasureKind(
            "minority_board",
            _("Ethnic minority board members (%)"),
            "%",
            _share("board", "ethnicity"),
        ),
        MeasureKind(
            "board_gap",
            _("Board representation gap against the community (percentage points)"),
            "pp",
            _gap("board"),
        ),
        MeasureKind(
            "senior_gap",
            _("Bands 8a to 9 representation gap against the community (percentage points)"),
            "pp",
            _gap("bands_8a_9"),
        ),
        MeasureKind(
            "wres9",
            _("Board against the workforce, ethnic minority (percentage points, WRES 9)"),
            "pp",
            _against_workforce("board", "ethnicity"),
        ),
        MeasureKind(
            "disabled_8a_9",
            _("Disabled staff at bands 8a to 9 (%, WDES metric 1)"),
            "%",
            _share("bands_8a_9", "disability"),
        ),
        MeasureKind(
            "wdes10",
            _("Board against the workforce, disabled (percentage points, WDES 10)"),
            "pp",
            _against_workforce("board", "disability"),
        ),
        MeasureKind(
            "women_board",
            _("Women on the board (%)"),
            "%",
            _share("board", "sex"),
        ),
        MeasureKind(
            "mentoring_pairs",
            _("Reciprocal mentoring pairs introduced in the year (programme reach)"),
            "n",
            _reach("mentoring_pairs"),
        ),
    )
}


def choices() -> list[tuple[str, str]]:
    return [(m.code, m.label) for m in CATALOGUE.values()]
