"""The optional EDI specialist review between "ready" and sign-off.

Once the checks find no problems, an editor may ask for a review. While a review waits,
or after the reviewer asked for changes (until a new review is asked for), the checks
report it and sign-off is refused. The reviewer, an EDI lead who neither owns nor
co-authors the proposal, approves or asks for changes with a note; every step is audited
and the people involved are e-mailed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.models import Membership
from dueregard.core.requests import absolute_url
from dueregard.core.roles import Role
from dueregard.core.services import audit, notifications

from ..models import Assessment, SpecialistReview
from . import checks, coauthors


def latest(assessment: Assessment) -> SpecialistReview | None:
    return assessment.specialist_reviews.order_by("-requested_at", "-pk").first()


def _tell(review: SpecialistReview, recipients, event: str, request=None) -> None:
    decision = review.assessment.decision
    link = absolute_url(reverse("idmf:specialist-review", args=[decision.pk]), request)
    for email in sorted({r for r in recipients if r}):
        notifications.send(
            email,
            "idmf_specialist_review",
            {"decision": decision, "review": review, "event": event, "link": link},
            organisation=decision.organisation,
        )


@transaction.atomic
def request_review(assessment: Assessment, *, actor, request=None) -> SpecialistReview:
    if assessment.is_signed_off or not assessment.is_current:
        raise ValidationError(_("Only the current version, before sign-off, can be reviewed."))
    current = latest(assessment)
    if current is not None and current.outcome == SpecialistReview.Outcome.PENDING:
        raise ValidationError(_("A review has already been asked for."))
    if [p for p in checks.problems(assessment) if p.code != "specialist-review"]:
        raise ValidationError(_("Fix the problems the checks found before asking for a review."))
    review = SpecialistReview.objects.create(assessment=assessment, requested_by=actor)
    audit.record(
        "idmf.specialist.requested",
        actor=actor,
        obj=assessment.decision,
        request=request,
        after={"version": assessment.version},
    )
    _tell(review, reviewers(assessment), "requested", request)
    return review


def reviewers(assessment: Assessment) -> list[str]:
    """E-mail addresses of the EDI leads of the decision's organisation (or system)."""
    decision = assessment.decision
    members = Membership.objects.active().filter(role=Role.EDI_LEAD)
    if decision.organisation_id:
        members = members.filter(organisation=decision.organisation) | members.filter(
            system=decision.system
        )
    else:
        members = members.filter(system=decision.system)
    involved = {u.pk for u in coauthors.people_involved(decision)}
    return [m.user.email for m in members.select_related("user") if m.user_id not in involved]


@transaction.atomic
def decide(
    review: SpecialistReview, *, actor, approve: bool, note: str = "", request=None
) -> SpecialistReview:
    if review.outcome != SpecialistReview.Outcome.PENDING:
        raise ValidationError(_("This review has already been recorded."))
    if review.assessment.is_signed_off:
        raise ValidationError(_("This version is already signed off."))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError(_("Say what needs to change."), code="note")
    review.outcome = (
        SpecialistReview.Outcome.APPROVED if approve else SpecialistReview.Outcome.CHANGES
    )
    review.reviewer = actor
    review.note = note
    review.decided_at = timezone.now()
    review.save()
    audit.record(
        "idmf.specialist.approved" if approve else "idmf.specialist.changes",
        actor=actor,
        obj=review.assessment.decision,
        request=request,
        after={"version": review.assessment.version},
    )
    people = coauthors.people_involved(review.assessment.decision)
    _tell(review, [u.email for u in people], review.outcome, request)
    return review
