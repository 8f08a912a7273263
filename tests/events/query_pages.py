"""Events list pages for the constant-queries registry (tests/core/test_query_counts.py)."""

import datetime as dt

from django.urls import reverse

from dueregard.events.models import Booking, BookingStatus, Invitation

from .helpers import make_series, make_session


def _series(org, user):
    series = make_series(org)

    def add(n):
        for i in range(n):
            session = make_session(series, days_ahead=10 + i % 300)
            # every kind of count the row shows: held, waiting and reserved places
            Booking.objects.create(session=session, user=user, status=BookingStatus.CONFIRMED)
            Invitation.objects.create(
                session=session,
                email=f"guest{session.pk}@example.nhs.uk",
                reserved_until=session.start + dt.timedelta(days=1),
            )

    return reverse("events:series", args=[series.pk]), add


def _index(org, user):
    def add(n):
        for _ in range(n):
            make_session(make_series(org))

    return reverse("events:index"), add


QUERY_PAGES = {
    "events:series": _series,
    "events:index": _index,
}


def _attendees(org, user):
    from dueregard.core.models import User
    from dueregard.core.roles import Role
    from dueregard.core.services.memberships import grant

    session = make_session(make_series(org), capacity=1000)

    def add(n):
        for _ in range(n):
            person = User.objects.create_user(
                f"attendee{User.objects.count()}@example.nhs.uk", "correct horse battery"
            )
            grant(person, Role.STAFF, organisation=org)
            Booking.objects.create(session=session, user=person, status=BookingStatus.CONFIRMED)

    return reverse("events:attendees", args=[session.pk]), add


QUERY_PAGES["events:attendees"] = _attendees


def _reach(org, user):
    from tests.reach.helpers import book

    session = make_session(make_series(org), capacity=1000)

    def add(n):
        for i in range(n):
            book(session, attended=bool(i % 2), codes=["race"] if i % 3 else None)

    return reverse("events:reach", args=[session.series_id]), add


QUERY_PAGES["events:reach"] = _reach
