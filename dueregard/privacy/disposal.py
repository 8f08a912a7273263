"""Disposal of personal data the other apps declare a period for but did not dispose of
(issue 23): bookings with access needs, event invitations, mentoring applications with
characteristics. Registered with ``core.services.retention`` by this app's ``ready``; each
function takes ``now`` and returns how many records it disposed of."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from dueregard.events.models import Booking
from dueregard.events.models import Invitation as EventInvitation
from dueregard.mentoring.models import Application


def bookings(now) -> int:
    """Bookings (with their access needs and answers) two years after the session."""
    cutoff = timezone.localdate(now) - timedelta(days=Booking.retention_days)
    deleted, _ = Booking.objects.filter(session__date__lt=cutoff).delete()
    return deleted


def event_invitations(now) -> int:
    """A named invitation (an e-mail address) a year after it was sent."""
    cutoff = now - timedelta(days=EventInvitation.retention_days)
    deleted, _ = EventInvitation.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def mentoring_applications(now) -> int:
    """Applications (characteristics, managers' addresses) and the partnerships, meetings
    and check-ins made from them, three years after the cohort ended."""
    cutoff = timezone.localdate(now) - timedelta(days=Application.retention_days)
    deleted, _ = Application.objects.filter(programme__cohort_end__lt=cutoff).delete()
    return deleted


DISPOSALS = [
    ("event bookings", bookings),
    ("event invitations", event_invitations),
    ("mentoring applications", mentoring_applications),
]
