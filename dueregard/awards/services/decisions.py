"""Shortlists and winners (with reasons, audited), citations the winners approve, the public
winners page and certificates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dueregard.core.services import audit, notifications
from dueregard.publishing.document import Document, Paragraph, SummaryList

from ..models import JUDGED_STAGES, Nomination, Round, Stage, hash_token, new_token
from .nominations import TokenError

CITATION_VALID_DAYS = 30
OUTCOMES = {
    Stage.NOT_SHORTLISTED: "awards_not_shortlisted",
    Stage.SHORTLISTED: "awards_shortlisted",
    Stage.WINNER: "awards_winner",
}


def chair_nominations(rnd: Round, user):
    """What the chair sees: every nomination with the judges, except any they are
    conflicted on as a judge themselves."""
    from .judging import judge_for

    qs = Nomination.objects.filter(round=rnd, stage__in=JUDGED_STAGES).select_related(
        "category", "nominee_organisation", "nominator"
    )
    judge = judge_for(rnd, user)
    if judge is not None:
        qs = qs.exclude(conflicts__judge=judge)
    return qs


@transaction.atomic
def decide(
    nomination: Nomination,
    *,
    outcome: str,
    reason: str,
    citation: str = "",
    actor,
    base_url: str = "",
    request=None,
) -> Nomination:
    if nomination.stage not in JUDGED_STAGES:
        raise ValidationError("Only nominations with the judges can be decided")
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": "Choose a decision"})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the decision"})
    if outcome == Stage.WINNER and not citation.strip():
        raise ValidationError({"citation": "Write the citation to be read out and published"})
    before = {"stage": nomination.stage, "reason": nomination.decision_reason}
    nomination.stage = outcome
    nomination.decision_reason = reason.strip()
    nomination.decided_at = timezone.now()
    link = ""
    if outcome == Stage.WINNER:
        if citation.strip() != nomination.citation:
            nomination.citation_approved_at = None
        nomination.citation = citation.strip()
        token, token_hash = new_token()
        nomination.citation_token_hash = token_hash
        nomination.citation_expires_at = timezone.now() + dt.timedelta(days=CITATION_VALID_DAYS)
        link = base_url + reverse("awards:citation", args=[token])
    nomination.save()
    audit.record(
        "awards.decided",
        actor=actor,
        obj=nomination.round,
        object_repr=nomination.reference,
        before=before,
        after={"stage": outcome, "reason": nomination.decision_reason},
        request=request,
    )
    context = {"nomination": nomination, "link": link}
    notifications.send(
        nomination.nominee_email,
        OUTCOMES[outcome],
        {**context, "to_nominee": True},
        organisation=nomination.nominee_organisation,
    )
    notifications.send(
        nomination.nominator.email,
        OUTCOMES[outcome],
        {**context, "to_nominee": False, "link": ""},
        organisation=nomination.nominator_organisation,
    )
    return nomination


def find_for_citation(token: str) -> Nomination:
    nomination = (
        Nomination.objects.select_related("round")
        .filter(citation_token_hash=hash_token(token))
        .first()
        if token
        else None
    )
    if nomination is None or nomination.stage != Stage.WINNER:
        raise TokenError("This link is not recognised. Check you copied the whole link.")
    if nomination.citation_expires_at and nomination.citation_expires_at <= timezone.now():
        raise TokenError("This link has expired. Ask the awards organisers for a new one.")
    return nomination


@transaction.atomic
def respond_to_citation(token: str, *, approve: bool, request=None) -> Nomination:
    nomination = find_for_citation(token)
    before = {"approved": bool(nomination.citation_approved_at)}
    nomination.citation_approved_at = timezone.now() if approve else None
    nomination.save(update_fields=["citation_approved_at"])
    audit.record(
        "awards.citation_approved" if approve else "awards.citation_withheld",
        obj=nomination.round,
        object_repr=nomination.reference,
        before=before,
        after={"approved": approve},
        request=request,
    )
    return nomination


@transaction.atomic
def announce(rnd: Round, *, actor, request=None) -> Round:
    if not rnd.nominations.filter(stage=Stage.WINNER).exists():
        raise ValidationError("Choose at least one winner before announcing")
    rnd.announced_at = rnd.announced_at or timezone.now()
    rnd.save(update_fields=["announced_at"])
    audit.record(
        "awards.announced", actor=actor, obj=rnd, after={"announced": True}, request=request
    )
    return rnd


def public_round(slug: str) -> Round | None:
    return Round.objects.filter(public_slug=slug, announced_at__isnull=False).first()


def public_winners(rnd: Round):
    """Winners whose citations the winners approved; nobody else is named."""
    return (
        rnd.nominations.filter(stage=Stage.WINNER, citation_approved_at__isnull=False)
        .exclude(citation="")
        .select_related("category", "nominee_organisation")
        .order_by("category__position", "nominee_name")
    )


def certificate(nomination: Nomination) -> Document:
    if nomination.stage not in (Stage.SHORTLISTED, Stage.WINNER):
        raise ValidationError("Certificates are for shortlisted nominees and winners")
    won = nomination.stage == Stage.WINNER
    rnd = nomination.round
    what = "winner" if won else "shortlisted nominee"
    return Document(
        title=f"Certificate: {rnd.title}",
        subtitle=nomination.category.name,
        blocks=(
            Paragraph(
                f"This certifies that {nomination.nominee_name} of "
                f"{nomination.nominee_organisation.name} is the {nomination.category.name} {what}"
                f" in {rnd.title}."
            ),
            SummaryList(
                rows=(
                    ("Awarded to", nomination.nominee_name),
                    ("Organisation", nomination.nominee_organisation.name),
                    ("Category", nomination.category.name),
                    ("Outcome", "Winner" if won else "Shortlisted"),
                    ("Awarded by", rnd.organisation.name if rnd.organisation else ""),
                )
            ),
            *((Paragraph(nomination.citation),) if won and nomination.citation else ()),
        ),
        metadata={"organisation": str(rnd.organisation or "")},
    )
