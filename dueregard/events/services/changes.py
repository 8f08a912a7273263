"""Organisers change what they created: a session's details and places, cancelling a
session or a whole series, moving or removing an attendee, and messaging everyone booked.

Every change that affects a person e-mails them through the notifications service; a
change to a session people hold a place on raises its calendar ``sequence`` and carries the
updated calendar file (same UID); a cancellation carries ``METHOD:CANCEL``. Every change
is audited here.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dueregard.core.services import audit, notifications

from ..models import ACTIVE, LONDON, Booking, BookingStatus, Series, Session
from . import booking as booking_service
from .booking import BookingRefused, _locked, long_date
from .programme import SESSION_FIELDS

# What people booked are told about when it changes (a change to breaks or places is not).
NOTIFIED_FIELDS = {
    "date": gettext_lazy("Date"),
    "starts_at": gettext_lazy("Start time"),
    "ends_at": gettext_lazy("End time"),
    "mode": gettext_lazy("Where"),
    "venue": gettext_lazy("Venue"),
    "joining_link": gettext_lazy("Joining link"),
    "facilitators": gettext_lazy("Facilitators"),
}


def today() -> dt.date:
    return timezone.now().astimezone(LONDON).date()


def validate_future(date: dt.date | None) -> None:
    if date is not None and date < today():
        raise ValidationError({"date": _("The date must be today or in the future")})


def _record(action, obj, series, *, actor, before=None, after=None, request=None):
    audit.record(
        action,
        actor=actor,
        obj=obj,
        organisation=series.organisation,
        system=series.system,
        before=before,
        after=after,
        request=request,
    )


def _describe(name: str, value) -> str:
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if name == "mode":
        return str(dict(Session._meta.get_field("mode").choices).get(value, value))
    return str(value or _("(none)"))


def update_session(
    session: Session, *, actor, base_url: str = "", request=None, **values
) -> Session:
    """Change a session. Raising the places offers them to the waiting list in order;
    lowering them below the places already held is refused. People holding a place are
    e-mailed what changed with the updated calendar file."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        session = _locked(session.pk)
        if session.is_cancelled:
            raise ValidationError(_("This session is cancelled, so it cannot be changed."))
        if "date" in values and values["date"] != session.date:
            validate_future(values["date"])
        capacity = values.get("capacity", session.capacity)
        taken = booking_service.places_taken(session, now)
        if capacity < taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)d places are already booked or offered, so the places "
                        "cannot go below %(taken)d. Cancel or move people first."
                    )
                    % {"taken": taken}
                }
            )
        before = audit.snapshot(session, SESSION_FIELDS)
        changes = [
            _("%(what)s: now %(value)s") % {"what": label, "value": _describe(name, values[name])}
            for name, label in NOTIFIED_FIELDS.items()
            if name in values and values[name] != getattr(session, name)
        ]
        for name, value in values.items():
            if name in SESSION_FIELDS:
                setattr(session, name, value)
        if changes:
            session.sequence += 1
        session.save()
        _record(
            "events.session.changed",
            session,
            session.series,
            actor=actor,
            before=before,
            after=audit.snapshot(session, SESSION_FIELDS),
            request=request,
        )
        offers = booking_service._offer_free_places(session, now)
        holders = list(
            session.bookings.filter(status=BookingStatus.CONFIRMED).select_related("user")
        )
    if changes:
        for booking in holders:
            notifications.send(
                booking.user.email,
                "events_session_changed",
                {
                    "booking": booking,
                    "session": session,
                    "changes": changes,
                    "link": booking_service.booking_link(booking, base_url),
                },
                organisation=session.series.organisation,
                attachments=[booking_service.calendar_attachment(booking, base_url=base_url)],
            )
    booking_service._send_offers(offers, base_url)
    return session


def _cancel_bookings(session: Session, now, reason: str) -> list[tuple[Booking, bool]]:
    """Inside the session's lock: cancel every active booking; (booking, had a place)."""
    cancelled = []
    for booking in session.bookings.filter(status__in=ACTIVE).select_related("user"):
        had_place = booking.status == BookingStatus.CONFIRMED
        before = booking.status
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        booking.save(update_fields=["status", "cancelled_at"])
        booking_service._audit(
            "events.booking.cancelled",
            booking,
            before={"status": before},
            after={"status": "cancelled", "reason": reason},
        )
        cancelled.append((booking, had_place))
    return cancelled


