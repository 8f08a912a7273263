"""Recording grades, who may see which, and the agreed result."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dueregard.core.models import Membership
from dueregard.core.permissions import can
from dueregard.core.roles import Role
from dueregard.core.services import audit

from ..models import Assessment, Grading, GradingVersion, Service, Stage
from ..scoring import AssessmentResult, View, assess
from .assessments import _require_editable, framework_of

GRADING_STAGES = (Stage.EVIDENCE, Stage.GRADING, Stage.AGREEMENT)


@transaction.atomic
def record(
    assessment: Assessment,
    actor,
    *,
    outcome_code: str,
    source: str,
    grade_code: str,
    reasons: dict[str, str],
    service: Service | None = None,
    on_behalf_of: str = "",
    represents: str = "",
    grader=None,
    change_reason: str = "",
    reasons_may_be_published: bool | None = None,
) -> Grading:
    """Record one view of one outcome, or change it.

    Panel members record their own grade; the chair (an EDI lead or assessor) may record a
    member's grade on their behalf ("recorded on behalf of … at the meeting of …") or the
    panel's agreed grade. The first grade is kept as given: a change is a new, dated
    version and needs a reason.
    """
    _require_editable(assessment)
    if assessment.stage not in GRADING_STAGES:
        raise ValidationError(
            _("Grades can be recorded once the assessment is gathering evidence.")
        )
    framework = framework_of(assessment)
    framework.outcome(outcome_code)
    if framework.grade_for(grade_code) is None:
        raise ValidationError({"grade": _("Choose a grade")})
    grade_code = framework.grade_for(grade_code).code
    reasons = {k: v.strip() for k, v in reasons.items() if (v or "").strip()}
    if not reasons:
        raise ValidationError({"reasons": _("Give the reasons for this grade")})
    if source == Grading.Source.PANEL_MEMBER and grader is None:
        grader = actor
    key = {
        "assessment": assessment,
        "outcome_code": outcome_code,
        "service": service,
        "source": source,
        "grader": grader if source == Grading.Source.PANEL_MEMBER else None,
    }
    existing = Grading.objects.select_for_update().filter(**key).first()
    if existing is not None:
        if existing.grade_code == grade_code and existing.reasons == reasons:
            if reasons_may_be_published is not None:
                set_reasons_published(existing, actor, reasons_may_be_published)
            return existing
        if not change_reason.strip():
            raise ValidationError(
                {
                    "change_reason": _(
                        "Say why the grade or its reasons change: the first grade is kept as given"
                    )
                }
            )
    before = {"grade": existing.grade_code} if existing else {}
    grading = existing or Grading(**key)
    grading.grade_code = grade_code
    grading.reasons = reasons
    grading.on_behalf_of = on_behalf_of
    grading.represents = represents
    grading.recorded_by = actor
    if reasons_may_be_published is not None:
        grading.reasons_may_be_published = reasons_may_be_published
    grading.save()
    others = (
        Grading.objects.filter(assessment=assessment, outcome_code=outcome_code, service=service)
        .exclude(pk=grading.pk)
        .exists()
    )
    version = GradingVersion.objects.create(
        grading=grading,
        number=grading.versions.count() + 1,
        grade_code=grade_code,
        reasons=reasons,
        change_reason=change_reason.strip() if existing else "",
        after_reveal=existing is not None and others,
        recorded_by=actor,
    )
    audit.record(
        "eds.grade.changed" if existing else "eds.grade.recorded",
        actor=actor,
        obj=assessment,
        before=before,
        after={
            "outcome": outcome_code,
            "service": service.name if service else "",
            "source": source,
            "grade": grade_code,
            "on_behalf_of": on_behalf_of,
            "version": version.number,
            "change_reason": version.change_reason,
        },
    )
    return grading


def set_reasons_published(grading: Grading, actor, publish: bool) -> None:
    """Mark a grade's reasons publishable (or not), with the audit trail. Allowed while the
    assessment can change: after sign-off the published record is fixed."""
    _require_editable(grading.assessment)
    if grading.reasons_may_be_published == publish:
        return
    grading.reasons_may_be_published = publish
    grading.save(update_fields=["reasons_may_be_published"])
    audit.record(
        "eds.grade.reasons_publication",
        actor=actor,
        obj=grading.assessment,
        before={"published": not publish},
        after={
            "outcome": grading.outcome_code,
            "service": grading.service.name if grading.service else "",
            "source": grading.source,
            "published": publish,
        },
    )


def changes(assessment: Assessment) -> list[GradingVersion]:
    """Grades changed after the other grades were revealed ("changed after discussion")."""
    return list(
        GradingVersion.objects.filter(grading__assessment=assessment, after_reveal=True)
        .select_related("grading", "grading__service", "grading__grader")
        .order_by("grading__outcome_code", "recorded_at")
    )


def views_of(assessment: Assessment) -> list[View]:
    rows = Grading.objects.filter(assessment=assessment).select_related("grader", "service")
    return [
        View(
            outcome_code=g.outcome_code,
            source=g.source,
            grade_code=g.grade_code,
            who=g.represents or (g.grader.full_name if g.grader else "") or g.on_behalf_of,
            service=g.service.name if g.service else None,
        )
        for g in rows
    ]


def result(assessment: Assessment) -> AssessmentResult:
    services = list(Service.objects.filter(assessment=assessment).values_list("name", flat=True))
    return assess(framework_of(assessment), views_of(assessment), services, assessment.panel_rule)


def panel_members(scope) -> dict[str, object]:
    """The scope's active panel members, by user id (as text, for a form's choices)."""
    rows = scope.query(Membership).active().filter(role=Role.PANEL_MEMBER).select_related("user")
    return {str(m.user_id): m.user for m in rows}


CHAIR_SOURCES = {
    "organisation": Grading.Source.ORGANISATION,
    "panel_agreed": Grading.Source.PANEL_AGREED,
    "on_behalf": Grading.Source.PANEL_MEMBER,
}


def record_by(
    scope, assessment: Assessment, actor, *, outcome_code: str, service, data: dict, reasons
) -> Grading:
    """A grade as the person giving it may record it: a panel member their own; the chair
    the organisation's, the panel's agreed grade, or a member's on their behalf. A chair
    who also sits on the panel chooses "mine" to give their own (blind) grade."""
    own_grade = data.get("source") == "mine" and scope.has_role(Role.PANEL_MEMBER)
    if own_grade or not can(scope, "eds.record_for_panel"):
        if not scope.has_role(Role.PANEL_MEMBER):
            raise PermissionDenied(_("Only panel members and the chair record grades."))
        source, grader = Grading.Source.PANEL_MEMBER, actor
    else:
        source = CHAIR_SOURCES.get(data.get("source") or "")
        if source is None:
            raise ValidationError({"source": _("Choose whose grade this is")})
        grader = None
        if source == Grading.Source.PANEL_MEMBER:
            grader = panel_members(scope).get(data.get("member") or "")
            if grader is None:
                raise ValidationError(
                    {"member": _("Choose the panel member you are recording for")}
                )
    return record(
        assessment,
        actor,
        outcome_code=outcome_code,
        source=source,
        grade_code=data["grade"],
        reasons=reasons,
        service=service,
        on_behalf_of=data.get("on_behalf_of", ""),
        represents=data.get("represents", ""),
        grader=grader,
        change_reason=data.get("change_reason", ""),
        reasons_may_be_published=bool(data.get("reasons_may_be_published")),
    )
