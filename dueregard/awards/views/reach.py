"""Who an award round reaches, by the characteristics nominees chose to share."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dueregard.core import monitoring
from dueregard.core.permissions import require

from ..models import Round
from ..services import reach as reach_service


@login_required
def reach(request, pk):
    rnd = request.scope.get_or_404(Round, pk=pk)
    require(request.scope, "awards.view_reach", rnd)
    categories = list(rnd.categories.all())
    wanted = request.GET.get("category", "")
    category = next((c for c in categories if str(c.pk) == wanted), None)
    return render(
        request,
        "awards/reach.html",
        {
            "round": rnd,
            "categories": categories,
            "category": category,
            "rows": monitoring.reach_cells(reach_service.table(rnd, category)),
        },
    )
