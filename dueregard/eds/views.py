"""EDS views: load through the scope, authorise, call one service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_rendering import add_service_errors
from dueregard.core.models import Membership
from dueregard.core.permissions import can, require, requires
from dueregard.core.roles import Role
from dueregard.publishing import formats as publishing_formats
from dueregard.publishing import responses

from . import attachments, presenters
from .forms import (
    ActionForm,
    ActionStatusForm,
    AssessmentForm,
    EvidenceForm,
    GradeForm,
    LeadForm,
    ObjectiveForm,
    ServiceForm,
)
from .models import Action, Assessment, Evidence, Grading, Objective, OutcomeLead, Service, Stage
from .services import assessments, checks, evidence, grading, plan, publication

# a11y: every format the publishing app offers (large print, Braille, audio, ...)
DOWNLOAD_FORMATS = publishing_formats.REPORT_FORMATS


def _assessment(request, pk) -> Assessment:
    assessment = request.scope.get_or_404(Assessment, pk=pk)
    require(request.scope, "eds.view")
    return assessment


@login_required
@requires("eds.view")
def index(request):
    rows = request.scope.query(Assessment).select_related("framework", "organisation")
    return render(request, "eds/index.html", {"assessments": rows})


@login_required
@requires("eds.manage")
@require_http_methods(["GET", "POST"])
def create(request):
    form = AssessmentForm(request.POST or None, framework_choices=assessments.framework_choices())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            assessment = assessments.create(
                request.scope, request.user, framework_code=data.pop("framework"), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Assessment \u201c{assessment}\u201d created.")
            return redirect("eds:detail", pk=assessment.pk)
    return render(request, "eds/create.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def detail(request, pk):
    assessment = _assessment(request, pk)
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
        "history": [
            a for a in request.scope.query(Assessment).filter(public_slug=assessment.public_slug)
        ],
        "revisions": _revisions(assessment),
    }
    return render(request, "eds/detail.html", context)


def _revisions(assessment):
    chain, node = [], assessment
    while node.previous_id:
        node = node.previous
        chain.append(node)
    return chain


@login_required
@require_POST
def move_stage(request, pk):
    assessment = _assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    try:
        assessments.move_to(assessment, request.user, request.POST.get("stage", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Stage changed to {assessment.get_stage_display()}.")
    return redirect("eds:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def add_service(request, pk):
    assessment = _assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessments.add_service(assessment, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Service \u201c{form.cleaned_data['name']}\u201d added.")
            return redirect("eds:detail", pk=pk)
    return render(
        request,
        "eds/add_service.html",
        {"form": form, "assessment": assessment},
        status=400 if form.errors else 200,
    )


def _outcome_context(
    request, assessment, code, *, evidence_form=None, grade_form=None, lead_form=None
):
    framework = assessments.framework_of(assessment)
    try:
        outcome = framework.outcome(code)
    except KeyError as exc:
        raise Http404("No such outcome in this framework.") from exc
    goal = next(g for g in framework.goals if outcome in g.outcomes)
    services = list(request.scope.query(Service).filter(assessment=assessment))
    service = None
    if goal.per_service and services:
        wanted = request.GET.get("service") or request.POST.get("grade_service")
        service = next((s for s in services if str(s.pk) == wanted), services[0])
    scope = request.scope
    user = request.user
    visible = grading.may_see_other_grades(scope, assessment, user, outcome.code, service)
    views = [
        g
        for g in request.scope.query(Grading)
        .filter(assessment=assessment, outcome_code=outcome.code, service=service)
        .select_related("grader")
        if visible or g.grader_id == user.pk
    ]
    factors = [(f.code, f.name) for f in framework.grading_factors]
    grades = [
        (g.code, presenters.grade_label(framework, g.code)) for g in reversed(framework.grades)
    ]
    is_panel = scope.has_role(Role.PANEL_MEMBER)
    is_chair = can(scope, "eds.record_for_panel")
    members = None
    if is_chair:
        panel = (
            request.scope.query(Membership)
            .active()
            .filter(role=Role.PANEL_MEMBER)
            .select_related("user")
        )
        members = [("", "Choose")] + [
            (str(m.user_id), m.user.full_name or m.user.email) for m in panel
        ]
    own = next(
        (g for g in views if g.grader_id == user.pk and g.source == Grading.Source.PANEL_MEMBER),
        None,
    )
    initial = (
        {
            "grade": own.grade_code,
            **{f"reason_{k}": v for k, v in own.reasons.items()},
            "represents": own.represents,
        }
        if own
        else {}
    )
    if (
        grade_form is None
        and (is_panel or is_chair)
        and assessment.stage in grading.GRADING_STAGES
        and not assessment.is_locked
    ):
        grade_form = GradeForm(
            initial=initial,
            grades=grades,
            factors=factors,
            show_on_behalf=is_chair,
            show_represents=is_panel,
            members=members,
        )
    columns, coverage_rows = evidence.coverage(assessment)
    coverage_row = next(r for r in coverage_rows if r.outcome_code == outcome.code)
    can_change = can(scope, "eds.change", assessment)
    if evidence_form is None and can_change:
        evidence_form = EvidenceForm(
            characteristics=evidence.characteristic_codes(),
            factors=factors,
            services=services if goal.per_service else None,
        )
    lead = (
        request.scope.query(OutcomeLead)
        .filter(assessment=assessment, outcome_code=outcome.code)
        .first()
    )
    if lead_form is None and can_change:
        lead_form = LeadForm(initial={"lead_contact": lead.lead_contact if lead else ""})
    items = (
        request.scope.query(Evidence)
        .filter(assessment=assessment, outcome_code=outcome.code)
        .select_related("service")
    )
    if service is not None:
        items = items.filter(service=service)
    names = dict(columns)
    return {
        "assessment": assessment,
        "framework": framework,
        "outcome": outcome,
        "goal": goal,
        "services": services,
        "service": service,
        "attachment_templates": attachments.templates(),
        "evidence": [
            {
                "item": e,
                "groups": [names.get(c, c) for c in e.characteristics],
                "factors": [dict(factors).get(f, f) for f in e.factors],
            }
            for e in items
        ],
        "views": [
            {
                "source": g.get_source_display(),
                "who": g.represents or (g.grader.full_name if g.grader else ""),
                "grade": presenters.grade_label(framework, g.grade_code),
                "reasons": [(dict(factors).get(k, "Reasons"), v) for k, v in g.reasons.items()],
                "on_behalf_of": g.on_behalf_of,
            }
            for g in views
        ],
        "visible": visible,
        "suggestion": coverage_row.suggested_grade if visible else None,
        "coverage_word": coverage_row.coverage_word,
        "grade_form": grade_form,
        "evidence_form": evidence_form,
        "lead_form": lead_form,
        "lead": lead,
        "can_change": can_change,
        "register_share": _register_share(request.scope, assessment, outcome.code),
        "form": grade_form
        if grade_form is not None and grade_form.errors
        else (evidence_form if evidence_form is not None and evidence_form.errors else lead_form),
    }


def _register_share(scope, assessment, code):
    """EDS 2022 outcome 3B draws evidence from the decision register (IDMF)."""
    if assessment.framework.code != "eds-2022" or code != "3B":
        return None
    from dueregard.idmf.services.eds_link import decision_assessment_share

    return decision_assessment_share(scope)


@login_required
@require_POST
def add_register_evidence(request, pk, code):
    assessment = _assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    rows = _register_share(request.scope, assessment, code)
    if rows is None:
        raise Http404("Only EDS 2022 outcome 3B draws on the decision register.")
    text = "; ".join(f"{r.body} {r.year}: {r.share_text} with a completed assessment" for r in rows)
    evidence.add(
        assessment,
        request.user,
        outcome_code=code,
        kind=Evidence.Kind.TEXT,
        title="Decisions with a completed equality and health inequalities assessment",
        text=text or "No decisions in the register yet.",
    )
    messages.success(request, "The decision register's figures were added as evidence.")
    return redirect("eds:outcome", pk=pk, code=code)


@login_required
def outcome(request, pk, code):
    assessment = _assessment(request, pk)
    return render(request, "eds/outcome.html", _outcome_context(request, assessment, code))


@login_required
@require_POST
def add_evidence(request, pk, code):
    assessment = _assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    framework = assessments.framework_of(assessment)
    services = list(request.scope.query(Service).filter(assessment=assessment))
    try:
        goal = next(g for g in framework.goals if any(o.code == code for o in g.outcomes))
    except StopIteration as exc:
        raise Http404("No such outcome.") from exc
    form = EvidenceForm(
        request.POST,
        request.FILES,
        characteristics=evidence.characteristic_codes(),
        factors=[(f.code, f.name) for f in framework.grading_factors],
        services=services if goal.per_service else None,
    )
    if form.is_valid():
        data = form.cleaned_data
        service = next((s for s in services if str(s.pk) == data.get("service")), None)
        try:
            evidence.add(
                assessment,
                request.user,
                outcome_code=code,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                url=data["url"] or "",
                document=data.get("document"),
                characteristics=data["characteristics"],
                factors=data.get("factors", []),
                service=service,
                may_be_published=data["may_be_published"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Evidence \u201c{data['title']}\u201d added to outcome {code}."
            )
            url = reverse("eds:outcome", kwargs={"pk": pk, "code": code})
            return redirect(url + (f"?service={service.pk}" if service else ""))
    return render(
        request,
        "eds/outcome.html",
        _outcome_context(request, assessment, code, evidence_form=form),
        status=400,
    )


@login_required
@require_POST
def set_lead(request, pk, code):
    assessment = _assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    form = LeadForm(request.POST)
    if form.is_valid():
        try:
            assessments.set_outcome_lead(
                assessment, request.user, code, form.cleaned_data["lead_contact"]
            )
        except KeyError as exc:
            raise Http404("No such outcome.") from exc
        messages.success(request, f"Lead contact for outcome {code} saved.")
        return redirect("eds:outcome", pk=pk, code=code)
    return render(
        request,
        "eds/outcome.html",
        _outcome_context(request, assessment, code, lead_form=form),
        status=400,
    )


@login_required
@require_POST
def grade(request, pk, code):
    assessment = _assessment(request, pk)
    scope = request.scope
    is_panel = scope.has_role(Role.PANEL_MEMBER)
    is_chair = can(scope, "eds.record_for_panel")
    if not (is_panel or is_chair):
        require(scope, "eds.grade_as_panel_member")
    framework = assessments.framework_of(assessment)
    factors = [(f.code, f.name) for f in framework.grading_factors]
    grades = [
        (g.code, presenters.grade_label(framework, g.code)) for g in reversed(framework.grades)
    ]
    members = None
    panel = {}
    if is_chair:
        panel = {
            str(m.user_id): m.user
            for m in scope.query(Membership)
            .active()
            .filter(role=Role.PANEL_MEMBER)
            .select_related("user")
        }
        members = [("", "Choose")] + [(k, u.full_name or u.email) for k, u in panel.items()]
    form = GradeForm(
        request.POST,
        grades=grades,
        factors=factors,
        show_on_behalf=is_chair,
        show_represents=is_panel,
        members=members,
    )
    if form.is_valid():
        data = form.cleaned_data
        services = list(scope.query(Service).filter(assessment=assessment))
        service = next(
            (s for s in services if str(s.pk) == request.POST.get("grade_service")), None
        )
        source, grader = Grading.Source.PANEL_MEMBER, request.user
        if is_chair:
            source = {
                "organisation": Grading.Source.ORGANISATION,
                "panel_agreed": Grading.Source.PANEL_AGREED,
            }.get(data["source"], Grading.Source.PANEL_MEMBER)
            grader = panel.get(data.get("member")) if data["source"] == "on_behalf" else None
        try:
            grading.record(
                assessment,
                request.user,
                outcome_code=code,
                source=source,
                grade_code=data["grade"],
                reasons=form.reasons(),
                service=service,
                on_behalf_of=data.get("on_behalf_of", ""),
                represents=data.get("represents", ""),
                grader=grader,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except KeyError as exc:
            raise Http404("No such outcome.") from exc
        else:
            messages.success(request, f"Grade for outcome {code} saved.")
            url = f"{request.path.rsplit('/grade/', 1)[0]}/"
            return redirect(url + (f"?service={service.pk}" if service else ""))
    return render(
        request,
        "eds/outcome.html",
        _outcome_context(request, assessment, code, grade_form=form),
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_evidence(request, pk, evidence_pk):
    assessment = _assessment(request, pk)
    item = request.scope.get_or_404(Evidence, pk=evidence_pk, assessment=assessment)
    require(request.scope, "eds.change", assessment)
    if request.method == "POST":
        evidence.remove(item, request.user)
        messages.success(request, f"Evidence \u201c{item.title}\u201d removed.")
        return redirect("eds:outcome", pk=pk, code=item.outcome_code)
    return render(request, "eds/remove_evidence.html", {"assessment": assessment, "item": item})


@login_required
def coverage(request, pk):
    assessment = _assessment(request, pk)
    columns, rows = evidence.coverage(assessment)
    return render(
        request, "eds/coverage.html", {"assessment": assessment, "columns": columns, "rows": rows}
    )


@login_required
def check_list(request, pk):
    assessment = _assessment(request, pk)
    return render(
        request,
        "eds/checks.html",
        {"assessment": assessment, "problems": checks.problems(assessment)},
    )


@login_required
@require_POST
def sign_off(request, pk):
    assessment = _assessment(request, pk)
    require(request.scope, "eds.sign_off")
    try:
        publication.sign_off(assessment, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("eds:checks", pk=pk)
    messages.success(request, "Signed off. The agreed grades are now the record.")
    return redirect("eds:detail", pk=pk)


@login_required
@require_POST
def publish(request, pk):
    assessment = _assessment(request, pk)
    require(request.scope, "eds.publish")
    try:
        publication.publish(assessment, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Published. The public page is live.")
    return redirect("eds:detail", pk=pk)


@login_required
@require_POST
def reopen(request, pk):
    assessment = _assessment(request, pk)
    require(request.scope, "eds.manage")
    try:
        new = assessments.reopen(assessment, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("eds:detail", pk=pk)
    messages.success(
        request,
        f"Reopened as revision {new.revision}. Revision {assessment.revision} stays as published.",
    )
    return redirect("eds:detail", pk=new.pk)


@login_required
@require_http_methods(["GET", "POST"])
def action_plan(request, pk):
    assessment = _assessment(request, pk)
    framework = assessments.framework_of(assessment)
    objectives = request.scope.query(Objective)
    form = ActionForm(
        request.POST or None,
        outcomes=[(o.code, f"{o.code} {o.title or o.statement}"[:90]) for o in framework.outcomes],
        objectives=[(str(o.pk), str(o)) for o in objectives],
    )
    if request.method == "POST":
        require(request.scope, "eds.manage")
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["objective"] = next(
                (o for o in objectives if str(o.pk) == data["objective"]), None
            )
            plan.add_action(assessment, request.user, **data)
            messages.success(request, "Action added to the improvement plan.")
            return redirect("eds:plan", pk=pk)
    actions = list(
        request.scope.query(Action).filter(assessment=assessment).select_related("objective")
    )
    return render(
        request,
        "eds/plan.html",
        {
            "assessment": assessment,
            "form": form,
            "actions": actions,
            "overdue": plan.overdue(actions),
            "can_manage": can(request.scope, "eds.manage"),
            "previous": request.scope.query(Assessment)
            .filter(stage=Stage.PUBLISHED)
            .exclude(pk=assessment.pk),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def action_status(request, pk, action_pk):
    assessment = _assessment(request, pk)
    action = request.scope.get_or_404(Action, pk=action_pk, assessment=assessment)
    require(request.scope, "eds.manage")
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        plan.set_status(action, request.user, form.cleaned_data["status"])
        messages.success(request, "Action status updated.")
    else:
        messages.error(request, "Choose a status.")
    return redirect("eds:plan", pk=pk)


@login_required
@require_POST
def carry_over(request, pk):
    assessment = _assessment(request, pk)
    require(request.scope, "eds.manage")
    previous = request.scope.get_or_404(Assessment, pk=request.POST.get("previous") or 0)
    count = plan.carry_over(previous, assessment, request.user)
    messages.success(request, f"{count} action(s) carried over from {previous}.")
    return redirect("eds:plan", pk=pk)


@login_required
@requires("eds.view")
@require_http_methods(["GET", "POST"])
def objectives(request):
    from dueregard.frameworks.services import loader

    framework = loader.definition(loader.current("eds-2022"))
    form = ObjectiveForm(
        request.POST or None, outcomes=[(o.code, f"{o.code} {o.title}") for o in framework.outcomes]
    )
    if request.method == "POST":
        require(request.scope, "eds.manage")
        if form.is_valid():
            plan.add_objective(request.scope, request.user, **form.cleaned_data)
            messages.success(request, "Equality objective added.")
            return redirect("eds:objectives")
    rows = request.scope.query(Objective)
    return render(
        request,
        "eds/objectives.html",
        {"form": form, "objectives": rows, "can_manage": can(request.scope, "eds.manage")},
        status=400 if form.errors else 200,
    )


@login_required
def report(request, pk):
    assessment = _assessment(request, pk)
    document = publication.build_document(assessment)
    return render(
        request,
        "eds/report.html",
        {
            "assessment": assessment,
            "document": document,
            "formats": publishing_formats.available(document),
            "public": False,
        },
    )


@login_required
def download(request, pk, fmt):
    assessment = _assessment(request, pk)
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404("Unknown format.")
    return responses.download(
        publication.build_document(assessment), fmt, f"eds-{assessment.period}"
    )


def _published(request, slug) -> Assessment:
    from .services.public import published_by_slug

    assessment = published_by_slug(slug)
    if assessment is None:
        raise Http404("No published report here.")
    return assessment


def public_report(request, slug):
    assessment = _published(request, slug)
    document = publication.build_document(assessment)
    return render(
        request,
        "eds/report.html",
        {
            "assessment": assessment,
            "document": document,
            "formats": publishing_formats.available(document),
            "public": True,
        },
    )


def public_download(request, slug, fmt):
    assessment = _published(request, slug)
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404("Unknown format.")
    return responses.download(
        publication.build_document(assessment), fmt, f"eds-{assessment.period}"
    )


@login_required
@requires("eds.system_view")
def system_view(request):
    from .services.system import comparison

    return render(
        request, "eds/system.html", {"table": comparison(request.scope.query(Assessment))}
    )


IMPORT_SESSION_KEY = "eds_import"


@login_required
@requires("eds.manage")
@require_http_methods(["GET", "POST"])
def import_report(request):
    from .forms import ImportForm
    from .services import importing

    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        framework_choices=assessments.framework_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            text = importing.read_upload(form.cleaned_data["report"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session[IMPORT_SESSION_KEY] = {
                "text": text,
                "framework": form.cleaned_data["framework"],
                "period": form.cleaned_data["period"],
                "filename": form.cleaned_data["report"].name,
                "scope": request.scope.key,
            }
            return redirect("eds:import-review")
    return render(request, "eds/import.html", {"form": form}, status=400 if form.errors else 200)


def _pending_import(request):
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending.get("scope") != request.scope.key:
        return None
    return pending


@login_required
@requires("eds.manage")
def import_review(request):
    from .services import importing

    pending = _pending_import(request)
    if pending is None:
        messages.error(request, "Upload the report first.")
        return redirect("eds:import")
    result = importing.review(pending["text"], pending["framework"])
    return render(
        request,
        "eds/import_review.html",
        {
            "parsed": result.parsed,
            "problems": result.problems,
            "framework": result.framework,
            "filename": pending["filename"],
            "graded": sum(1 for o in result.parsed.outcomes if o.grade),
        },
    )


@login_required
@requires("eds.manage")
@require_POST
def import_confirm(request):
    from .services import importing

    pending = _pending_import(request)
    if pending is None:
        messages.error(request, "Upload the report first.")
        return redirect("eds:import")
    try:
        assessment = importing.confirm(
            request.scope,
            request.user,
            text=pending["text"],
            framework_code=pending["framework"],
            period=pending["period"],
            filename=pending["filename"],
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("eds:import-review")
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, "Report imported. Run the checks, then sign it off and publish it.")
    return redirect("eds:detail", pk=assessment.pk)
