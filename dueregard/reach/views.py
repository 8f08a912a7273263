"""Who our programmes reach: the overview of every programme, and the WRES indicator 4
view of access to non-mandatory training and development (ADR 0044)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dueregard.core.permissions import requires

from . import headcounts as staff_figures
from .forms import HeadcountForm
from .services import overview as overview_service
from .services import training as training_service


@login_required
@requires("reach.view")
def overview(request):
    return render(
        request,
        "reach/overview.html",
        {"sections": overview_service.sections(request.scope)},
    )


@login_required
@requires("reach.view")
def training(request):
    form = HeadcountForm(request.GET or None)
    imported = None if form.is_bound else staff_figures.latest(request.scope)
    if imported is not None:  # the newest imported staff file, until other figures are given
        form = HeadcountForm(
            initial={"white_staff": imported.white, "minority_staff": imported.minority}
        )
        headcounts = (imported.white, imported.minority)
    else:
        headcounts = form.headcounts() if form.is_bound else None
    return render(
        request,
        "reach/wres4.html",
        {
            "form": form,
            "headcounts": headcounts,
            "imported": imported,
            "lines": training_service.lines(request.scope, headcounts),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
