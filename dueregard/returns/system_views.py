"""The system view of WRES/WDES returns across the organisations of an ICS."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dueregard.core.permissions import requires
from dueregard.evidence.charts import funnel_chart
from dueregard.evidence.presenters import funnel_positions

from .models import ReturnYear, Standard
from .services import system


@login_required
@requires("returns.system")
def system_view(request):
    scope = request.scope
    returns = list(scope.query(ReturnYear).select_related("organisation"))
    standard = request.GET.get("standard", "WRES")
    if standard not in Standard.values:
        standard = "WRES"
    years = system.years(returns) or []
    try:
        year = int(request.GET.get("year", years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    views = system.indicator_views(returns, standard, year) if year else []
    charts = []
    for view in views:
        chart = funnel_chart(view, f"funnel-{view['code']}".replace("(", "").replace(")", ""))
        charts.append({"view": view, "chart": chart, "positions": funnel_positions(view)})
    return render(
        request,
        "returns/system.html",
        {
            "standard": standard,
            "year": year,
            "years": years,
            "standards": Standard.choices,
            "charts": charts,
            "late": system.late_returns(scope.organisations(), returns, standard, year)
            if year
            else [],
        },
    )
