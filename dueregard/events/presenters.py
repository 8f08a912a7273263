"""Values for display: places left, statuses and links, so templates stay dumb."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dueregard.core.monitoring import published

from .models import ACTIVE, Booking, BookingStatus, Session
from .services.booking import free_places, waiting_count


def places_label(free: int, waiting: int) -> str:
    if free > 0 and not waiting:
        return ngettext("%(n)d place left", "%(n)d places left", free) % {"n": free}
    if waiting:
        return ngettext("Full – %(n)d person waiting", "Full – %(n)d people waiting", waiting) % {
            "n": waiting
        }
    return _("Full – join the waiting list")


def session_row(session: Session, now=None) -> dict:
    free, waiting = free_places(session, now), waiting_count(session)
    return {
        "session": session,
        "free": free,
        "waiting": waiting,
        "full": free == 0 or waiting > 0,
        "places": places_label(free, waiting),
        "times": f"{session.starts_at:%H:%M} to {session.ends_at:%H:%M}",
        "where": session.venue if session.mode == "venue" else _("Online"),
    }


STATUS_TAG = {
    BookingStatus.CONFIRMED: "nhsuk-tag--green",
    BookingStatus.WAITING: "nhsuk-tag--yellow",
    BookingStatus.OFFERED: "nhsuk-tag--blue",
    BookingStatus.CANCELLED: "nhsuk-tag--grey",
    BookingStatus.LAPSED: "nhsuk-tag--grey",
}


def booking_tag(booking: Booking) -> dict:
    return {"text": booking.get_status_display(), "classes": STATUS_TAG[booking.status]}


def waiting_position(booking: Booking) -> int | None:
    if booking.status != BookingStatus.WAITING:
        return None
    return (
        booking.session.bookings.filter(
            status=BookingStatus.WAITING, created_at__lte=booking.created_at
        )
        .exclude(created_at=booking.created_at, pk__gt=booking.pk)
        .count()
    )


def active_count(bookings) -> int:
    """How many people an action would tell: active bookings among ``bookings``."""
    return bookings.filter(status__in=ACTIVE).count()


def network_reach(rows) -> list[dict]:
    """Booked and attended per staff network (network days), disclosure-controlled."""
    return [{"name": name, "counts": published(counts)} for name, counts in rows]
