"""The system view across an ICS: every organisation's survey indicators side by side, a
funnel plot of each across them (the evidence engine's funnels), and late returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from dueregard.analytics.workforce.survey_summary import SurveyFigure as Fig
from dueregard.evidence.services.figures import funnel

from ..models import SurveyFigure
from . import calendar
from .cycle import is_late
from .figures import standard_of

# Who makes WRES and WDES returns: NHS trusts, and ICBs (from 2022). Others appear only
# when they chose to start a year.
MANDATED_TYPES = {"nhs_trust", "icb"}


@dataclass(frozen=True)
class Late:
    organisation: str
    stage: str
    deadline: dt.date


def years(returns) -> list[int]:
    return sorted({r.year for r in returns}, reverse=True)


def late_returns(
    organisations, returns, standard: str, year: int, today: dt.date | None = None
) -> list[Late]:
    """Organisations past the publication deadline without a published report."""
    today = today or timezone.localdate()
    deadline = calendar.dates(standard, year).publication_deadline
    by_org = {r.organisation_id: r for r in returns if r.standard == standard and r.year == year}
    out = []
    for org in organisations:
        ry = by_org.get(org.pk)
        if ry is None and today > deadline and org.type in MANDATED_TYPES:
            out.append(Late(org.name, "Not started", deadline))
        elif ry is not None and is_late(ry, today):
            out.append(Late(org.name, str(ry.get_stage_display()), deadline))
    return out


def indicator_views(returns, standard: str, year: int) -> list[dict]:
    """One funnel view per survey indicator: each organisation's group-of-interest
    percentage against its base, with 95% and 99.8% limits around the system's value."""
    chosen = [r for r in returns if r.standard == standard and r.year == year]
    if not chosen:
        return []
    std = standard_of(chosen[0])
    names = {r.pk: r.organisation.name for r in chosen}
    figs = SurveyFigure.objects.filter(
        return_year__in=[r.pk for r in chosen], survey_year=year, group=std.group
    )
    rows_by: dict[str, list[dict]] = {}
    for f in figs:
        fig = Fig(f.indicator, f.group, f.survey_year, float(f.percentage), f.base)
        rows_by.setdefault(f.indicator, []).append(
            {
                "group": names[f.return_year_id],
                "numerator": fig.positive,
                "denominator": fig.base,
                "value": fig.percentage,
                "comparable": True,
            }
        )
    views = []
    for item in std.survey:
        rows = sorted(rows_by.get(item.code, []), key=lambda r: r["group"])
        if not rows:
            continue
        views.append(
            {
                "code": item.code,
                "type": "funnel",
                "measure": f"{standard} {item.code}: {item.title} ({std.group})",
                "statistic": "Percentage",
                "unit": "%",
                "denominator_label": "Respondents (base)",
                "rows": rows,
                "funnel": funnel(rows, statistic="proportion", scale=100),
            }
        )
    return views
