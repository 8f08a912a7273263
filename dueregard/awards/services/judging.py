"""The judging panel: judges, declared conflicts (hard exclusions) and scores.

Every page a judge opens gets its nominations from ``visible_nominations``: nominations
with the judges (or decided), minus every one the judge has a conflict with. A conflicted
judge's list, detail, scoring and evidence URLs all answer 404 (ADR 0012).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from dueregard.core.models import Membership, User
from dueregard.core.roles import Role
from dueregard.core.services import audit, conflicts
from dueregard.core.services.memberships import invite

from ..models import (
    JUDGED_STAGES,
    Conflict,
    Judge,
    JudgeKind,
    Nomination,
    QuestionScore,
    Round,
    Scoresheet,
)
from . import stages

# External judges (patient and public representatives) join the organiser's organisation
# with the local-interest panel member role; staff judges keep their own memberships.
EXTERNAL_JUDGE_ROLE = Role.PANEL_MEMBER


def judge_for(rnd: Round, user) -> Judge | None:
    """The user's place on the round's panel (linking an invited e-mail on first use)."""
    if user is None or not user.is_authenticated:
        return None
    judge = rnd.judges.filter(user=user).first()
    if judge is None:
        judge = rnd.judges.filter(user__isnull=True, email__iexact=user.email).first()
        if judge is not None:
            judge.user = user
            judge.save(update_fields=["user"])
    return judge


def judging_rounds(rounds, user) -> list[Round]:
    """Of ``rounds``, those the user judges, in one query (``judge_for`` per round is a
    query per round); invited e-mails are linked as ``judge_for`` does."""
    rounds = list(rounds)
    if user is None or not user.is_authenticated or not rounds:
        return []
    judges = Judge.objects.filter(round__in=rounds).filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
    )
    linked, invited = set(), set()
    for judge in judges:
        (linked if judge.user_id else invited).add(judge.round_id)
    for rnd in rounds:
        if rnd.pk in invited - linked:
            judge_for(rnd, user)  # links the invitation, once
    return [r for r in rounds if r.pk in linked | invited]


def visible_nominations(rnd: Round, judge: Judge | None) -> QuerySet:
    """Nominations the judge may see: consented ones, without any they are conflicted on."""
    if judge is None:
        return Nomination.objects.none()
    # The shared panel rule (core): declared conflicts, nobody judges their own
    # nomination, nor one they made.
    return conflicts.exclude_conflicted(
        Nomination.objects.filter(round=rnd, stage__in=JUDGED_STAGES).select_related("category"),
        declared={"conflicts__judge": judge},
        email=judge.email,
        user_id=judge.user_id or None,
        email_fields=("nominee_email",),
        user_fields=("nominator_id",),
    )


@transaction.atomic
def add_judge(
    rnd: Round,
    *,
    email: str,
    full_name: str,
    kind: str = JudgeKind.STAFF,
    is_chair: bool = False,
    actor=None,
    base_url: str = "",
    request=None,
) -> Judge:
    """Put someone on the panel. People without access are invited through core."""
    email = email.strip().lower()
    if rnd.judges.filter(email=email).exists():
        raise ValidationError({"email": f"{email} is already on the panel"})
    user = User.objects.filter(email=email).first()
    member_here = (
        user is not None
        and Membership.objects.active().filter(user=user, organisation__system=rnd.system).exists()
    )
    if not member_here:
        invite(
            actor=actor,
            email=email,
            role=EXTERNAL_JUDGE_ROLE,
            organisation=rnd.organisation,
            full_name=full_name,
            base_url=base_url,
            request=request,
        )
    judge = Judge.objects.create(
        round=rnd,
        user=user if member_here else None,
        email=email,
        full_name=full_name.strip() or (user.full_name if user else email),
        kind=kind,
        is_chair=is_chair,
    )
    audit.record(
        "awards.judge_added",
        actor=actor,
        obj=rnd,
        after={"judge": email, "kind": kind, "chair": is_chair, "invited": not member_here},
        request=request,
    )
    return judge


@transaction.atomic
def record_conflict(
    judge: Judge, nomination: Nomination, *, kind: str, note: str = "", actor=None, request=None
) -> Conflict:
    """Declare (judge) or record (organiser) a conflict: the judge is excluded for good."""
    if nomination.round_id != judge.round_id:
        raise ValidationError("The judge and the nomination are in different rounds")
    conflict, created = Conflict.objects.get_or_create(
        judge=judge,
        nomination=nomination,
        defaults={"kind": kind, "note": note.strip(), "declared_by": actor},
    )
    # Any score the judge gave before the conflict came to light no longer counts.
    removed, _ = Scoresheet.objects.filter(judge=judge, nomination=nomination).delete()
    if created:
        audit.record(
            "awards.conflict_recorded",
            actor=actor,
            obj=judge.round,
            object_repr=nomination.reference,
            after={
                "judge": judge.email,
                "nomination": nomination.reference,
                "kind": kind,
                "scores_removed": bool(removed),
            },
            request=request,
        )
    return conflict


@transaction.atomic
def score(
    judge: Judge,
    nomination: Nomination,
    *,
    scores: dict,
    comments: dict | None = None,
    comment: str = "",
    request=None,
) -> Scoresheet:
    """Save the judge's scores (question pk -> 1..5). Re-scoring replaces the sheet."""
    stages.require_scoring_allowed(judge.round)
    if not visible_nominations(judge.round, judge).filter(pk=nomination.pk).exists():
        raise ValidationError("You cannot score this nomination")
    questions = list(nomination.category.questions.all())
    missing = [q for q in questions if scores.get(q.pk) not in (1, 2, 3, 4, 5)]
    if missing:
        raise ValidationError(
            {f"score_{q.pk}": f"Choose a score for question {q.position}" for q in missing}
        )
    sheet, created = Scoresheet.objects.update_or_create(
        judge=judge, nomination=nomination, defaults={"comment": comment.strip()}
    )
    sheet.scores.all().delete()
    comments = comments or {}
    QuestionScore.objects.bulk_create(
        QuestionScore(sheet=sheet, question=q, score=scores[q.pk], comment=comments.get(q.pk, ""))
        for q in questions
    )
    audit.record(
        "awards.scored" if created else "awards.rescored",
        actor=judge.user,
        obj=judge.round,
        object_repr=nomination.reference,
        after={"nomination": nomination.reference, "scores": [scores[q.pk] for q in questions]},
        request=request,
    )
    return sheet
