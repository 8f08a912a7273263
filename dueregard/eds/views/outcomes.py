"""One outcome: its evidence (add, change, remove, open a file), its lead and its grades."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import require

from .. import presenters
from ..forms import EvidenceEditForm, EvidenceForm, GradeForm, LeadForm
from ..models import Evidence, Grading, OutcomeLead
from ..services import assessments, evidence, grading
from ..services.files import evidence_download
from .common import confirm_removal, load_assessment, with_service


def _page(request, assessment, code) -> presenters.OutcomePage:
    framework = assessments.framework_of(assessment)
    try:
        outcome, goal = assessments.outcome_and_goal(framework, code)
    except KeyError as exc:
        raise Http404("No such outcome in this framework.") from exc
    wanted = request.GET.get("service") or request.POST.get("grade_service")
    return presenters.outcome_page(request.scope, request.user, assessment, outcome, goal, wanted)


def _evidence_form(page, data=None, files=None):
    return EvidenceForm(
        data,
        files,
        characteristics=evidence.characteristic_codes(),
        factors=page.factors,
        services=page.services if page.goal.per_service else None,
    )


def _grade_form(request, page, data=None):
    ctx = page.context
    own = ctx["own"]
    initial = {}
    if own is not None:
        initial = {
            "grade": own.grade_code,
            "represents": own.represents,
            "reasons_may_be_published": own.reasons_may_be_published,
            **{f"reason_{k}": v for k, v in own.reasons.items()},
        }
    members = None
    if ctx["is_chair"]:
        panel = grading.panel_members(request.scope)
        members = [("", _("Choose"))] + [
            (key, user.full_name or user.email) for key, user in panel.items()
        ]
    return GradeForm(
        data,
        initial=initial,
        grades=page.grades,
        factors=page.factors,
        show_on_behalf=ctx["is_chair"],
        show_represents=ctx["is_panel"],
        members=members,
        show_change_reason=own is not None,
        own_choice=ctx["is_chair"] and ctx["is_panel"],
    )


def _lead_form(page, data=None):
    lead = page.context["lead"]
    initial = (
        {
            "lead_contact": lead.lead_contact,
            "role": lead.role,
            "name_may_be_published": lead.name_may_be_published,
        }
        if lead
        else {}
    )
    return LeadForm(data, initial=initial)


def _render(request, page, *, evidence_form=None, grade_form=None, lead_form=None, status=200):
    ctx = page.context
    if evidence_form is None and ctx["can_change"]:
        evidence_form = _evidence_form(page)
    if grade_form is None and ctx["may_grade"]:
        grade_form = _grade_form(request, page)
    if lead_form is None and ctx["can_change"]:
        lead_form = _lead_form(page)
    failed = next(
        (f for f in (grade_form, evidence_form, lead_form) if f is not None and f.errors), None
    )
    return render(
        request,
        "eds/outcome.html",
        {
            **ctx,
            "evidence_form": evidence_form,
            "grade_form": grade_form,
            "lead_form": lead_form,
            "form": failed or lead_form,
            "register_share": assessments.register_share(
                request.scope, page.assessment, page.outcome.code
            ),
            "population": assessments.population_summary(page.assessment, page.outcome.code),
        },
        status=status,
    )


def _back_to(page) -> str:
    url = reverse("eds:outcome", args=[page.assessment.pk, page.outcome.code])
    return with_service(url, page.service)


@login_required
def outcome(request, pk, code):
    assessment = load_assessment(request, pk)
    return _render(request, _page(request, assessment, code))


@login_required
@require_POST
def add_register_evidence(request, pk, code):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    if assessments.register_share(request.scope, assessment, code) is None:
        raise Http404("Only EDS 2022 outcome 3B draws on the decision register.")
    evidence.add_register_share(request.scope, assessment, request.user, code)
    messages.success(request, _("The decision register's figures were added as evidence."))
    return redirect("eds:outcome", pk=pk, code=code)


@login_required
@require_POST
def add_population_evidence(request, pk, code):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    page = _page(request, assessment, code)
    if assessments.population_summary(assessment, code) is None:
        raise Http404("Only EDS 2022 Domain 1 draws on the areas served, once chosen.")
    try:
        evidence.add_population_summary(assessment, request.user, code, service=page.service)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Who lives in the areas you serve was added as evidence."))
    return redirect(with_service(reverse("eds:outcome", args=[pk, code]), page.service))


@login_required
@require_POST
def add_evidence(request, pk, code):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    page = _page(request, assessment, code)
    form = _evidence_form(page, request.POST, request.FILES)

    def add(data):
        service = next((s for s in page.services if str(s.pk) == data.get("service")), None)
        item = evidence.add(
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
        return item

    done = submit(form, add)
    if done.ok:
        messages.success(
            request,
            _("Evidence \u201c%(title)s\u201d added to outcome %(code)s.")
            % {"title": done.value.title, "code": code},
        )
        url = reverse("eds:outcome", args=[pk, code])
        return redirect(with_service(url, done.value.service))
    return _render(request, page, evidence_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def edit_evidence(request, pk, evidence_pk):
    assessment = load_assessment(request, pk)
    item = request.scope.get_or_404(Evidence, pk=evidence_pk, assessment=assessment)
    require(request.scope, "eds.change", assessment)
    page = _page(request, assessment, item.outcome_code)
    initial = {
        "title": item.title,
        "text": item.text,
        "url": item.url,
        "service": str(item.service_id or ""),
        "characteristics": item.characteristics,
        "factors": item.factors,
        "may_be_published": item.may_be_published,
    }
    form = EvidenceEditForm(
        request.POST or None,
        initial=initial,
        kind=item.kind,
        characteristics=evidence.characteristic_codes(),
        factors=page.factors,
        services=page.services if page.goal.per_service else None,
    )
    if request.method == "POST":

        def save(data):
            fields = {k: v for k, v in data.items() if k in evidence.EDITABLE}
            if "service" in form.fields:
                fields["service"] = next(
                    (s for s in page.services if str(s.pk) == data.get("service")), None
                )
            fields.setdefault("url", item.url)
            return evidence.update(item, request.user, **fields)

        done = submit(form, save)
        if done.ok:
            messages.success(request, _("Evidence \u201c%s\u201d saved.") % item.title)
            url = reverse("eds:outcome", args=[pk, item.outcome_code])
            return redirect(with_service(url, item.service))
    return render(
        request,
        "eds/evidence_form.html",
        {"form": form, "assessment": assessment, "item": item},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_evidence(request, pk, evidence_pk):
    assessment = load_assessment(request, pk)
    item = request.scope.get_or_404(Evidence, pk=evidence_pk, assessment=assessment)
    require(request.scope, "eds.change", assessment)
    return confirm_removal(
        request,
        assessment,
        remove=lambda: evidence.remove(item, request.user),
        what=_("the evidence \u201c%(title)s\u201d from outcome %(code)s")
        % {"title": item.title, "code": item.outcome_code},
        consequence=_("This cannot be undone."),
        back=reverse("eds:outcome", args=[pk, item.outcome_code]),
        done_message=_("Evidence \u201c%s\u201d removed.") % item.title,
    )


@login_required
def evidence_file(request, pk, evidence_pk):
    """An uploaded evidence file, for everyone who may see the outcome: always as a
    download, never shown inline."""
    assessment = load_assessment(request, pk)
    item = request.scope.get_or_404(Evidence, pk=evidence_pk, assessment=assessment)
    return evidence_download(item)


@login_required
@require_POST
def set_lead(request, pk, code):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    page = _page(request, assessment, code)
    form = _lead_form(page, request.POST)
    done = submit(
        form,
        lambda data: assessments.set_outcome_lead(
            assessment,
            request.user,
            code,
            data["lead_contact"],
            role=data["role"],
            name_may_be_published=data["name_may_be_published"],
        ),
    )
    if done.ok:
        messages.success(request, _("Lead contact for outcome %s saved.") % code)
        return redirect("eds:outcome", pk=pk, code=code)
    return _render(request, page, lead_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def remove_lead(request, pk, code):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    lead = request.scope.get_or_404(OutcomeLead, assessment=assessment, outcome_code=code)
    return confirm_removal(
        request,
        assessment,
        remove=lambda: assessments.remove_outcome_lead(lead, request.user),
        what=_("the lead contact of outcome %s") % code,
        consequence=_("The outcome will have no lead until you add one."),
        back=reverse("eds:outcome", args=[pk, code]),
        done_message=_("Lead contact for outcome %s removed.") % code,
    )


@login_required
@require_POST
def grade(request, pk, code):
    assessment = load_assessment(request, pk)
    page = _page(request, assessment, code)
    if not page.context["may_grade"]:
        require(request.scope, "eds.grade_as_panel_member")
        messages.error(
            request,
            _(
                "Grades can be recorded while the assessment is gathering evidence, grading "
                "or agreeing grades."
            ),
        )
        return redirect(_back_to(page))
    form = _grade_form(request, page, request.POST)
    done = submit(
        form,
        lambda data: grading.record_by(
            request.scope,
            assessment,
            request.user,
            outcome_code=code,
            service=page.service,
            data=data,
            reasons=form.reasons(),
        ),
    )
    if done.ok:
        messages.success(request, _("Grade for outcome %s saved.") % code)
        return redirect(_back_to(page))
    return _render(request, page, grade_form=form, status=400)


@login_required
@require_POST
def reasons_publication(request, pk, grading_pk):
    """A manager marks a grade's reasons publishable, or withdraws them, e.g. imported
    reasons after review. The grade itself and the reasons' text do not change."""
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    row = request.scope.get_or_404(Grading, assessment=assessment, pk=grading_pk)
    publish = request.POST.get("publish") == "yes"
    try:
        grading.set_reasons_published(row, request.user, publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The reasons for outcome %s will be published with the report.") % row.outcome_code
            if publish
            else _("The reasons for outcome %s will not be published.") % row.outcome_code,
        )
    return redirect(with_service(reverse("eds:outcome", args=[pk, row.outcome_code]), row.service))
