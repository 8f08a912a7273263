"""Every change to a decision and its assessment happens here, and is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.services import audit

from ..models import Action, Assessment, Decision, DecisionStatus, EngagementEntry, Impact
from . import changes, checks, framework

DECISION_FIELDS = (
    "title",
    "design_group",
    "decision_body",
    "decision_type",
    "date_needed",
    "qia_url",
    "dpia_url",
    "status",
    "is_published",
)


def register_rows(scope):
    """The decisions a person can reach (a queryset), each with its assessments newest
    first in one query for all: ``current_assessment()`` reads the prefetch."""
    return (
        scope.query(Decision)
        .select_related("organisation", "system", "owner")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.order_by("-version"),
                to_attr="assessments_by_version",
            )
        )
    )


def register(scope) -> list[Decision]:
    """The register page's decisions (see ``register_rows``)."""
    return list(register_rows(scope))


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@transaction.atomic
def create_decision(*, actor, system, organisation=None, request=None, **fields) -> Decision:
    """A new row in the register, with version 1 of its assessment waiting for screening."""
    decision = Decision.objects.create(
        system=system, organisation=organisation, owner=actor, **fields
    )
    idmf_row, groups_row = framework.current_rows()
    Assessment.objects.create(
        decision=decision, version=1, framework=idmf_row, characteristics_framework=groups_row
    )
    audit.record(
        "idmf.decision.created",
        actor=actor,
        obj=decision,
        request=request,
        after=audit.snapshot(decision, DECISION_FIELDS),
    )
    return decision


@transaction.atomic
def update_decision(decision: Decision, *, actor, request=None, **fields) -> Decision:
    before = audit.snapshot(decision, DECISION_FIELDS)
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.save()
    audit.record(
        "idmf.decision.changed",
        actor=actor,
        obj=decision,
        request=request,
        before=before,
        after=audit.snapshot(decision, DECISION_FIELDS),
    )
    return decision


def _editable(assessment: Assessment) -> None:
    if assessment.is_signed_off:
        raise ValidationError("This version is signed off. Start a review to change it.")
    if not assessment.is_current:
        raise ValidationError("This is an earlier version. Only the current one can change.")


@transaction.atomic
def screen(assessment: Assessment, answers: dict, *, actor, request=None) -> bool:
    """Record the screening; returns whether the full assessment is needed."""
    _editable(assessment)
    spec = framework.idmf(assessment)
    needed = spec.needs_full_assessment(answers)
    before = {"screening_result": assessment.screening_result}
    changed = changes.answers(assessment, dict(assessment.screening_answers or {}), answers)
    assessment.screening_answers = {k: _plain(v) for k, v in answers.items()}
    assessment.screening_result = (
        Assessment.Screening.RELEVANT if needed else Assessment.Screening.NOT_RELEVANT
    )
    assessment.save()
    decision = assessment.decision
    decision.status = DecisionStatus.IN_PROGRESS if needed else DecisionStatus.SCREENED_OUT
    decision.save(update_fields=["status", "updated_at"])
    audit.record(
        "idmf.screened",
        actor=actor,
        obj=decision,
        request=request,
        before=before,
        after={
            "step": "screening",
            "screening_result": assessment.screening_result,
            "version": assessment.version,
            "changes": changed,
        },
    )
    return needed


def _require_full(assessment: Assessment) -> None:
    if assessment.screening_result != Assessment.Screening.RELEVANT:
        raise ValidationError("Complete the screening first: it decides whether steps are needed.")


