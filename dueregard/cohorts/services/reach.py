"""Who a change-maker programme reaches: applied → selected → attended → completed →
progressed (a new role, promotion or band change at a follow-up), by each characteristic
applicants chose to share (voluntary, kept apart from the operational record), against
those who did not share it; disclosure-controlled by ``analytics.reach``."""

from __future__ import annotations

from django.db.models import Q

from dueregard.analytics.reach import reach_rows
from dueregard.events.models import Booking
from dueregard.frameworks.services import characteristics

from ..models import Application, Cohort, FollowUp, Programme, Status

STAGES = ("applied", "selected", "attended", "completed", "progressed")
SELECTED = (Status.OFFERED, Status.ACCEPTED, Status.DECLINED)


def _applications(cohort_or_programme) -> tuple[Programme, object]:
    if isinstance(cohort_or_programme, Cohort):
        return cohort_or_programme.programme, Application.objects.filter(cohort=cohort_or_programme)
    return cohort_or_programme, Application.objects.filter(cohort__programme=cohort_or_programme)


def stages(apps) -> dict[int, tuple[bool, bool, bool, bool]]:
    """For each application: (selected, attended, completed, progressed), in four queries."""
    rows = list(apps.values_list("pk", "status", "user_id", "cohort_id", "completed_on"))
    attended = set(
        Booking.objects.filter(
            attended=True,
            user_id__in=[r[2] for r in rows],
        ).values_list("user_id", "session__cohort_module__cohort_id")
    )
    progressed = set(
        FollowUp.objects.filter(application__in=apps, answered_at__isnull=False)
        .filter(Q(new_role=True) | Q(promotion=True) | Q(band_change=True))
        .values_list("application_id", flat=True)
    )
    out = {}
    for pk, status, user_id, cohort_id, completed_on in rows:
        out[pk] = (
            status in SELECTED,
            (user_id, cohort_id) in attended,
            completed_on is not None,
            pk in progressed,
        )
    return out


def table(cohort_or_programme) -> list:
    programme, apps = _applications(cohort_or_programme)
    reached = stages(apps)
    shared = dict(apps.values_list("pk", "characteristics"))
    groups = []
    for code, name in characteristics.group_choices(programme.characteristics_framework):
        yes = [pk for pk in reached if code in (shared.get(pk) or [])]
        yes_set = set(yes)
        no = [pk for pk in reached if pk not in yes_set]

        def counts(pks):
            return [len(pks)] + [sum(reached[pk][i] for pk in pks) for i in range(4)]

        groups.append((name, counts(yes), counts(no)))
    return reach_rows(STAGES, groups)


def totals(objects) -> dict[int, list[int]]:
    """Programme id → people at each stage (for the reach overview), in a fixed number of
    queries for all of them."""
    out = {o.pk: [0] * len(STAGES) for o in objects}
    apps = Application.objects.filter(cohort__programme_id__in=list(out))
    programme_of = dict(apps.values_list("pk", "cohort__programme_id"))
    for pk, flags in stages(apps).items():
        counts = out[programme_of[pk]]
        counts[0] += 1
        for i, reached in enumerate(flags, start=1):
            counts[i] += reached
    return out
