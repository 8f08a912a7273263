"""Decisions: load (request.scope), authorise, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import attempt, submit
from dueregard.core.permissions import can, require, requires
from dueregard.publishing import narrative
from dueregard.publishing.responses import download as download_response

from .. import presenters
from ..forms import DecisionForm, SignOffForm
from ..models import Action, Assessment, Decision, DecisionStatus
from ..services import (
    checks,
    copying,
    decisions,
    eds_link,
    framework,
    legal,
    public,
    reviews,
    specialist,
)
from ..services import document as documents
from ..services import narrative as idmf_narrative
from . import pages, partners

DOWNLOAD_FORMATS = ("pdf", "docx")


def _current(decision: Decision) -> Assessment:
    assessment = decision.current_assessment()
    if assessment is None:
        raise Http404("No assessment.")
    return assessment


@login_required
@requires("idmf.view")
def index(request):
    scope = request.scope
    all_decisions = decisions.register(scope)
    status = request.GET.get("status", "")
    valid = {code for code, _ in DecisionStatus.choices}
    shown = [d for d in all_decisions if d.status == status] if status in valid else all_decisions
    return render(
        request,
        "idmf/index.html",
        {
            "rows": presenters.register_rows(shown),
            "counts": presenters.status_counts(all_decisions),
            "status": status if status in valid else "",
            "can_create": can(scope, "idmf.create"),
        },
    )


@login_required
@requires("idmf.view")
def overview(request):
    scope = request.scope
    decisions_qs = scope.query(Decision).select_related("organisation", "system")
    all_decisions = list(decisions_qs)
    current = [
        a
        for a in scope.query(Assessment)
        .select_related("decision", "framework", "characteristics_framework")
        .prefetch_related("impacts")
        .order_by("decision_id", "-version")
    ]
    latest: dict[int, Assessment] = {}
    for a in current:
        latest.setdefault(a.decision_id, a)
    return render(
        request,
        "idmf/overview.html",
        {
            "counts": presenters.status_counts(all_decisions),
            "due_reviews": list(reviews.due_reviews(scope.query(Assessment))),
            "overdue_actions": [
                a
                for a in reviews.overdue_actions(scope.query(Action))
                if latest.get(a.assessment.decision_id) == a.assessment
            ],
            "negative_groups": presenters.negative_groups(latest.values()),
            "design_groups": presenters.design_group_counts(all_decisions),
            "organisations": presenters.organisation_counts(all_decisions)
            if scope.is_system
            else [],
            "shares": eds_link.decision_assessment_share(scope),
        },
    )


@login_required
@requires("idmf.create")
@require_http_methods(["GET", "POST"])
def new(request):
    scope = request.scope
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: decisions.create_decision(
                actor=request.user,
                system=scope.system,
                organisation=scope.organisation,
                request=request,
                **data,
            ),
        )
        if result.ok:
            messages.success(request, "The proposal is in the register. Start with the screening.")
            return redirect("idmf:screening", result.value.pk)
    return render(
        request, "idmf/decision_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    decision = request.scope.get_or_404(Decision, pk=pk)
    require(request.scope, "idmf.edit", decision)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: decisions.update_decision(
                decision, actor=request.user, request=request, **data
            ),
        )
        if result.ok:
            messages.success(request, "The register details were saved.")
            return redirect("idmf:detail", decision.pk)
        decision.refresh_from_db()  # keep the row as it was while showing what was typed
    return render(
        request,
        "idmf/decision_form.html",
        {"form": form, "decision": decision},
        status=400 if form.errors else 200,
    )


@login_required
def detail(request, pk):
    scope = request.scope
    decision, partner = partners.reach(request, pk, "idmf.view")
    assessment = _current(decision)
    can_edit = can(scope, "idmf.edit", decision)
    committee = getattr(assessment, "committee_decision", None)
    today = timezone.localdate()
    review_due = bool(
        assessment.is_signed_off and assessment.review_date and assessment.review_date <= today
    )
    return render(
        request,
        "idmf/detail.html",
        {
            "decision": decision,
            "assessment": assessment,
            "tag": presenters.status_tag(decision),
            "tasks": presenters.task_list(assessment, can_edit or partner, partner=partner),
            "partner": partner,
            "progress": presenters.progress(assessment),
            "versions": list(decision.assessments.order_by("-version")),
            "can_edit": can_edit,
            "can_sign_off": can(scope, "idmf.sign_off", decision),
            "review_due": review_due,
            "open_actions": list(assessment.actions.filter(completed_on__isnull=True)),
            "committee": committee,
            "attendees": presenters.attendees_text(committee),
            "can_committee": can(scope, "idmf.committee", decision),
            "references": legal.references(decision),
            "coauthors": list(decision.coauthors.select_related("user")),
            "can_manage_coauthors": can(scope, "idmf.coauthors", decision),
            "specialist": specialist.latest(assessment),
            "fresh": assessment.is_current
            and not assessment.is_signed_off
            and copying.is_fresh(assessment),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def screening(request, pk):
    decision, _partner = partners.reach(request, pk)
    assessment = _current(decision)
    form = pages.screening_form(assessment, request.POST or None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: decisions.screen(assessment, data, actor=request.user, request=request),
        )
        if result.ok:
            messages.success(
                request,
                "The screening found the proposal relevant: complete the six steps."
                if result.value
                else "The screening found the proposal not relevant. Your reason is recorded.",
            )
            return redirect("idmf:detail", decision.pk)
    return pages.render_screening(
        request, decision, assessment, form=form, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request, pk, step):
    decision, _partner = partners.reach(request, pk)
    assessment = _current(decision)
    spec = framework.idmf(assessment)
    try:
        current_step = spec.step(step)
    except KeyError as exc:
        raise Http404("No such step.") from exc
    if assessment.screening_result != Assessment.Screening.RELEVANT:
        messages.error(request, _not_relevant_message(assessment))
        return redirect("idmf:detail", decision.pk)
    data = request.POST if request.method == "POST" else None
    secondary = _secondary_button(request, assessment) if data is not None else None
    draft = data is not None and ("save_draft" in data or secondary is not None)
    form, grid = pages.step_forms(assessment, step, data, draft=draft)
    if request.method == "POST":
        valid = form.is_valid() & (grid.is_valid() if grid is not None else True)
        complete = not draft
        if secondary is not None:  # keep the step's "completed" only if it still is complete
            strict, _grid = pages.step_forms(assessment, step, data)
            complete = step in assessment.completed_steps and strict.is_valid()
        save = lambda: _save_step(request, assessment, step, form, grid, complete)  # noqa: E731
        if valid and attempt(form, save).ok:
            if secondary is not None:
                return redirect(secondary)
            if draft:
                messages.success(
                    request, f"Step {current_step.number} saved. You can come back to it."
                )
                return redirect("idmf:detail", decision.pk)
            later = [s for s in spec.steps if s.number > current_step.number]
            if later:
                return redirect("idmf:step", pk=decision.pk, step=later[0].code)
            return redirect("idmf:detail", decision.pk)
    errors = bool(form.errors or (grid is not None and grid.errors))
    return pages.render_step(
        request,
        decision,
        assessment,
        current_step,
        forms=(form, grid),
        status=400 if errors else 200,
    )


def _save_step(request, assessment, step, form, grid, complete) -> None:
    """The step's answers and, on the impact step, the grid: one service call each."""
    if grid is not None:
        decisions.save_impacts(assessment, grid.grid(), actor=request.user, request=request)
    decisions.save_step(
        assessment, step, form.cleaned_data, complete=complete, actor=request.user, request=request
    )