@transaction.atomic
def save_step(
    assessment: Assessment, step_code: str, answers: dict, *, complete: bool, actor, request=None
) -> Assessment:
    """Save a step's answers; ``complete`` marks it done (the form checked required answers)."""
    _editable(assessment)
    _require_full(assessment)
    spec = framework.idmf(assessment)
    spec.step(step_code)  # KeyError for an unknown step
    stored = dict(assessment.answers)
    changed = changes.answers(assessment, stored, answers)
    stored.update({k: _plain(v) for k, v in answers.items()})
    assessment.answers = stored
    done = [code for code in assessment.completed_steps if code != step_code]
    if complete:
        done.append(step_code)
    order = [s.code for s in spec.steps]
    assessment.completed_steps = sorted(done, key=order.index)
    if step_code == "monitor-review":
        review = answers.get("monitor-review-date")
        assessment.review_date = review if isinstance(review, dt.date) else None
    assessment.save()
    audit.record(
        "idmf.step.saved",
        actor=actor,
        obj=assessment.decision,
        request=request,
        after={
            "step": step_code,
            "complete": complete,
            "version": assessment.version,
            "changes": changed,
        },
    )
    return assessment


@transaction.atomic
def save_impacts(
    assessment: Assessment, grid: dict[str, dict], *, actor, request=None
) -> list[Impact]:
    """``grid`` maps a group code to its rating, reasons, evidence and confidence."""
    _editable(assessment)
    _require_full(assessment)
    known = set(framework.groups(assessment).codes)
    before = {
        i.group: {name: getattr(i, name) for name in changes.GRID_FIELDS}
        for i in assessment.impacts.all()
    }
    out = []
    for code, values in grid.items():
        if code not in known:
            raise ValidationError(f"{code!r} is not a group in this assessment.")
        impact, _ = Impact.objects.update_or_create(
            assessment=assessment,
            group=code,
            defaults={
                "rating": values.get("rating") or "",
                "reasons": values.get("reasons") or "",
                "evidence": values.get("evidence") or "",
                "confidence": values.get("confidence") or "",
            },
        )
        out.append(impact)
    audit.record(
        "idmf.impacts.saved",
        actor=actor,
        obj=assessment.decision,
        request=request,
        after={
            "step": "assess-impact",
            "groups": len(out),
            "version": assessment.version,
            "changes": changes.impacts(assessment, before, grid),
        },
    )
    return out


@transaction.atomic
def add_engagement(assessment: Assessment, *, actor, request=None, **fields) -> EngagementEntry:
    _editable(assessment)
    _require_full(assessment)
    entry = EngagementEntry.objects.create(assessment=assessment, **fields)
    audit.record(
        "idmf.engagement.added",
        actor=actor,
        obj=assessment.decision,
        request=request,
        after={"who": entry.who, "held_on": entry.held_on, "method": entry.method},
    )
    return entry


@transaction.atomic
def add_action(assessment: Assessment, *, actor, request=None, **fields) -> Action:
    _editable(assessment)
    _require_full(assessment)
    action = Action.objects.create(assessment=assessment, **fields)
    audit.record(
        "idmf.action.added",
        actor=actor,
        obj=assessment.decision,
        request=request,
        after={
            "purpose": action.purpose,
            "owner": action.owner_name,
            "due_date": action.due_date,
        },
    )
    return action


@transaction.atomic
def complete_action(action: Action, *, actor, on: dt.date | None = None, request=None) -> Action:
    action.completed_on = on or timezone.localdate()
    action.save(update_fields=["completed_on"])
    audit.record(
        "idmf.action.completed",
        actor=actor,
        obj=action.assessment.decision,
        request=request,
        after={"action": action.pk, "completed_on": action.completed_on},
    )
    return action