def cancel_session(
    session: Session, *, actor, message: str = "", base_url: str = "", request=None
) -> list[Booking]:
    """Cancel one session: everyone booked or waiting is told (with the calendar file
    that removes it). Returns the bookings cancelled."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        session = _locked(session.pk)
        if session.cancelled_at is not None:
            raise ValidationError(_("This session is already cancelled."))
        session.cancelled_at = now
        session.sequence += 1
        session.save(update_fields=["cancelled_at", "sequence"])
        cancelled = _cancel_bookings(session, now, "session")
        _record(
            "events.session.cancelled",
            session,
            session.series,
            actor=actor,
            after={"bookings_cancelled": len(cancelled)},
            request=request,
        )
    _tell_cancelled(cancelled, "session", message, base_url, now)
    return [b for b, _had in cancelled]


def cancel_series(
    series: Series, *, actor, message: str = "", base_url: str = "", request=None
) -> list[Booking]:
    """Cancel a whole series and each of its sessions still to come."""
    now = timezone.now()
    if series.cancelled_at is not None:
        raise ValidationError(_("This series is already cancelled."))
    everyone = []
    with transaction.atomic(durable=True):
        Series.objects.select_for_update().filter(pk=series.pk).update(cancelled_at=now)
        for session_id in series.sessions.filter(cancelled_at__isnull=True).values_list(
            "pk", flat=True
        ):
            session = _locked(session_id)
            session.cancelled_at = now
            session.sequence += 1
            session.save(update_fields=["cancelled_at", "sequence"])
            everyone += _cancel_bookings(session, now, "series")
        _record(
            "events.series.cancelled",
            series,
            series,
            actor=actor,
            after={"bookings_cancelled": len(everyone)},
            request=request,
        )
    series.cancelled_at = now
    _tell_cancelled(everyone, "series", message, base_url, now)
    return [b for b, _had in everyone]


def _tell_cancelled(cancelled, reason, message, base_url, now) -> None:
    for booking, had_place in cancelled:
        attachments = (
            [booking_service.calendar_attachment(booking, base_url=base_url, now=now, cancel=True)]
            if had_place
            else []
        )
        notifications.send(
            booking.user.email,
            "events_cancelled",
            {
                "booking": booking,
                "session": booking.session,
                "reason": reason,
                "had_place": had_place,
                "message": message.strip(),
            },
            organisation=booking.session.series.organisation,
            attachments=attachments,
        )


def move(booking: Booking, target: Session, *, actor, base_url: str = "", request=None) -> Booking:
    """Move a person's place to another session of the same series that has a free place.
    The old booking is cancelled (calendar file removing it), the new one confirmed (a new
    calendar file), and the freed place is offered to the old session's waiting list."""
    now = timezone.now()
    if target.series_id != booking.session.series_id:
        raise ValidationError({"target": _("Choose a session of the same series")})
    if target.pk == booking.session_id:
        raise ValidationError({"target": _("Choose a different session from the current one")})
    with transaction.atomic(durable=True):
        booking_service.lock_person(target.series_id, booking.user_id)
        first, second = sorted([booking.session_id, target.pk])
        locked = {first: _locked(first), second: _locked(second)}
        source, target = locked[booking.session_id], locked[target.pk]
        booking = Booking.objects.select_related("user").get(pk=booking.pk)
        if booking.status != BookingStatus.CONFIRMED:
            raise BookingRefused(_("Only people with a place can be moved."))
        if target.is_cancelled or target.start <= now:
            raise ValidationError({"target": _("That session is cancelled or has started")})
        if booking_service.free_places(target, now) < 1:
            raise ValidationError(
                {"target": _("That session has no free places. Raise its places first.")}
            )
        if Booking.objects.filter(session=target, user=booking.user, status__in=ACTIVE).exists():
            raise ValidationError({"target": _("This person is already booked on that session")})
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        booking.save(update_fields=["status", "cancelled_at"])
        moved = Booking.objects.create(
            session=target,
            user=booking.user,
            status=BookingStatus.CONFIRMED,
            access_needs=booking.access_needs,
            answers=booking.answers,
            organisation=booking.organisation,
            created_at=now,
            confirmed_at=now,
        )
        booking_service._audit(
            "events.booking.moved",
            moved,
            actor=actor,
            before={"session": source.pk},
            after={"session": target.pk},
            request=request,
        )
        offers = booking_service._offer_free_places(source, now)
    booking_service.send_cancellation(
        booking, had_place=True, base_url=base_url, now=now, reason="moved"
    )
    booking_service.send_confirmation(moved, base_url=base_url, now=now)
    booking_service._send_offers(offers, base_url)
    return moved


def message_attendees(
    session: Session, *, subject: str, body: str, actor, base_url: str = "", request=None
) -> int:
    """E-mail everyone with a place on the session; returns how many were sent."""
    if not subject.strip():
        raise ValidationError({"subject": _("Enter a subject")})
    if not body.strip():
        raise ValidationError({"body": _("Enter the message")})
    holders = list(session.bookings.filter(status=BookingStatus.CONFIRMED).select_related("user"))
    if not holders:
        raise ValidationError(
            _("Nobody is booked on this session yet, so there is no one to tell.")
        )
    for booking in holders:
        notifications.send(
            booking.user.email,
            "events_message",
            {
                "booking": booking,
                "session": session,
                "subject": subject.strip(),
                "body": body.strip(),
                "link": booking_service.booking_link(booking, base_url),
            },
            organisation=session.series.organisation,
        )
    _record(
        "events.session.messaged",
        session,
        session.series,
        actor=actor,
        after={"subject": subject.strip(), "recipients": len(holders)},
        request=request,
    )
    return len(holders)


def check_in(booking: Booking, *, present: bool, actor, request=None) -> Booking:
    """On the day: tick a person in (or out); the attendance register is the same field."""
    if booking.status != BookingStatus.CONFIRMED:
        raise ValidationError(_("Only people with a place can be checked in."))
    before = booking.attended
    booking.attended = present
    booking.save(update_fields=["attended"])
    _record(
        "events.attendance.marked",
        booking,
        booking.session.series,
        actor=actor,
        before={"attended": before},
        after={"attended": present},
        request=request,
    )
    return booking
