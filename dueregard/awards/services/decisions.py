"""Shortlists and winners (with reasons, audited), citations the winners approve, the public
winners page and certificates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dueregard.core.services import audit, notifications
from dueregard.publishing.document import Document, Heading, Paragraph, SummaryList

from ..models import JUDGED_STAGES, Nomination, Round, Stage, hash_token, new_token
from . import stages
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


def scores_for(nomination: Nomination) -> int:
    return nomination.scoresheets.count()


@transaction.atomic
def decide(
    nomination: Nomination,
    *,
    outcome: str,
    reason: str,
    citation: str = "",
    override_reason: str = "",
    actor,
    base_url: str = "",
    request=None,
) -> Nomination:
    """Record the panel's decision. Nobody is told yet: the outcomes go out when the
    round is announced. Only once nominations have closed, and only when the nomination
    has its minimum number of scores, unless the chair records why they decide anyway."""
    stages.require_decisions_allowed(nomination.round)
    if nomination.stage not in JUDGED_STAGES:
        raise ValidationError(_("Only nominations with the judges can be decided"))
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": _("Choose a decision")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision")})
    if outcome == Stage.WINNER and not citation.strip():
        raise ValidationError({"citation": _("Write the citation to be read out and published")})
    have, need = scores_for(nomination), nomination.round.min_judges
    if have < need and not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": _(
                    "%(ref)s has %(have)d of the %(need)d scores it needs. Wait for the "
                    "judges, or give the reason for deciding now."
                )
                % {"ref": nomination.reference, "have": have, "need": need}
            }
        )
    before = {"stage": nomination.stage, "reason": nomination.decision_reason}
    nomination.stage = outcome
    nomination.decision_reason = reason.strip()
    nomination.override_reason = override_reason.strip() if have < need else ""
    nomination.decided_at = timezone.now()
    if outcome == Stage.WINNER:
        if citation.strip() != nomination.citation:
            nomination.citation_approved_at = None
        nomination.citation = citation.strip()
    nomination.save()
    after = {"stage": outcome, "reason": nomination.decision_reason}
    if nomination.override_reason:
        after["override"] = {"scores": have, "needed": need, "reason": nomination.override_reason}
    audit.record(
        "awards.decided",
        actor=actor,
        obj=nomination.round,
        object_repr=nomination.reference,
        before=before,
        after=after,
        request=request,
    )
    return nomination


@transaction.atomic
def finalise(rnd: Round, *, actor, request=None) -> Round:
    """The chair makes the decisions final: every nomination decided, at least one winner."""
    stages.require_decisions_allowed(rnd)
    undecided = rnd.nominations.filter(stage=Stage.JUDGING).count()
    if undecided:
        raise ValidationError(
            ngettext(
                "%(n)d nomination has no decision yet. Decide it first.",
                "%(n)d nominations have no decision yet. Decide them first.",
                undecided,
            )
            % {"n": undecided}
        )
    if not rnd.nominations.filter(stage=Stage.WINNER).exists():
        raise ValidationError(_("Choose at least one winner before making the decisions final"))
    rnd.decisions_final_at = timezone.now()
    rnd.save(update_fields=["decisions_final_at"])
    audit.record(
        "awards.decisions_final", actor=actor, obj=rnd, after={"final": True}, request=request
    )
    return rnd


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


def announce(rnd: Round, *, actor, base_url: str = "", request=None) -> Round:
    """Publish the winners and tell every nominee and nominator their outcome, once."""
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=rnd.pk)
        stages.require_announcement_allowed(rnd)
        rnd.announced_at = timezone.now()
        rnd.save(update_fields=["announced_at"])
        audit.record(
            "awards.announced", actor=actor, obj=rnd, after={"announced": True}, request=request
        )
        decided = list(
            rnd.nominations.filter(stage__in=list(OUTCOMES), outcome_sent_at__isnull=True)
            .select_related("nominator", "nominee_organisation", "nominator_organisation")
            .order_by("pk")
        )
        for nomination in decided:
            link = ""
            if nomination.stage == Stage.WINNER:
                token, token_hash = new_token()
                nomination.citation_token_hash = token_hash
                nomination.citation_expires_at = timezone.now() + dt.timedelta(
                    days=CITATION_VALID_DAYS
                )
                link = base_url + reverse("awards:citation", args=[token])
            nomination.outcome_sent_at = rnd.announced_at
            nomination.save()
            _tell_outcome(nomination, link, base_url)
    return rnd


def _tell_outcome(nomination: Nomination, citation_link: str, base_url: str) -> None:
    context = {
        "nomination": nomination,
        "link": citation_link,
        "outcome_link": base_url + reverse("awards:nomination", args=[nomination.pk]),
    }
    notifications.send(
        nomination.nominee_email,
        OUTCOMES[nomination.stage],
        {**context, "to_nominee": True},
        organisation=nomination.nominee_organisation,
    )
    notifications.send(
        nomination.nominator.email,
        OUTCOMES[nomination.stage],
        {**context, "to_nominee": False, "link": ""},
        organisation=nomination.nominator_organisation,
    )


def outcome_for(nomination: Nomination) -> dict | None:
    """What a nominator or nominee may see of the outcome: only once announced, and never
    the panel's internal reasons. The citation only once the winner approved it."""
    if nomination.round.announced_at is None or nomination.stage not in OUTCOMES:
        return None
    return {
        "stage": nomination.stage,
        "label": nomination.get_stage_display(),
        "citation": nomination.citation
        if nomination.stage == Stage.WINNER and nomination.citation_approved_at
        else "",
        "certificate": nomination.stage in (Stage.SHORTLISTED, Stage.WINNER),
    }


def public_round(slug: str) -> Round | None:
    return Round.objects.filter(public_slug=slug, announced_at__isnull=False).first()


def published_page(slug: str):
    """The winners page as a page people may ask about in another format (a11y)."""
    from django.urls import reverse

    from dueregard.publishing.published import PublishedPage

    rnd = public_round(slug)
    if rnd is None:
        return None
    return PublishedPage(
        title=_("%(title)s: winners") % {"title": rnd.title},
        system=rnd.system,
        organisation=rnd.organisation,
        url=reverse("awards:winners", args=[rnd.public_slug]),
    )


def published_document(slug: str) -> Document | None:
    """The winners page as a Document, for its large print, Braille and audio (a11y)."""
    rnd = public_round(slug)
    if rnd is None:
        return None
    blocks = []
    for w in public_winners(rnd):
        blocks += [
            Heading(w.nominee_name),
            Paragraph(f"{w.category.name} – {w.nominee_organisation.name}"),
            Paragraph(w.citation),
        ]
    if not blocks:
        blocks = [
            Paragraph(_("The winners will be listed here once they have approved their citations."))
        ]
    return Document(
        title=_("%(title)s: winners") % {"title": rnd.title},
        subtitle=rnd.organisation.name if rnd.organisation else "",
        blocks=tuple(blocks),
    )


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
        raise ValidationError(_("Certificates are for shortlisted nominees and winners"))
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
