"""Who the programme reaches, by the characteristics participants chose to share."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dueregard.core.permissions import require

from .. import presenters
from ..models import Programme
from ..services import reach as reach_service


@login_required
def reach(request, pk):
    programme = request.scope.get_or_404(Programme, pk=pk)
    require(request.scope, "mentoring.view_summary", programme)
    return render(
        request,
        "mentoring/reach.html",
        {"programme": programme, "rows": presenters.reach_rows(reach_service.table(programme))},
    )
