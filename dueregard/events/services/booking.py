"""Booking without overbooking: lock, re-check, write — inside one durable transaction.

Availability is computed from rows every time (``free_places``), never kept as a counter.
``book`` takes the session's lock (PostgreSQL: ``SELECT … FOR UPDATE`` on the session row;
SQLite: the write lock an IMMEDIATE transaction takes at BEGIN), re-checks what is free,
then writes. In a series where each person attends one session, two requests from one
person for two different dates hold different session locks, so ``book`` first takes a
lock on the (series, person) pair (a PostgreSQL transaction-level advisory lock) and
re-checks the person's other bookings under it (ADR 0118).
``EVENTS_BOOKING_LOCK = False`` (tests only) skips both locks and widens the gap
between check and write by ``EVENTS_RACE_WINDOW_SECONDS``, so the concurrency
test's control run can show that the race is real.

People who find a session full join its waiting list in arrival order; a freed place is
offered to the first of them for ``series.offer_hours``, then passes on
(``process_waiting_lists``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dueregard.core.services import audit, notifications

from ..models import ACTIVE, Booking, BookingStatus, Invitation, Session
from .ics import booking_calendar
from .monitoring import record_monitoring
from .network_days import check_network_day


class BookingRefused(ValidationError):
    pass


def lock_enabled() -> bool:
    return getattr(settings, "EVENTS_BOOKING_LOCK", True)


def _race_window() -> None:
    """Only with the lock disabled (the control run): widen the check-then-write gap."""
    if not lock_enabled():
        time.sleep(float(getattr(settings, "EVENTS_RACE_WINDOW_SECONDS", 0)))


def lock_person(series_id: int, user_id: int) -> None:
    """Inside a transaction: hold the (series, person) lock until COMMIT.

    Taken before any session row lock, always in that order, so it cannot deadlock with
    them. SQLite needs none (its IMMEDIATE transactions already serialise writers).
    """
    if not lock_enabled() or connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(
        f"events.series-person:{series_id}:{user_id}".encode(), digest_size=8
    ).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)]
        )


def long_date(value: dt.date) -> str:
    return date_format(value, "j F Y")


def _locked(session_id: int) -> Session:
    qs = Session.objects.select_related("series", "series__organisation")
    if lock_enabled() and connection.vendor != "sqlite":
        # SQLite needs no row lock: transaction_mode=IMMEDIATE took the database's write
        # lock at BEGIN. PostgreSQL locks the session row until COMMIT.
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=session_id)


def places_taken(session: Session, now: dt.datetime | None = None) -> int:
    if hasattr(session, "held_places"):  # counted for a whole list: with_place_counts
        return session.held_places + session.reserved_places
    now = now or timezone.now()
    held = Booking.objects.filter(
        session=session, status__in=[BookingStatus.CONFIRMED, BookingStatus.OFFERED]
    ).count()
    reserved = Invitation.objects.filter(
        session=session, status=Invitation.Status.PENDING, reserved_until__gt=now
    ).count()
    return held + reserved


def _count_per_session(qs: models.QuerySet) -> Coalesce:
    counted = qs.filter(session=OuterRef("pk")).order_by().values("session")
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")[:1]), 0)


def with_place_counts(sessions: models.QuerySet, now: dt.datetime | None = None):
    """``sessions`` with their places held, reserved and waiting counted in the same
    query (a list page then costs the same number of queries for any number of rows);
    :func:`places_taken` and :func:`waiting_count` use these counts when present."""
    now = now or timezone.now()
    return sessions.annotate(
        held_places=_count_per_session(
            Booking.objects.filter(status__in=[BookingStatus.CONFIRMED, BookingStatus.OFFERED])
        ),
        reserved_places=_count_per_session(
            Invitation.objects.filter(status=Invitation.Status.PENDING, reserved_until__gt=now)
        ),
        waiting_places=_count_per_session(Booking.objects.filter(status=BookingStatus.WAITING)),
    )


def free_places(session: Session, now: dt.datetime | None = None) -> int:
    return max(0, session.capacity - places_taken(session, now))


def waiting_count(session: Session) -> int:
    if hasattr(session, "waiting_places"):  # counted for a whole list: with_place_counts
        return session.waiting_places
    return Booking.objects.filter(session=session, status=BookingStatus.WAITING).count()


def held_invitation(session: Session, user, now: dt.datetime) -> Invitation | None:
    return (
        Invitation.objects.filter(
            session=session,
            email__iexact=user.email,
            status=Invitation.Status.PENDING,
            reserved_until__gt=now,
        )
        .order_by("created_at")
        .first()
    )


def clean_needs(bsl: bool = False, captions: bool = False, other: str = "") -> dict:
    needs = {"bsl": bool(bsl), "captions": bool(captions)}
    if other.strip():
        needs["other"] = other.strip()[:500]
    return needs


@dataclass
class Outcome:
    booking: Booking
    created: bool
    released: list[Booking] = field(default_factory=list)


def _audit(action: str, booking: Booking, actor=None, before=None, after=None, request=None):
    series = booking.session.series
    return audit.record(
        action,
        actor=actor,
        obj=booking,
        organisation=series.organisation,
        system=series.system,
        before=before,
        after=after,
        request=request,
    )


def _other_bookings(session: Session, user) -> tuple[list[Booking], list[Booking]]:
    """The person's other active bookings in the series: (places held, waiting lists)."""
    others = list(
        Booking.objects.filter(session__series_id=session.series_id, user=user, status__in=ACTIVE)
        .exclude(session=session)
        .select_related("session")
    )
    held = [b for b in others if b.status != BookingStatus.WAITING]
    return held, [b for b in others if b.status == BookingStatus.WAITING]


