"""Who a series reaches, by the characteristics people chose to share when booking."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dueregard.core import monitoring
from dueregard.core.permissions import require

from .. import presenters
from ..models import Series
from ..services import reach as reach_service


@login_required
def reach(request, pk):
    series = request.scope.get_or_404(Series, pk=pk)
    require(request.scope, "events.view_reach", series)
    return render(
        request,
        "events/reach.html",
        {
            "series": series,
            "rows": monitoring.reach_cells(reach_service.table(series)),
            "networks": presenters.network_reach(reach_service.by_network(series))
            if series.register_by_group
            else [],
        },
    )
