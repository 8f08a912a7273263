"""Who a mentoring programme reaches: applied → matched → completed, by each
characteristic participants chose to share (voluntary, kept apart from operational
data), against those who did not share it; disclosure-controlled for everyone."""

from __future__ import annotations

from dueregard.analytics.reach import reach_rows

from ..models import Application, PairStatus, Programme
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
