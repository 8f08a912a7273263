"""Start an assessment from a copy of an earlier one (this decision's or another's).

Only a fresh version is filled (nothing answered, rated, logged or planned yet), so a
copy never overwrites what someone typed. Every step is to be confirmed again: the copy
is a starting point, not a completed assessment. Engagement is copied only from the same
decision (what people said about another proposal is not engagement on this one).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dueregard.core.services import audit

from ..models import Action, Assessment, DecisionStatus, EngagementEntry, Impact
from . import framework

# Answers that belong to the proposal itself or to a sign-off, never copied.
NOT_COPIED = (*framework.SIGN_OFF_QUESTIONS, "define-title", "define-decision-due")


def is_fresh(assessment: Assessment) -> bool:
    return not (
        assessment.answers
        or assessment.completed_steps
        or assessment.impacts.exists()
        or assessment.engagement.exists()
        or assessment.actions.exists()
    )


@transaction.atomic
def copy_into(target: Assessment, source: Assessment, *, actor, request=None) -> Assessment:
    if target.pk == source.pk:
        raise ValidationError(_("Choose another assessment to copy."))
    if target.is_signed_off or not target.is_current:
        raise ValidationError(
            _("Only the current version, before sign-off, can start from a copy.")
        )
    if not is_fresh(target):
        raise ValidationError(
            _("This version already has answers. A copy would replace them, so it is not made.")
        )
    known = set(framework.groups(target).codes)
    target.screening_answers = dict(source.screening_answers)
    target.screening_result = source.screening_result
    target.answers = {k: v for k, v in source.answers.items() if k not in NOT_COPIED}
    target.completed_steps = []
    target.save()
    for impact in source.impacts.filter(group__in=known):
        Impact.objects.create(
            assessment=target,
            group=impact.group,
            rating=impact.rating,
            reasons=impact.reasons,
            evidence=impact.evidence,
            confidence=impact.confidence,
        )
    same_decision = source.decision_id == target.decision_id
    if same_decision:
        for e in source.engagement.all():
            EngagementEntry.objects.create(
                assessment=target,
                who=e.who,
                held_on=e.held_on,
                method=e.method,
                groups_reached=e.groups_reached,
                heard=e.heard,
                changed=e.changed,
            )
    for a in source.actions.filter(completed_on__isnull=True):
        Action.objects.create(
            assessment=target,
            purpose=a.purpose,
            description=a.description,
            groups=[g for g in a.groups if g in known],
            owner_name=a.owner_name,
            owner_email=a.owner_email,
            due_date=a.due_date,
        )
    decision = target.decision
    if target.screening_result == Assessment.Screening.RELEVANT:
        decision.status = DecisionStatus.IN_PROGRESS
    elif target.screening_result == Assessment.Screening.NOT_RELEVANT:
        decision.status = DecisionStatus.SCREENED_OUT
    decision.save(update_fields=["status", "updated_at"])
    audit.record(
        "idmf.copied",
        actor=actor,
        obj=decision,
        request=request,
        after={
            "version": target.version,
            "from_decision": source.decision_id,
            "from_version": source.version,
        },
    )
    return target