def _not_relevant_message(assessment) -> str:
    if assessment.screening_result == Assessment.Screening.NOT_RELEVANT:
        return gettext(
            "The screening found the proposal not relevant, so it has no steps to complete."
        )
    return gettext("Complete the screening first.")


def _secondary_button(request, assessment) -> str | None:
    """Where "Add engagement" or "Add an action" leads, after what was typed is saved.

    Both are submit buttons of the step's form, so typed text is never lost on them.
    """
    pk = assessment.decision_id
    if "add_engagement" in request.POST:
        return reverse("idmf:add-engagement", args=[pk])
    if "add_action" in request.POST:
        target = reverse("idmf:add-action", args=[pk])
        group = request.POST.get("add_action", "")
        if group in set(framework.groups(assessment).codes):
            target += "?" + urlencode({"group": group})
        return target
    return None


@login_required
@require_http_methods(["GET", "POST"])
def sign_off(request, pk):
    scope = request.scope
    decision = scope.get_or_404(Decision, pk=pk)
    require(scope, "idmf.view", decision)
    assessment = _current(decision)
    spec = framework.idmf(assessment)
    allowed = can(scope, "idmf.sign_off", decision)
    screened_out = assessment.screening_result == Assessment.Screening.NOT_RELEVANT
    problems = [] if screened_out else checks.problems(assessment)
    committee = getattr(assessment, "committee_decision", None)
    initial = {"decided_on": committee.meeting_date} if committee is not None else {}
    form = SignOffForm(spec, request.POST or None, initial=initial)
    if request.method == "POST":
        require(scope, "idmf.sign_off", decision)
        result = submit(
            form,
            lambda data: decisions.sign_off(
                assessment,
                actor=request.user,
                statements=form.statements(),
                decided_on=data["decided_on"],
                request=request,
            ),
        )
        if result.ok:
            messages.success(request, gettext("The assessment is signed off."))
            return redirect("idmf:detail", decision.pk)
    return render(
        request,
        "idmf/sign_off.html",
        {
            "form": form,
            "decision": decision,
            "assessment": assessment,
            "problems": problems,
            "screened_out": screened_out,
            "allowed": allowed,
            "is_owner": decision.owner_id == request.user.pk,
            "committee": committee,
            "document": documents.build(assessment),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def start_review(request, pk):
    scope = request.scope
    decision = scope.get_or_404(Decision, pk=pk)
    require(scope, "idmf.edit", decision)
    try:
        new = decisions.start_review(decision, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            f"Version {new.version} is open for review. Version {new.version - 1} stays readable.",
        )
    return redirect("idmf:detail", decision.pk)


@login_required
@require_POST
def publish(request, pk):
    scope = request.scope
    decision = scope.get_or_404(Decision, pk=pk)
    require(scope, "idmf.publish", decision)
    wanted = request.POST.get("publish") == "yes"
    found = narrative.findings(idmf_narrative.fields(decision)) if wanted else []
    if not narrative.confirm_or_warn(request, f"idmf:{decision.pk}", found):
        return redirect("idmf:detail", decision.pk)
    try:
        decisions.set_published(decision, wanted, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            "The public summary is published." if wanted else "The public summary is withdrawn.",
        )
    return redirect("idmf:detail", decision.pk)


@login_required
def record(request, pk):
    scope = request.scope
    assessment = scope.get_or_404(Assessment, pk=pk)
    require(scope, "idmf.view", assessment.decision)
    return render(
        request,
        "idmf/record.html",
        {
            "assessment": assessment,
            "decision": assessment.decision,
            "document": documents.build(assessment),
        },
    )


@login_required
def download(request, pk, fmt):
    scope = request.scope
    assessment = scope.get_or_404(Assessment, pk=pk)
    require(scope, "idmf.view", assessment.decision)
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404("No such format.")
    return download_response(
        documents.build(assessment),
        fmt,
        f"idmf-{assessment.decision.title}-v{assessment.version}",
    )


def public_summary(request, slug):
    decision = _published(slug)
    assessment = _signed_version(decision)
    return render(
        request,
        "idmf/public.html",
        {"decision": decision, "document": documents.build_public(assessment)},
    )


def _published(slug: str) -> Decision:
    decision = public.published_decision(slug)
    if decision is None:
        raise Http404("Not published.")
    return decision


def _signed_version(decision: Decision) -> Assessment:
    assessment = public.latest_signed(decision)
    if assessment is None:
        raise Http404("Not published.")
    return assessment
