"""Who a change-maker programme reaches: applied → selected → attended → completed →
progressed (a new role, promotion or band change at a follow-up), by each characteristic
applicants chose to share when applying (voluntary, kept apart from the application in
``Monitoring``; ADR 0044), against those who did not share it; disclosure-controlled by
``analytics.reach``.

For WRES indicator 4 (``accessed``) a person accessed the programme when they took up a
place (a participant, whether or not they have completed) or attended any of its
sessions; an offer declined or still open, or a place on the waiting list, is not access.
"""

from __future__ import annotations

from django.db.models import Q

from dueregard.core import monitoring
from dueregard.core.tenancy import Scope
from dueregard.events.models import Booking
from dueregard.frameworks.services.characteristics import current

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
    _programme, apps = _applications(cohort_or_programme)
    reached = stages(apps)
    shared = {
        pk: codes or []
        for pk, codes, group in apps.values_list(
            "pk", "monitoring__codes", "monitoring__ethnic_group"
        )
        if codes is not None or group
    }
    return monitoring.group_rows(STAGES, reached, shared, current())


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


def accessed(scope: Scope) -> dict[str, str]:
    """WRES indicator 4: staff of the scope's organisations who took up a place on, or
    attended a session of, a cohort of a programme open to the scope (its own, and its
    system's system-wide ones), e-mail → the ethnic group they shared ("" when they did
    not)."""
    apps = monitoring.staff_of(
        Application.objects.filter(cohort__programme__in=Programme.in_scope(scope)),
        scope,
        "organisation",
    )
    reached = stages(apps)
    rows = apps.order_by("created_at", "pk").values_list(
        "pk", "status", "user__email", "monitoring__ethnic_group"
    )
    out: dict[str, str] = {}
    for pk, status, email, group in rows:
        if status == Status.ACCEPTED or reached[pk][1]:
            out[email.lower()] = group or out.get(email.lower(), "")
    return out
