"""The cohort's calendar: modules and action-learning sets are sessions of the cohort's
events series (``events.services.programme.add_session``), participants hold a confirmed
booking on each, and attendance is the events register (``events.services.records``), so
the calendar files, joining links, reminders and check-in of workshops all apply (ADR 0043).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from dueregard.core.services import audit
from dueregard.events.models import Booking, BookingStatus
from dueregard.events.services import programme as event_programme
from dueregard.events.services import records

from ..models import Application, Cohort, Module, Status


def _book(app: Application, session, now) -> None:
    Booking.objects.get_or_create(
        session=session,
        user=app.user,
        status=BookingStatus.CONFIRMED,
        defaults={"organisation": app.organisation, "confirmed_at": now, "created_at": now},
    )


@transaction.atomic
def add_module(cohort: Cohort, *, kind: str, title: str, actor, request=None, **session) -> Module:
    """A session of the cohort's series (dates in the past are refused by events), with a
    place booked for every participant."""
    session.setdefault("capacity", cohort.places)
    made = event_programme.add_session(cohort.series, actor=actor, request=request, **session)
    module = Module.objects.create(cohort=cohort, session=made, kind=kind, title=title.strip())
    now = timezone.now()
    for app in cohort.applications.filter(status=Status.ACCEPTED).select_related("user"):
        _book(app, made, now)
    audit.record(
        "cohorts.module_added",
        actor=actor,
        obj=cohort.programme,
        object_repr=str(cohort),
        after={"title": module.title, "kind": kind, "date": str(made.date)},
        request=request,
    )
    return module


def enrol(app: Application) -> None:
    """A new participant gets a place on every session still to come."""
    now = timezone.now()
    for module in app.cohort.modules.filter(session__date__gte=timezone.localdate()):
        _book(app, module.session, now)


def unenrol(app: Application) -> None:
    now = timezone.now()
    Booking.objects.filter(
        session__in=app.cohort.modules.values("session"),
        user=app.user,
        status=BookingStatus.CONFIRMED,
        session__date__gte=timezone.localdate(),
    ).update(status=BookingStatus.CANCELLED, cancelled_at=now)


def register(module: Module) -> list[Booking]:
    return list(
        module.session.bookings.filter(status=BookingStatus.CONFIRMED)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def mark_attendance(module: Module, present_ids: set[int], *, actor, request=None) -> int:
    """The events register, for one date of the calendar (each change audited there)."""
    return records.mark_attendance(module.session, present_ids, actor=actor, request=request)


def attendance(app: Application) -> tuple[int, int]:
    """(sessions attended, sessions held so far) for one participant."""
    held = app.cohort.modules.filter(session__date__lte=timezone.localdate()).values("session")
    total = held.count()
    attended = Booking.objects.filter(session__in=held, user_id=app.user_id, attended=True).count()
    return attended, total


def attendance_by_user(cohort: Cohort) -> dict[int, int]:
    """Sessions attended per participant (user id), in one query."""
    rows = Booking.objects.filter(
        session__in=cohort.modules.values("session"), attended=True
    ).values_list("user_id", flat=True)
    counts: dict[int, int] = {}
    for user_id in rows:
        counts[user_id] = counts.get(user_id, 0) + 1
    return counts
