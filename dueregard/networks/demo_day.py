"""Demo data: the regional BAME Staff Network Development day, built on the events app,
with its agenda (breakouts included), places per organisation and registrations by
network."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dueregard.core.models import Organisation
from dueregard.events.models import AgendaItem, Booking, BookingStatus, Series, Session

DAY_TITLE = "Regional BAME Staff Network Development Day 2027"
PLACES_PER_ORGANISATION = 6
AGENDA = [
    ((9, 30), (10, 0), "Welcome and introductions", "Helen Moore", ""),
    (
        (10, 0),
        (11, 0),
        "Keynote: the power of staff networks",
        "National Power of Staff Networks group",
        "",
    ),
    ((11, 15), (12, 30), "Breakout: influencing the board", "Adaeze Obi", "Room 1"),
    ((11, 15), (12, 30), "Breakout: starting and sustaining a network", "Kwame Mensah", "Room 2"),
    ((11, 15), (12, 30), "Breakout: using WRES data", "Mei Chen", "Room 3"),
    (
        (13, 15),
        (14, 30),
        "Panel: leadership that reflects our communities",
        "Chairs of the system's networks",
        "",
    ),
    ((14, 45), (16, 0), "Action planning by network", "", ""),
]


def load_day(system, registrants) -> None:
    """``registrants``: (user, organisation ODS code, network name) to register."""
    host = Organisation.objects.get(ods_code="XRV01")
    series, created = Series.objects.get_or_create(
        system=system,
        organisation=host,
        title=DAY_TITLE,
        defaults={
            "description": (
                "A day for the chairs and members of the staff networks of Riverside and Vale "
                "to learn from each other and plan the year, with the national Power of Staff "
                "Networks group."
            ),
            "audience": "Chairs and members of the system's staff networks.",
            "one_per_person": True,
            "register_by_group": True,
            "places_per_organisation": PLACES_PER_ORGANISATION,
        },
    )
    if not created:
        return
    series.allowed_organisations.set(Organisation.objects.filter(system=system))
    day = timezone.localdate() + dt.timedelta(days=45)
    session = Session.objects.create(
        series=series,
        date=day,
        starts_at=dt.time(9, 30),
        ends_at=dt.time(16, 30),
        breaks="Lunch 12:30 to 13:15",
        mode="venue",
        venue="Riverside Conference Centre, 1 Quay Street",
        capacity=60,
        facilitators="Riverside and Vale ICB",
    )
    for start, end, title, speakers, room in AGENDA:
        AgendaItem.objects.create(
            session=session,
            starts_at=dt.time(*start),
            ends_at=dt.time(*end),
            title=title,
            speakers=speakers,
            room=room,
        )
    now = timezone.now()
    for user, ods, network in registrants:
        Booking.objects.create(
            session=session,
            user=user,
            status=BookingStatus.CONFIRMED,
            confirmed_at=now,
            organisation=Organisation.objects.get(ods_code=ods),
            group=network,
        )
