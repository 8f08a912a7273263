"""Organiser review of proposed pairs: accept, override, swap; then introductions.

Overrides and swaps need a reason and are checked against the same hard rules as the
solver (same line-management chain or team, declared conflicts) and the leader's places.
Every decision is audited with its reason. Accepted pairs are fixed on later runs.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.services import audit, notifications

from ..models import (
    CHECKIN_MONTHS,
    LIVE,
    Application,
    CheckIn,
    PairStatus,
    Partnership,
    Programme,
    ProgrammeStatus,
)
from . import matching
from .programmes import audit_place
from .runs import people, weights_of

EDITABLE = (PairStatus.PROPOSED, PairStatus.ACCEPTED)


def _record(action, pair: Partnership, *, actor, before=None, after=None, request=None):
    audit.record(
        action,
        actor=actor,
        obj=pair,
        before=before,
        after=after,
        request=request,
        object_repr=f"Pair {pair.pk} in {pair.programme.title}",
        **audit_place(pair.programme),
    )


def check_pair(leader: Application, partner: Application) -> matching.Pair:
    """The pair as the solver would score and explain it; ValidationError if forbidden."""
    apps = list(
        Application.objects.filter(
            programme=leader.programme, status=Application.Status.SUBMITTED
        ).select_related("user")
    )
    leaders, partners = people(apps)
    lv = next(ld for _a, ld, _f in leaders if ld.id == leader.solver_id)
    pv = next(p for _a, p in partners if p.id == partner.solver_id)
    lv = matching.Leader(**{**lv.as_dict(), "conflicts": [c for c in lv.conflicts if c == pv.id]})
    pv = matching.Partner(**{**pv.as_dict(), "conflicts": [c for c in pv.conflicts if c == lv.id]})
    programme = leader.programme
    result = matching.match(
        [lv],
        [pv],
        weights_of(programme, [lv, pv]),
        matching.Constraints(
            forced=((lv.id, pv.id),),
            organisation_rule=programme.organisation_rule,
            preferences=programme.preference_mode,
        ),
    )
    if result.errors:
        raise ValidationError(
            _("%(leader)s and %(partner)s cannot be paired: %(reasons)s")
            % {
                "leader": leader.name,
                "partner": partner.name,
                "reasons": ", ".join(result.errors[0].reasons),
            }
        )
    return result.pairs[0]


def _places_left(leader: Application, ignore: set[int] = frozenset()) -> int:
    taken = (
        Partnership.objects.filter(leader=leader, status__in=LIVE).exclude(pk__in=ignore).count()
    )
    return int(leader.capacity or 1) - taken


@transaction.atomic
def accept(pair: Partnership, *, actor, request=None) -> Partnership:
    if pair.status != PairStatus.PROPOSED:
        raise ValidationError("Only a proposed pair can be accepted")
    pair.status, pair.accepted_at = PairStatus.ACCEPTED, timezone.now()
    pair.save(update_fields=["status", "accepted_at"])
    _record(
        "mentoring.pair_accepted",
        pair,
        actor=actor,
        before={"status": PairStatus.PROPOSED},
        after={"status": pair.status},
        request=request,
    )
    return pair


def accept_all(programme: Programme, *, actor, request=None) -> int:
    pairs = list(Partnership.objects.filter(programme=programme, status=PairStatus.PROPOSED))
    for pair in pairs:
        accept(pair, actor=actor, request=request)
    return len(pairs)


@transaction.atomic
def override(
    pair: Partnership, leader: Application, *, reason: str, actor, request=None
) -> Partnership:
    """Give the pair's partner a different leader.

    If that leader has no place left, their proposed (not yet accepted) pair is released
    and its partner waits for the next run; accepted pairs are kept, so re-running the
    matching pairs the released partner without undoing the change.
    """
    if not reason.strip():
        raise ValidationError("Give a reason for the change")
    if pair.status not in EDITABLE:
        raise ValidationError("This pair has been introduced and can no longer be changed")
    if leader.programme_id != pair.programme_id or leader.side != "leader":
        raise ValidationError("Choose a leader in this programme")
    if leader.pk == pair.leader_id:
        raise ValidationError("Choose a different leader")
    checked = check_pair(leader, pair.partner)
    released = None
    if _places_left(leader, ignore={pair.pk}) < 1:
        # A full leader gives up a pair that is only proposed; its partner goes back into
        # the pool for the next run. Accepted or introduced pairs are never undone here.
        released = (
            Partnership.objects.filter(leader=leader, status=PairStatus.PROPOSED)
            .exclude(pk=pair.pk)
            .order_by("pk")
            .first()
        )
        if released is None:
            raise ValidationError(
                f"{leader.name} has no place left: swap pairs instead, or end one of theirs"
            )
    before = {"leader": pair.leader_id, "status": pair.status}
    if released is not None:
        before["released_pair"] = released.pk
        before["released_partner"] = released.partner_id
        released_partner = released.partner
        released.delete()
    pair.leader = leader
    pair.status, pair.source, pair.reason = PairStatus.ACCEPTED, Partnership.Source.OVERRIDE, reason
    pair.score, pair.explanation = (
        checked.score,
        checked.explanation.replace("forced by the organiser; ", "set by an organiser; "),
    )
    pair.accepted_at = timezone.now()
    pair.save()
    _record(
        "mentoring.pair_overridden",
        pair,
        actor=actor,
        before=before,
        after={"leader": leader.pk, "status": pair.status, "reason": reason},
        request=request,
    )
    pair.released_partner = released_partner if released is not None else None
    return pair


@transaction.atomic
def swap(a: Partnership, b: Partnership, *, reason: str, actor, request=None):
    """Exchange the leaders of two pairs."""
    if not reason.strip():
        raise ValidationError("Give a reason for the swap")
    if a.pk == b.pk or a.programme_id != b.programme_id:
        raise ValidationError("Choose another pair in this programme")
    if a.status not in EDITABLE or b.status not in EDITABLE:
        raise ValidationError("Introduced pairs can no longer be changed")
    first = check_pair(b.leader, a.partner)
    second = check_pair(a.leader, b.partner)
    before = {"a_leader": a.leader_id, "b_leader": b.leader_id}
    a.leader, b.leader = b.leader, a.leader
    now = timezone.now()
    for pair, checked in ((a, first), (b, second)):
        pair.status, pair.source, pair.reason = PairStatus.ACCEPTED, Partnership.Source.SWAP, reason
        pair.score = checked.score
        pair.explanation = checked.explanation.replace("forced by the organiser; ", "swapped; ")
        pair.accepted_at = now
        pair.save()
    _record(
        "mentoring.pairs_swapped",
        a,
        actor=actor,
        before=before,
        after={"a_leader": a.leader_id, "b_leader": b.leader_id, "b": b.pk, "reason": reason},
        request=request,
    )
    return a, b


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def send_introductions(programme: Programme, *, actor, base_url: str = "", request=None) -> int:
    """E-mail both people of every accepted pair, and set their check-in points."""
    if programme.status in (ProgrammeStatus.PAUSED, ProgrammeStatus.CLOSED):
        raise ValidationError(
            _("This programme is %(status)s: introductions wait until it is resumed.")
            % {"status": str(programme.get_status_display()).lower()}
        )
    sent = 0
    pairs = Partnership.objects.filter(programme=programme, status=PairStatus.ACCEPTED)
    for pair in pairs.select_related("leader__user", "partner__user", "programme"):
        with transaction.atomic():
            claimed = Partnership.objects.filter(pk=pair.pk, status=PairStatus.ACCEPTED).update(
                status=PairStatus.ACTIVE, introduced_at=timezone.now()
            )
            if not claimed:
                continue
            pair.refresh_from_db()
            start = max(timezone.localdate(pair.introduced_at), programme.cohort_start)
            for month in CHECKIN_MONTHS:
                CheckIn.objects.get_or_create(
                    partnership=pair, month=month, defaults={"due_on": add_months(start, month)}
                )
            _record(
                "mentoring.introduced",
                pair,
                actor=actor,
                before={"status": PairStatus.ACCEPTED},
                after={"status": PairStatus.ACTIVE},
                request=request,
            )
        link = f"{base_url}/mentoring/partnerships/{pair.pk}/"
        for me, other in ((pair.leader, pair.partner), (pair.partner, pair.leader)):
            notifications.send(
                me.user.email,
                "mentoring_introduction",
                {"pair": pair, "me": me, "other": other, "programme": programme, "link": link},
                organisation=programme.organisation or programme.organiser_organisation,
            )
        sent += 1
    if sent and programme.status != ProgrammeStatus.RUNNING:
        Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.RUNNING)
    return sent
