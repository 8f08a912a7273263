"""Programmes, cohorts (the open call and its calendar) and the reach table."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, require, requires

from .. import presenters
from ..forms import CohortForm, ProgrammeForm
from ..models import Application, Cohort, Programme
from ..services import programmes, selection
from ..services import reach as reach_service


def _status(form) -> int:
    return 400 if form.errors else 200


def load_programme(request, pk, rule="cohorts.view") -> Programme:
    programme = request.scope.get_or_404(Programme, pk=pk)
    require(request.scope, rule, programme)
    return programme


def load_cohort(request, pk, rule="cohorts.view") -> Cohort:
    cohort = request.scope.get_or_404(Cohort, pk=pk)
    require(request.scope, rule, cohort.programme)
    return cohort


@login_required
@requires("cohorts.view")
def index(request):
    scope = request.scope
    mine = (
        scope.query(Application)
        .filter(user=request.user)
        .select_related("cohort__programme")
        .order_by("-created_at")
    )
    return render(
        request,
        "cohorts/index.html",
        {
            "programmes": scope.query(Programme).prefetch_related("cohorts"),
            "mine": mine,
            "tags": presenters.STATUS_TAGS,
            "can_organise": can(scope, "cohorts.organise"),
        },
    )


@login_required
@requires("cohorts.organise")
@require_http_methods(["GET", "POST"])
def programme_create(request):
    form = ProgrammeForm(request.POST if request.method == "POST" else None)
    result = submit(
        form,
        lambda data: programmes.create_programme(
            actor=request.user, organisation=request.scope.organisation, request=request, **data
        ),
    )
    if request.method == "POST" and result.ok:
        messages.success(request, _("%(title)s is set up.") % {"title": result.value.title})
        return redirect("cohorts:programme", result.value.pk)
    return render(request, "cohorts/programme_form.html", {"form": form}, status=_status(form))


@login_required
def programme_detail(request, pk):
    programme = load_programme(request, pk)
    return render(
        request,
        "cohorts/programme_detail.html",
        {
            "programme": programme,
            "cohorts": programme.cohorts.all(),
            "manage": can(request.scope, "cohorts.manage", programme),
            "reach": can(request.scope, "cohorts.view_reach", programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request, pk):
    programme = load_programme(request, pk, "cohorts.manage")
    form = CohortForm(
        request.POST if request.method == "POST" else None,
        organisations=programmes.organisations_of(programme),
    )

    def create(data):
        data = dict(data)
        chosen = data.pop("eligible_organisations")
        return programmes.create_cohort(
            programme,
            actor=request.user,
            eligible_organisations=list(chosen),
            request=request,
            **data,
        )

    result = submit(form, create)
    if request.method == "POST" and result.ok:
        messages.success(request, _("The cohort and its open call are set up."))
        return redirect("cohorts:cohort", result.value.pk)
    return render(
        request,
        "cohorts/cohort_form.html",
        {"form": form, "programme": programme},
        status=_status(form),
    )


@login_required
def cohort_detail(request, pk):
    cohort = load_cohort(request, pk)
    programme, scope = cohort.programme, request.scope
    manage = can(scope, "cohorts.manage", programme)
    return render(
        request,
        "cohorts/cohort_detail.html",
        {
            "cohort": cohort,
            "programme": programme,
            "manage": manage,
            "open": cohort.is_open(programmes.today()),
            "can_apply": can(scope, "cohorts.apply", programme),
            "mine": cohort.applications.filter(user=request.user).first(),
            "eligibility": programmes.eligibility_summary(cohort),
            "modules": cohort.modules.select_related("session"),
            "on_panel": selection.member_for(cohort, request.user) is not None,
            "held": selection.places_held(cohort) if manage else None,
        },
    )


@login_required
def reach(request, pk):
    programme = load_programme(request, pk, "cohorts.view_reach")
    return render(
        request,
        "cohorts/reach.html",
        {
            "programme": programme,
            "rows": presenters.reach_rows(reach_service.table(programme)),
        },
    )
