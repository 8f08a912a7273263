"""Small builders for events tests."""

import datetime as dt

from django.utils import timezone

from dueregard.events.models import LONDON, Series, Session


def make_series(org, *, allowed=(), **values) -> Series:
    series = Series.objects.create(
        system=org.system, organisation=org, title=values.pop("title", "IDMF workshops"), **values
    )
    series.allowed_organisations.set([org, *allowed])
    return series


def make_session(series, *, days_ahead=10, capacity=3, **values) -> Session:
    date = timezone.now().astimezone(LONDON).date() + dt.timedelta(days=days_ahead)
    values.setdefault("date", date)
    values.setdefault("joining_link", "https://teams.example.invalid/join/abc")
    return Session.objects.create(series=series, capacity=capacity, **values)


def at(session, hours_before: float) -> dt.datetime:
    """A moment ``hours_before`` the session starts."""
    return session.start - dt.timedelta(hours=hours_before)
