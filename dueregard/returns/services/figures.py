"""The figures of a return year: survey indicators from the summary inputs, the board
against the workforce, the evidence pack's row-level indicators, and trends over years."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dueregard.analytics.stats import proportion
from dueregard.analytics.workforce.definitions import get_standard
from dueregard.analytics.workforce.survey_summary import SurveyFigure as Fig
from dueregard.analytics.workforce.trends import Point, trend

from ..models import BoardSeat, ReturnYear, SurveyFigure
from . import calendar


def standard_of(ry: ReturnYear):
    return get_standard(ry.standard, ry.definitions_version)


@dataclass(frozen=True)
class GroupFigure:
    group: str
    percentage: float
    base: int
    lower95: float
    upper95: float


def _wilson(positive: int, base: int) -> tuple[float, float]:
    r = proportion(np.array([float(positive)]), np.array([float(base)]), multiplier=100)
    return float(r["lowercl"][0]), float(r["uppercl"][0])


def _figure(row: SurveyFigure) -> GroupFigure:
    f = Fig(row.indicator, row.group, row.survey_year, float(row.percentage), row.base)
    lo, hi = _wilson(f.positive, f.base)
    return GroupFigure(row.group, f.percentage, f.base, lo, hi)


def _org_years(ry: ReturnYear):
    return ReturnYear.objects.filter(organisation=ry.organisation, standard=ry.standard)


def _all_survey_figures(ry: ReturnYear) -> dict[tuple[str, str, int], SurveyFigure]:
    """(indicator, group, survey year) → figure across the organisation's return years,
    each year's own cycle taking precedence over a later file's copy of it."""
    out: dict[tuple[str, str, int], SurveyFigure] = {}
    rows = SurveyFigure.objects.filter(return_year__in=_org_years(ry)).select_related("return_year")
    for row in sorted(rows, key=lambda r: r.return_year.year != r.survey_year):
        out.setdefault((row.indicator, row.group, row.survey_year), row)
    return out


def survey_indicators(ry: ReturnYear) -> dict[str, list[GroupFigure]]:
    """Indicator code → the year's figures, group of interest first."""
    std = standard_of(ry)
    out: dict[str, list[GroupFigure]] = {}
    for row in SurveyFigure.objects.filter(return_year=ry, survey_year=ry.year):
        out.setdefault(row.indicator, []).append(_figure(row))
    for figs in out.values():
        figs.sort(key=lambda f: f.group != std.group)
    return out


@dataclass(frozen=True)
class BoardRow:
    label: str
    group_count: int
    known: int
    unknown: int
    percentage: float | None
    difference_pp: float | None


def linked_tables(ry: ReturnYear) -> dict[str, dict]:
    """Published (disclosure-controlled) pack tables by name across the linked analyses,
    the most recently computed first."""
    out: dict[str, dict] = {}
    for analysis in ry.analyses.order_by("-computed_at", "-pk"):
        for table in (analysis.result or {}).get("published", []):
            out.setdefault(table["name"], table)
    return out


def workforce_share(ry: ReturnYear) -> float | None:
    """The overall workforce's % in the group, from the linked evidence pack (published)."""
    number = "9" if ry.standard == "WRES" else "10"
    table = linked_tables(ry).get(f"{ry.standard.lower()}{number}")
    if table is not None:
        cols = table["columns"]
        pct = next((i for i, c in enumerate(cols) if c.endswith(" %")), None)
        for row in table["rows"]:
            if row[0] == "Overall workforce" and pct is not None and row[pct] is not None:
                return float(row[pct])
    return None


def board(ry: ReturnYear) -> list[BoardRow]:
    std = standard_of(ry)
    seats = list(BoardSeat.objects.filter(return_year=ry))
    overall = workforce_share(ry)
    rows = []
    for label, keep in (
        ("Voting members", lambda s: s.voting),
        ("Executive members", lambda s: s.executive),
        ("All board members", lambda s: True),
    ):
        chosen = [s for s in seats if keep(s)]
        known = [s for s in chosen if s.group in (std.group, std.reference)]
        n = sum(1 for s in known if s.group == std.group)
        pct = 100 * n / len(known) if known else None
        diff = pct - overall if pct is not None and overall is not None else None
        rows.append(BoardRow(label, n, len(known), len(chosen) - len(known), pct, diff))
    return rows


@dataclass(frozen=True)
class TrendLine:
    indicator: str
    group: str
    year: int
    percentage: float
    change: float | None
    lower95: float | None
    upper95: float | None
    beyond_chance: bool | None


def trends(ry: ReturnYear) -> list[TrendLine]:
    """Every survey indicator and group over the years present up to this one."""
    points = []
    for (indicator, group, year), row in _all_survey_figures(ry).items():
        if year > ry.year:
            continue
        f = Fig(indicator, group, year, float(row.percentage), row.base)
        points.append(Point(f"{indicator}\x1f{group}", year, f.percentage, f.positive, f.base))
    order = {i.code: n for n, i in enumerate(calendar.indicators(ry.standard))}
    lines = []
    for r in trend(points):
        indicator, group = r.series.split("\x1f")
        lines.append(
            TrendLine(
                indicator, group, r.year, r.value, r.change, r.lower95, r.upper95, r.beyond_chance
            )
        )
    std = standard_of(ry)
    lines.sort(key=lambda t: (order.get(t.indicator, 99), t.group != std.group, t.year))
    return lines


def years_present(ry: ReturnYear) -> list[int]:
    return sorted({t.year for t in trends(ry)})
