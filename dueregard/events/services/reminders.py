"""Joining links when they become visible, and reminders the day before. Never twice.

Each message is claimed with a conditional UPDATE (``…_sent_at IS NULL``) before it is
sent, so two runs at once (or a re-run) cannot send the same message again.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dueregard.core.services import notifications

from ..models import LONDON, Booking, BookingStatus
from .booking import booking_link


def _claim(booking: Booking, field: str, now: dt.datetime) -> bool:
    return bool(
        Booking.objects.filter(pk=booking.pk, **{f"{field}__isnull": True}).update(**{field: now})
    )


def send_due(now: dt.datetime | None = None, base_url: str = "") -> dict[str, int]:
    now = now or timezone.now()
    today = now.astimezone(LONDON).date()
    counts = {"links": 0, "reminders": 0}
    upcoming = Booking.objects.filter(
        status=BookingStatus.CONFIRMED, session__date__gte=today
    ).select_related("session__series", "user")
    for booking in upcoming.filter(link_sent_at__isnull=True).exclude(session__joining_link=""):
        session = booking.session
        if session.link_visible(now) and session.end > now and _claim(booking, "link_sent_at", now):
            notifications.send(
                booking.user.email,
                "events_joining_link",
                {"booking": booking, "session": session, "link": booking_link(booking, base_url)},
                organisation=session.series.organisation,
            )
            counts["links"] += 1
    tomorrow = today + dt.timedelta(days=1)
    for booking in upcoming.filter(session__date=tomorrow, reminder_sent_at__isnull=True):
        if _claim(booking, "reminder_sent_at", now):
            session = booking.session
            notifications.send(
                booking.user.email,
                "events_reminder",
                {
                    "booking": booking,
                    "session": session,
                    "link": booking_link(booking, base_url),
                    "show_joining_link": session.link_visible(now),
                },
                organisation=session.series.organisation,
            )
            counts["reminders"] += 1
    return counts
