"""Calendar files (RFC 5545) for a booking, written by the ``icalendar`` library.

One booking keeps one UID for its life. Every change people are told about raises the
session's ``sequence``, so a calendar replaces the entry it already has; a cancellation is
``METHOD:CANCEL`` with ``STATUS:CANCELLED`` and a SEQUENCE above the last one sent.
Times are local Europe/London with the zone's definition included (VTIMEZONE).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ..models import Booking, Mode

PRODID = "-//dueregard//events//EN"


def uid(booking: Booking) -> str:
    return f"booking-{booking.pk}-session-{booking.session_id}@dueregard.events"


def _description(booking: Booking, url: str) -> str:
    session = booking.session
    details = [
        session.series.title,
        _("%(start)s to %(end)s")
        % {"start": f"{session.starts_at:%H:%M}", "end": f"{session.ends_at:%H:%M}"},
    ]
    if session.breaks:
        details.append(_("Breaks: %(breaks)s") % {"breaks": session.breaks})
    if session.facilitators:
        details.append(_("Facilitators: %(names)s") % {"names": session.facilitators})
    if url:
        details.append(_("Your booking: %(url)s") % {"url": url})
    return "\n".join(details)


def _location(booking: Booking) -> str:
    session = booking.session
    if session.mode == Mode.ONLINE:
        return _("Online – the joining link is sent nearer the time")
    return session.venue or _("Venue to be confirmed")


def booking_calendar(
    booking: Booking,
    *,
    url: str = "",
    now: dt.datetime | None = None,
    cancel: bool = False,
) -> bytes:
    """The booking's calendar file: a published entry, or its cancellation."""
    session = booking.session
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancel else "PUBLISH")
    event = Event()
    event.add("uid", uid(booking))
    event.add("dtstamp", (now or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", session.start)
    event.add("dtend", session.end)
    event.add("summary", session.series.title)
    event.add("description", _description(booking, url))
    event.add("location", _location(booking))
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    # A cancellation must carry a SEQUENCE above the last update people received.
    event.add("sequence", session.sequence + (1 if cancel else 0))
    event.add("transp", "OPAQUE")
    if url:
        event.add("url", url)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