def _refuse_second_place(held: Booking) -> None:
    when = long_date(held.session.date)
    if held.status == BookingStatus.OFFERED:
        raise BookingRefused(
            _(
                "You have been offered a place on %(date)s. Accept or decline that offer "
                "before booking another date."
            )
            % {"date": when}
        )
    raise BookingRefused(
        _(
            "You are already booked on %(date)s. Each person attends one session of "
            "%(title)s: cancel that booking first if you want to change date."
        )
        % {"date": when, "title": held.session.series.title}
    )


def book(
    session: Session,
    user,
    *,
    access_needs: dict | None = None,
    answers: dict | None = None,
    organisation=None,
    group: str = "",
    shared: tuple[list[str], str] | None = None,
    now: dt.datetime | None = None,
    base_url: str = "",
    request=None,
) -> Outcome:
    """Give ``user`` a place if one is free and nobody is waiting; else a waiting-list place.

    Arrival order is the order requests get through the session lock, so the time is taken
    after the lock (unless a test passes ``now``): the waiting list is ordered by it.
    In a one-session-per-person series a person holds at most one active booking: a
    waiting-list place elsewhere gives way when they book a date with places.
    ``shared`` is the voluntary equality monitoring (codes, ethnic group; ADR 0044), kept
    in its own table; the audit trail records only whether anything was shared.
    """
    injected = now is not None
    now = now or timezone.now()
    released: list[Booking] = []
    with transaction.atomic(durable=True):
        one_each = Session.objects.filter(pk=session.pk, series__one_per_person=True).exists()
        if one_each:
            lock_person(session.series_id, user.pk)
        session = _locked(session.pk)
        if not injected:
            now = timezone.now()
        series = session.series
        existing = Booking.objects.filter(session=session, user=user, status__in=ACTIVE).first()
        if existing is not None:
            return Outcome(existing, created=False)
        if session.is_cancelled:
            raise BookingRefused(_("This session has been cancelled, so it cannot be booked."))
        if session.start <= now:
            raise BookingRefused(_("This session has already started, so it cannot be booked."))
        check_network_day(series, user, organisation, group)
        waits: list[Booking] = []
        if series.one_per_person:
            held, waits = _other_bookings(session, user)
            if held:
                _refuse_second_place(held[0])
        invitation = held_invitation(session, user, now)
        if invitation is not None:
            status = BookingStatus.CONFIRMED  # the place held for them
        else:
            has_room = free_places(session, now) > 0 and waiting_count(session) == 0
            _race_window()
            status = BookingStatus.CONFIRMED if has_room else BookingStatus.WAITING
        if status == BookingStatus.WAITING and waits:
            raise BookingRefused(
                _(
                    "You are already on the waiting list for %(date)s. You can wait for one "
                    "date at a time: book a date that has places, or leave that waiting list "
                    "first."
                )
                % {"date": long_date(waits[0].session.date)}
            )
        for wait in waits:  # booked a date with places: leave the other waiting list
            wait.status, wait.cancelled_at = BookingStatus.CANCELLED, now
            wait.save(update_fields=["status", "cancelled_at"])
            _audit(
                "events.booking.cancelled",
                wait,
                actor=user,
                before={"status": "waiting"},
                after={"status": "cancelled", "reason": "booked another date"},
                request=request,
            )
            released.append(wait)
        booking = Booking.objects.create(
            session=session,
            user=user,
            status=status,
            access_needs=access_needs or {},
            answers=answers or {},
            organisation=organisation,
            group=group if series.register_by_group else "",
            created_at=now,
            confirmed_at=now if status == BookingStatus.CONFIRMED else None,
            invitation=invitation,
        )
        if invitation is not None:
            invitation.status = Invitation.Status.BOOKED
            invitation.save(update_fields=["status"])
        monitored = record_monitoring(booking, *(shared or ([], "")))
        _audit(
            "events.booking.created",
            booking,
            actor=user,
            after={
                "status": status,
                "access_needs": booking.access_needs,
                "equality_monitoring_shared": monitored,
            },
            request=request,
        )
    if status == BookingStatus.CONFIRMED:
        send_confirmation(booking, base_url=base_url, now=now)
    else:
        notifications.send(
            user.email,
            "events_waiting",
            {"booking": booking, "link": booking_link(booking, base_url)},
            organisation=series.organisation,
        )
    return Outcome(booking, created=True, released=released)


