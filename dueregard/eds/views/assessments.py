"""Assessments: the list, creating one, its page, stages, services, coverage, checks,
sign-off, publication, reopening, objectives and the system view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, require, requires
from dueregard.publishing import narrative, responses

from .. import presenters
from ..forms import AssessmentForm, ObjectiveForm, ServiceForm
from ..models import LocalInterest, Objective, Service, Stage
from ..services import assessments, plan, publication, system
from ..services import narrative as eds_narrative
from ..services.visibility import visible_assessments
from .common import confirm_removal, load_assessment


@login_required
@requires("eds.view")
def index(request):
    rows = visible_assessments(request.scope).select_related("framework", "organisation")
    return render(request, "eds/index.html", {"assessments": rows})


@login_required
@requires("eds.manage")
@require_http_methods(["GET", "POST"])
def create(request):
    form = AssessmentForm(request.POST or None, framework_choices=assessments.framework_choices())
    if request.method == "POST":
        done = submit(
            form,
            lambda data: assessments.create(
                request.scope,
                request.user,
                framework_code=data["framework"],
                **{k: v for k, v in data.items() if k != "framework"},
            ),
        )
        if done.ok:
            messages.success(request, _("Assessment \u201c%s\u201d created.") % done.value)
            return redirect("eds:detail", pk=done.value.pk)
    return render(request, "eds/create.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def detail(request, pk):
    assessment = load_assessment(request, pk)
    framework = assessments.framework_of(assessment)
    context = {
        "assessment": assessment,
        "framework": framework,
        "goals": presenters.outcome_rows(request.scope, assessment, request.user),
        "stages": presenters.stages(assessment),
        "services": request.scope.query(Service).filter(assessment=assessment),
        "per_service": any(g.per_service for g in framework.goals),
        "can_change": can(request.scope, "eds.change", assessment),
        "can_sign_off": can(request.scope, "eds.sign_off"),
        "can_publish": can(request.scope, "eds.publish"),
        "movable_stages": [
            (s.value, s.label) for s in Stage if s not in (Stage.SIGN_OFF, Stage.PUBLISHED)
        ],
        "revisions": assessments.earlier_revisions(assessment),
        "local_interests": request.scope.query(LocalInterest).filter(assessment=assessment),
    }
    return render(request, "eds/detail.html", context)


@login_required
@require_POST
def move_stage(request, pk):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    try:
        assessments.move_to(assessment, request.user, request.POST.get("stage", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Stage changed to %s.") % assessment.get_stage_display())
    return redirect("eds:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def add_service(request, pk):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    form = ServiceForm(request.POST or None)
    if request.method == "POST":
        done = submit(form, lambda data: assessments.add_service(assessment, request.user, **data))
        if done.ok:
            messages.success(request, _("Service \u201c%s\u201d added.") % done.value.name)
            return redirect("eds:detail", pk=pk)
    return render(
        request,
        "eds/service_form.html",
        {"form": form, "assessment": assessment, "service": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_service(request, pk, service_pk):
    assessment = load_assessment(request, pk)
    service = request.scope.get_or_404(Service, pk=service_pk, assessment=assessment)
    require(request.scope, "eds.change", assessment)
    form = ServiceForm(
        request.POST or None, initial={"name": service.name, "description": service.description}
    )
    if request.method == "POST":
        done = submit(form, lambda data: assessments.update_service(service, request.user, **data))
        if done.ok:
            messages.success(request, _("Service \u201c%s\u201d saved.") % service.name)
            return redirect("eds:detail", pk=pk)
    return render(
        request,
        "eds/service_form.html",
        {"form": form, "assessment": assessment, "service": service},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_service(request, pk, service_pk):
    assessment = load_assessment(request, pk)
    service = request.scope.get_or_404(Service, pk=service_pk, assessment=assessment)
    require(request.scope, "eds.change", assessment)
    return confirm_removal(
        request,
        assessment,
        remove=lambda: assessments.remove_service(service, request.user),
        what=_("the service \u201c%s\u201d") % service.name,
        consequence=_(
            "Its %(evidence)s item(s) of evidence and %(grades)s grade(s) are removed "
            "with it. This cannot be undone."
        )
        % assessments.service_dependants(service),
        back=reverse("eds:detail", args=[pk]),
        done_message=_("Service \u201c%s\u201d removed.") % service.name,
    )


@login_required
def coverage(request, pk):
    assessment = load_assessment(request, pk)
    columns, rows = presenters.coverage_rows(request.scope, assessment, request.user)
    return render(
        request, "eds/coverage.html", {"assessment": assessment, "columns": columns, "rows": rows}
    )


@login_required
def check_list(request, pk):
    assessment = load_assessment(request, pk)
    shown, withheld = presenters.visible_problems(request.scope, assessment, request.user)
    return render(
        request,
        "eds/checks.html",
        {"assessment": assessment, "problems": shown, "withheld": withheld},
    )


@login_required
@require_POST
def sign_off(request, pk):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.sign_off")
    try:
        publication.sign_off(assessment, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("eds:checks", pk=pk)
    messages.success(request, _("Signed off. The agreed grades are now the record."))
    return redirect("eds:detail", pk=pk)


@login_required
@require_POST
def publish(request, pk):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.publish")
    found = narrative.findings(eds_narrative.fields(assessment))  # small numbers in text
    if not narrative.confirm_or_warn(request, f"eds:{assessment.pk}", found):
        return redirect("eds:detail", pk=pk)
    try:
        publication.publish(assessment, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Published. The public page is live."))
    return redirect("eds:detail", pk=pk)


@login_required
@require_POST
def reopen(request, pk):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.manage")
    try:
        new = assessments.reopen(assessment, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("eds:detail", pk=pk)
    messages.success(
        request,
        _("Reopened as revision %(new)s. Revision %(old)s stays as published.")
        % {"new": new.revision, "old": assessment.revision},
    )
    return redirect("eds:detail", pk=new.pk)


@login_required
@requires("eds.view")
@require_http_methods(["GET", "POST"])
def objectives(request):
    form = ObjectiveForm(request.POST or None, outcomes=plan.objective_outcome_choices())
    if request.method == "POST":
        require(request.scope, "eds.manage")
        done = submit(form, lambda data: plan.add_objective(request.scope, request.user, **data))
        if done.ok:
            messages.success(request, _("Equality objective added."))
            return redirect("eds:objectives")
    return render(
        request,
        "eds/objectives.html",
        {
            "form": form,
            "objectives": request.scope.query(Objective),
            "can_manage": can(request.scope, "eds.manage"),
        },
        status=400 if form.errors else 200,
    )


def _system_grid(request):
    return system.grid(
        visible_assessments(request.scope),
        request.scope,
        request.user,
        stage=request.GET.get("stage", ""),
        framework=request.GET.get("framework", ""),
        organisation=request.GET.get("organisation", ""),
    )


@login_required
@requires("eds.system_view")
def system_view(request):
    return render(request, "eds/system.html", {"grid": _system_grid(request)})


@login_required
@requires("eds.system_view")
def system_csv(request):
    return responses.download(system.as_document(_system_grid(request)), "csv", "eds-system")