@transaction.atomic
def sign_off(
    assessment: Assessment,
    *,
    actor,
    statements: dict[str, str],
    decided_on: dt.date | None = None,
    request=None,
    today=None,
) -> Assessment:
    """The decision maker signs off, with a sentence of their own for each due-regard
    (Brown) principle and the date the decision was made (the committee's meeting date
    when one is recorded). Refused while the checks find problems."""
    _editable(assessment)
    problems = checks.problems(assessment)
    if problems:
        raise ValidationError([p.text for p in problems])
    spec = framework.idmf(assessment)
    wanted = [item.code for item in spec.due_regard_checklist]
    given = {code: (statements.get(code) or "").strip() for code in wanted}
    if set(statements) - set(wanted) or not all(given.values()):
        raise ValidationError(
            _("Write a sentence on how each due-regard principle was met."), code="statements"
        )
    today = today or timezone.localdate()
    decided_on = decided_on or _committee_date(assessment) or today
    if decided_on > today:
        raise ValidationError(_("The date of the decision must be today or in the past."))
    answers = dict(assessment.answers)
    answers["decide-signed-off-by"] = actor.full_name or actor.email
    answers["decide-date"] = decided_on.isoformat()
    assessment.answers = answers
    assessment.due_regard_checklist = wanted
    assessment.due_regard_statements = given
    assessment.decided_on = decided_on
    assessment.signed_off_by = actor
    assessment.signed_off_at = timezone.now()
    assessment.save()
    decision = assessment.decision
    decision.status = DecisionStatus.SIGNED_OFF
    decision.save(update_fields=["status", "updated_at"])
    audit.record(
        "idmf.signed_off",
        actor=actor,
        obj=decision,
        request=request,
        after={
            "version": assessment.version,
            "review_date": assessment.review_date,
            "decided_on": decided_on,
        },
    )
    return assessment


def _committee_date(assessment: Assessment) -> dt.date | None:
    committee = getattr(assessment, "committee_decision", None)
    return committee.meeting_date if committee is not None else None


@transaction.atomic
def start_review(decision: Decision, *, actor, request=None) -> Assessment:
    """Reopen a signed-off assessment as a new version; the earlier one stays as it was.

    The new version starts from the earlier answers, impacts, engagement and open actions
    (pinned to today's framework rows), with every step to be checked again.
    """
    previous = decision.current_assessment()
    if previous is None or not previous.is_signed_off:
        raise ValidationError("Only a signed-off assessment can be reviewed.")
    idmf_row, groups_row = framework.current_rows()
    new = Assessment.objects.create(
        decision=decision,
        version=previous.version + 1,
        framework=idmf_row,
        characteristics_framework=groups_row,
        screening_answers=previous.screening_answers,
        screening_result=previous.screening_result,
        answers={
            k: v for k, v in previous.answers.items() if k not in framework.SIGN_OFF_QUESTIONS
        },
    )
    for impact in previous.impacts.all():
        Impact.objects.create(
            assessment=new,
            group=impact.group,
            rating=impact.rating,
            reasons=impact.reasons,
            evidence=impact.evidence,
            confidence=impact.confidence,
        )
    for entry in previous.engagement.all():
        EngagementEntry.objects.create(
            assessment=new,
            who=entry.who,
            held_on=entry.held_on,
            method=entry.method,
            groups_reached=entry.groups_reached,
            heard=entry.heard,
            changed=entry.changed,
        )
    for action in previous.actions.filter(completed_on__isnull=True):
        Action.objects.create(
            assessment=new,
            purpose=action.purpose,
            description=action.description,
            groups=action.groups,
            owner_name=action.owner_name,
            owner_email=action.owner_email,
            due_date=action.due_date,
        )
    decision.status = DecisionStatus.IN_PROGRESS
    decision.save(update_fields=["status", "updated_at"])
    audit.record(
        "idmf.review.started",
        actor=actor,
        obj=decision,
        request=request,
        before={"version": previous.version},
        after={"version": new.version},
    )
    return new


@transaction.atomic
def set_published(decision: Decision, published: bool, *, actor, request=None) -> Decision:
    """Publish (or withdraw) the public summary of the signed-off assessment."""
    current = decision.current_assessment()
    if published and (current is None or not current.is_signed_off):
        raise ValidationError("Only a signed-off assessment can be published.")
    before = {"is_published": decision.is_published}
    decision.is_published = published
    if published and not decision.public_slug:
        decision.public_slug = Decision.new_slug()
    decision.save(update_fields=["is_published", "public_slug", "updated_at"])
    audit.record(
        "idmf.published" if published else "idmf.unpublished",
        actor=actor,
        obj=decision,
        request=request,
        before=before,
        after={"is_published": published},
    )
    return decision