def booking_link(booking: Booking, base_url: str = "") -> str:
    base = base_url or getattr(settings, "EVENTS_BASE_URL", "")
    return base + reverse("events:booking", args=[booking.pk])


def calendar_attachment(booking: Booking, *, base_url: str = "", now=None, cancel=False):
    ics = booking_calendar(booking, url=booking_link(booking, base_url), now=now, cancel=cancel)
    return notifications.Attachment("workshop.ics", ics, "text/calendar")


def send_confirmation(booking: Booking, *, base_url: str = "", now=None):
    return notifications.send(
        booking.user.email,
        "events_booking_confirmed",
        {
            "booking": booking,
            "session": booking.session,
            "link": booking_link(booking, base_url),
        },
        organisation=booking.session.series.organisation,
        attachments=[calendar_attachment(booking, base_url=base_url, now=now)],
    )


def _offer_free_places(session: Session, now: dt.datetime) -> list[Booking]:
    """Inside the lock: offer each free place to the next person waiting."""
    offered = []
    free = free_places(session, now)
    if free <= 0:
        return offered
    expires = min(now + dt.timedelta(hours=session.series.offer_hours), session.start)
    if expires <= now:
        return offered
    waiting = Booking.objects.filter(session=session, status=BookingStatus.WAITING).order_by(
        "created_at", "pk"
    )[:free]
    for booking in waiting:
        booking.status = BookingStatus.OFFERED
        booking.offered_at, booking.offer_expires_at = now, expires
        booking.save(update_fields=["status", "offered_at", "offer_expires_at"])
        _audit(
            "events.booking.offered",
            booking,
            before={"status": "waiting"},
            after={"status": "offered"},
        )
        offered.append(booking)
    return offered


def _send_offers(offers: list[Booking], base_url: str = "") -> None:
    for booking in offers:
        notifications.send(
            booking.user.email,
            "events_offer",
            {
                "booking": booking,
                "session": booking.session,
                "link": booking_link(booking, base_url),
            },
            organisation=booking.session.series.organisation,
        )


