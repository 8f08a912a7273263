"""Demo data: the Inclusive Decision Making Framework workshops (one nearly full)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dueregard.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from dueregard.core.models import Organisation, User

from .models import LONDON, Booking, BookingStatus, Series, Session

TITLE = "Inclusive Decision Making Framework workshops"
DESCRIPTION = (
    "A system-wide approach to embed equality, including health inequalities, in decision "
    "making. The framework has six steps to consider equality within decisions.\n\n"
    "Each one-day online session gives information and guidance on applying the framework, "
    "with theory, case studies, group discussions, practical tips and breakout sessions. "
    "The sessions are delivered by equality, diversity and inclusion specialists."
)
AUDIENCE = (
    "Staff working across the system's design groups, and anyone involved in decisions that "
    "may affect patients or staff. Please make sure you can attend the full day."
)
BREAKS = "Rest breaks at 11:15 and 14:45; lunch 12:30 to 13:15"
FACILITATORS = "EDI specialists from Riverside and Vale ICB"
CAPACITY = 20
NEARLY_FULL = 18  # the second session has 2 places left


@transaction.atomic
def load(system) -> None:
    host = Organisation.objects.get(ods_code="XRV01")
    series, created = Series.objects.get_or_create(
        system=system,
        organisation=host,
        title=TITLE,
        defaults={"description": DESCRIPTION, "audience": AUDIENCE, "one_per_person": True},
    )
    if created:
        series.allowed_organisations.set(Organisation.objects.filter(system=system))
    if series.sessions.exists():
        return
    today = timezone.now().astimezone(LONDON).date()
    first = today + dt.timedelta(days=14)
    first += dt.timedelta(days=(1 - first.weekday()) % 7)  # a Tuesday
    sessions = [
        Session.objects.create(
            series=series,
            date=first + dt.timedelta(weeks=i),
            starts_at=dt.time(10, 0),
            ends_at=dt.time(16, 0),
            breaks=BREAKS,
            mode="online",
            joining_link="https://teams.example.invalid/l/meetup-join/idmf-demo",
            capacity=CAPACITY,
            facilitators=FACILITATORS,
        )
        for i in range(4)
    ]
    nearly_full = sessions[1]
    now = timezone.now()
    for n in range(NEARLY_FULL):
        email = f"idmf.attendee{n + 1:02d}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, DEMO_PASSWORD, full_name=f"Workshop attendee {n + 1}"
        )
        Booking.objects.create(
            session=nearly_full,
            user=user,
            status=BookingStatus.CONFIRMED,
            created_at=now - dt.timedelta(hours=NEARLY_FULL - n),
            confirmed_at=now,
            access_needs={"bsl": n == 0, "captions": n in (1, 2)},
            organisation=series.organisation,
        )
