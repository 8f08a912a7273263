"""An iCalendar (RFC 5545) file for one booking: local Europe/London times, a stable UID."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..models import Booking, Mode

VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (§3.1), never splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with a space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _local(value: dt.datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def booking_calendar(booking: Booking, *, url: str = "", now: dt.datetime | None = None) -> str:
    session = booking.session
    series = session.series
    if session.mode == Mode.ONLINE:
        location = "Online – the joining link is sent nearer the time"
    else:
        location = session.venue or "Venue to be confirmed"
    details = [series.title, f"{session.starts_at:%H:%M} to {session.ends_at:%H:%M}"]
    if session.breaks:
        details.append(f"Breaks: {session.breaks}")
    if session.facilitators:
        details.append(f"Facilitators: {session.facilitators}")
    if url:
        details.append(f"Your booking: {url}")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//dueregard//events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:booking-{booking.pk}-session-{session.pk}@dueregard.events",
        f"DTSTAMP:{_utc(now or timezone.now())}",
        f"DTSTART;TZID=Europe/London:{_local(session.start)}",
        f"DTEND;TZID=Europe/London:{_local(session.end)}",
        f"SUMMARY:{escape(series.title)}",
        f"DESCRIPTION:{escape(chr(10).join(details))}",
        f"LOCATION:{escape(location)}",
        "STATUS:CONFIRMED",
        "SEQUENCE:0",
        "TRANSP:OPAQUE",
    ]
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
