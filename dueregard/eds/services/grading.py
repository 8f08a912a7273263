"""Recording grades, who may see which, and the agreed result."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dueregard.core.roles import Role
from dueregard.core.services import audit

from ..models import Assessment, Grading, Service, Stage
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
) -> Grading:
    """Record (or change) one view of one outcome.

    Panel members record their own grade; the chair (an EDI lead or assessor) may record a
    member's grade on their behalf ("recorded on behalf of … at the meeting of …") or the
    panel's agreed grade.
    """
    _require_editable(assessment)
    if assessment.stage not in GRADING_STAGES:
        raise ValidationError("Grades can be recorded once the assessment is gathering evidence.")
    framework = framework_of(assessment)
    framework.outcome(outcome_code)
    if framework.grade_for(grade_code) is None:
        raise ValidationError({"grade": "Choose a grade"})
    grade_code = framework.grade_for(grade_code).code
    if not any((text or "").strip() for text in reasons.values()):
        raise ValidationError({"reasons": "Give the reasons for this grade"})
    if source == Grading.Source.PANEL_MEMBER and grader is None:
        grader = actor
    key = {
        "assessment": assessment,
        "outcome_code": outcome_code,
        "service": service,
        "source": source,
        "grader": grader if source == Grading.Source.PANEL_MEMBER else None,
    }
    existing = Grading.objects.filter(**key).first()
    before = {"grade": existing.grade_code} if existing else {}
    grading = existing or Grading(**key)
    grading.grade_code = grade_code
    grading.reasons = {k: v.strip() for k, v in reasons.items() if (v or "").strip()}
    grading.on_behalf_of = on_behalf_of
    grading.represents = represents
    grading.recorded_by = actor
    grading.save()
    audit.record(
        "eds.grade.recorded",
        actor=actor,
        obj=assessment,
        before=before,
        after={
            "outcome": outcome_code,
            "service": service.name if service else "",
            "source": source,
            "grade": grade_code,
            "on_behalf_of": on_behalf_of,
        },
    )
    return grading


def has_own_grade(assessment: Assessment, user, outcome_code: str, service=None) -> bool:
    return Grading.objects.filter(
        assessment=assessment,
        outcome_code=outcome_code,
        service=service,
        source=Grading.Source.PANEL_MEMBER,
        grader=user,
    ).exists()


def may_see_other_grades(
    scope, assessment: Assessment, user, outcome_code: str, service=None
) -> bool:
    """No anchoring: a panel member sees the organisation's grade, other members' grades and
    any suggested grade only after giving their own."""
    if scope.has_role(Role.EDI_LEAD, Role.ASSESSOR, Role.BOARD_MEMBER, Role.SYSTEM_ADMIN):
        return True
    return has_own_grade(assessment, user, outcome_code, service)


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
