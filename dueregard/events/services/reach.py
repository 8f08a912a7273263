"""Who a workshop series or network development day reaches: booked → attended, by each
characteristic people chose to share when booking (voluntary, kept apart from the
booking; ADR 0044), against those who did not share it; disclosure-controlled.

A person counts once per series: booked when any of their bookings held a place (it was
confirmed, even if they cancelled later), attended when the register marks them present
at any session of it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from dueregard.core import monitoring
from dueregard.core.tenancy import Scope, scope_filter
from dueregard.frameworks.services.characteristics import current

from ..models import Booking, BookingStatus, Series

STAGES = ("booked", "attended")
HELD_PLACE = Q(confirmed_at__isnull=False) | Q(status=BookingStatus.CONFIRMED)


def _bookings(series_ids: Iterable[int]):
    return (
        Booking.objects.filter(session__series_id__in=list(series_ids))
        .filter(HELD_PLACE)
        .order_by("created_at", "pk")
    )


def _people(rows) -> tuple[dict, dict, dict]:
    """From (key, attended, codes, ethnic group) rows: key → (attended,), key → codes,
    key → ethnic group (the latest answer each person gave)."""
    people: dict = {}
    shared: dict = {}
    ethnic: dict = {}
    for key, attended, codes, group in rows:
        people[key] = (people.get(key, (False,))[0] or attended is True,)
        if codes is not None or group:
            shared[key] = codes or []
            ethnic[key] = group or ""
    return people, shared, ethnic


def table(series: Series) -> list:
    rows = _bookings([series.pk]).values_list(
        "user_id", "attended", "monitoring__codes", "monitoring__ethnic_group"
    )
    people, shared, _ethnic = _people(rows)
    return monitoring.group_rows(STAGES, people, shared, current())


def by_network(series: Series) -> list:
    """Network development days: people booked and attended per staff network they
    registered with, (network, [booked, attended]) in name order (published later)."""
    out: dict[str, dict] = {}
    rows = _bookings([series.pk]).values_list("group", "user_id", "attended")
    for group, user_id, attended in rows:
        seen = out.setdefault(group or "", {})
        seen[user_id] = seen.get(user_id, False) or attended is True
    return [(name, [len(seen), sum(seen.values())]) for name, seen in sorted(out.items()) if name]


def programmes(scope: Scope):
    """The series this scope organises (an organisation's own; a system's, all)."""
    return scope_filter(Series.objects.all(), scope).order_by("title", "pk")


def totals(objects) -> dict[int, list[int]]:
    """Series id → [people booked, people attended], in one query for all of them."""
    seen: dict[int, dict] = {o.pk: {} for o in objects}
    rows = _bookings(seen).values_list("session__series_id", "user_id", "attended")
    for series_id, user_id, attended in rows:
        seen[series_id][user_id] = seen[series_id].get(user_id, False) or attended is True
    return {pk: [len(p), sum(p.values())] for pk, p in seen.items()}


def accessed(scope: Scope) -> dict[str, str]:
    """WRES indicator 4: staff of the scope's organisations who attended a workshop or
    network day in a series organised in the scope, e-mail → the ethnic group they shared
    ("" when they did not)."""
    series = programmes(scope).values("pk")
    rows = (
        monitoring.staff_of(Booking.objects.all(), scope, "organisation")
        .filter(session__series__in=series, attended=True)
        .order_by("created_at", "pk")
        .values_list("user__email", "monitoring__ethnic_group")
    )
    out: dict[str, str] = {}
    for email, group in rows:
        out[email.lower()] = group or out.get(email.lower(), "")
    return out
