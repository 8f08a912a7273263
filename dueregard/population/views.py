"""Who lives here: the Census 2021 profile of the areas served; loading the ONS file;
choosing the areas."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, requires

from . import presenters
from .forms import AreasForm, UploadForm
from .models import AreaPopulation
from .services import population


@login_required
@requires("population.view")
def index(request):
    scope = request.scope
    areas = population.latest_areas(population.served_codes(scope))
    return render(
        request,
        "population/index.html",
        {
            "areas": areas,
            "profile": population.profile(areas),
            "loaded": scope.query(AreaPopulation).exists(),
            "can_load": can(scope, "population.load"),
            "can_choose": can(scope, "population.choose_areas"),
        },
    )


@login_required
@requires("population.load")
@require_http_methods(["GET", "POST"])
def upload(request):
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: population.load_census(
                population.decode(data["file"]),
                actor=request.user,
                scope=request.scope,
                request=request,
            ),
        )
        if result.ok:
            kind, n = result.value
            text = (
                _("Loaded residents aged 16 to 64 by ethnic group for %(n)d areas.")
                if kind == "working_age"
                else _("Loaded %(n)d areas.")
            )
            messages.success(request, text % {"n": n})
            return redirect("population:index")
    return render(
        request, "population/upload.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@requires("population.choose_areas")
@require_http_methods(["GET", "POST"])
def areas(request):
    scope = request.scope
    choices = presenters.area_choices(scope.query(AreaPopulation))
    form = AreasForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"areas": population.served_codes(scope)},
    )
    if request.method == "POST":
        result = submit(
            form,
            lambda data: population.choose_areas(
                scope, data["areas"], actor=request.user, request=request
            ),
        )
        if result.ok:
            messages.success(request, _("The areas you serve are saved."))
            return redirect("population:index")
    return render(
        request,
        "population/areas.html",
        {"form": form, "has_areas": bool(choices)},
        status=400 if form.errors else 200,
    )