def cancel(
    booking: Booking,
    *,
    actor,
    now=None,
    base_url: str = "",
    request=None,
    by_organiser: bool = False,
) -> Booking:
    """Cancel a place, a waiting-list place or an offer; a freed place goes to the next.

    The person is e-mailed, with a cancellation calendar file when they had a place.
    ``by_organiser``: an organiser removed them (the e-mail says so).
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        session = _locked(booking.session_id)
        booking = Booking.objects.select_related("session__series").get(pk=booking.pk)
        if not booking.is_active:
            raise BookingRefused(_("This booking is already cancelled."))
        before = booking.status
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        booking.save(update_fields=["status", "cancelled_at"])
        _audit(
            "events.booking.cancelled",
            booking,
            actor=actor,
            before={"status": before},
            after={"status": booking.status, "by_organiser": by_organiser},
            request=request,
        )
        offers = _offer_free_places(session, now)
    send_cancellation(
        booking,
        had_place=before == BookingStatus.CONFIRMED,
        base_url=base_url,
        now=now,
        reason="removed" if by_organiser else "own",
    )
    _send_offers(offers, base_url)
    return booking


def send_cancellation(booking: Booking, *, had_place: bool, base_url="", now=None, reason="own"):
    """Tell the person their booking is cancelled; ``reason``: own, removed, session, series,
    moved. A person who had a place gets the calendar file that removes the entry."""
    attachments = (
        [calendar_attachment(booking, base_url=base_url, now=now, cancel=True)] if had_place else []
    )
    return notifications.send(
        booking.user.email,
        "events_cancelled",
        {
            "booking": booking,
            "session": booking.session,
            "reason": reason,
            "had_place": had_place,
            "message": "",
        },
        organisation=booking.session.series.organisation,
        attachments=attachments,
    )


def accept_offer(booking: Booking, *, actor, now=None, base_url: str = "", request=None) -> Booking:
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        _locked(booking.session_id)
        booking = Booking.objects.select_related("session__series", "user").get(pk=booking.pk)
        if booking.status != BookingStatus.OFFERED:
            raise BookingRefused(_("There is no open offer of a place on this booking."))
        if booking.offer_expires_at and booking.offer_expires_at <= now:
            raise BookingRefused(_("Sorry, this offer has lapsed and the place has passed on."))
        booking.status, booking.confirmed_at = BookingStatus.CONFIRMED, now
        booking.save(update_fields=["status", "confirmed_at"])
        _audit(
            "events.booking.offer_accepted",
            booking,
            actor=actor,
            before={"status": "offered"},
            after={"status": "confirmed"},
            request=request,
        )
    send_confirmation(booking, base_url=base_url, now=now)
    return booking


def process_waiting_lists(now: dt.datetime | None = None, base_url: str = "") -> dict[str, int]:
    """Lapse expired offers and offer every free place to the next person waiting.

    Run every few minutes (``manage.py process_waiting_lists``). Places held by
    invitations past their ``reserved_until`` are free here too.
    """
    now = now or timezone.now()
    session_ids = (
        Booking.objects.filter(
            status__in=[BookingStatus.WAITING, BookingStatus.OFFERED], session__date__gte=now.date()
        )
        .values_list("session_id", flat=True)
        .distinct()
    )
    counts = {"lapsed": 0, "offered": 0}
    for session_id in sorted(set(session_ids)):
        with transaction.atomic(durable=True):
            session = _locked(session_id)
            lapsed = list(
                Booking.objects.filter(
                    session=session, status=BookingStatus.OFFERED, offer_expires_at__lte=now
                ).select_related("user", "session__series")
            )
            for booking in lapsed:
                booking.status = BookingStatus.LAPSED
                booking.save(update_fields=["status"])
                _audit(
                    "events.booking.offer_lapsed",
                    booking,
                    before={"status": "offered"},
                    after={"status": "lapsed"},
                )
            offers = _offer_free_places(session, now) if session.start > now else []
        for booking in lapsed:
            notifications.send(
                booking.user.email,
                "events_offer_lapsed",
                {"booking": booking, "session": booking.session},
                organisation=booking.session.series.organisation,
            )
        _send_offers(offers, base_url)
        counts["lapsed"] += len(lapsed)
        counts["offered"] += len(offers)
    return counts
