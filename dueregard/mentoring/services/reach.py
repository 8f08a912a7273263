"""Who a mentoring programme reaches: applied → matched → completed, by each
characteristic participants chose to share (voluntary, kept apart from operational
data), against those who did not share it; disclosure-controlled for everyone."""

from __future__ import annotations

from dueregard.analytics.reach import reach_rows

from ..models import Application, PairStatus, Partnership, Programme
from . import framework

STAGES = ("applied", "matched", "completed")
MATCHED = (PairStatus.ACCEPTED, PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED)


def _stages(programme: Programme) -> dict[int, tuple[bool, bool]]:
    """For each submitted application: (matched, completed)."""
    out: dict[int, tuple[bool, bool]] = {}
    apps = programme.applications.filter(status=Application.Status.SUBMITTED)
    for app in apps:
        out[app.pk] = (False, False)
    for pair in programme.partnerships.filter(status__in=MATCHED):
        done = pair.status == PairStatus.COMPLETED
        for pk in (pair.leader_id, pair.partner_id):
            if pk in out:
                matched, completed = out[pk]
                out[pk] = (True, completed or done)
    return out


def table(programme: Programme) -> list:
    stages = _stages(programme)
    shared = dict(
        programme.applications.filter(pk__in=list(stages)).values_list("pk", "characteristics")
    )
    groups = []
    for code, name in framework.group_choices(programme.characteristics_framework):
        yes = [pk for pk in stages if code in (shared.get(pk) or [])]
        no = [pk for pk in stages if pk not in set(yes)]

        def counts(pks):
            return [
                len(pks),
                sum(stages[pk][0] for pk in pks),
                sum(stages[pk][1] for pk in pks),
            ]

        groups.append((name, counts(yes), counts(no)))
    return reach_rows(STAGES, groups)


def totals(objects) -> dict[int, list[int]]:
    """Programme id → [applied, matched, completed] (for the reach overview), in two
    queries for all of them."""
    out = {o.pk: [0, 0, 0] for o in objects}
    applied = dict(
        Application.objects.filter(
            programme_id__in=list(out), status=Application.Status.SUBMITTED
        ).values_list("pk", "programme_id")
    )
    state = {pk: [False, False] for pk in applied}
    pairs = Partnership.objects.filter(programme_id__in=list(out), status__in=MATCHED)
    for leader, partner, status in pairs.values_list("leader_id", "partner_id", "status"):
        for pk in (leader, partner):
            if pk in state:
                state[pk][0] = True
                state[pk][1] = state[pk][1] or status == PairStatus.COMPLETED
    for pk, programme_id in applied.items():
        counts = out[programme_id]
        counts[0] += 1
        counts[1] += state[pk][0]
        counts[2] += state[pk][1]
    return out
