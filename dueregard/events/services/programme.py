"""Organisers set up a series and its sessions."""

from __future__ import annotations

from django.db import transaction

from dueregard.core.services import audit

from ..models import Series, Session

SERIES_FIELDS = [
    "title",
    "description",
    "audience",
    "one_per_person",
    "link_hours_before",
    "offer_hours",
]
SESSION_FIELDS = [
    "date",
    "starts_at",
    "ends_at",
    "breaks",
    "mode",
    "venue",
    "joining_link",
    "capacity",
    "facilitators",
]


@transaction.atomic
def create_series(*, actor, organisation, allowed_organisations, request=None, **values) -> Series:
    series = Series.objects.create(
        organisation=organisation, system=organisation.system, created_by=actor, **values
    )
    allowed = set(allowed_organisations) | {organisation}
    series.allowed_organisations.set(allowed)
    audit.record(
        "events.series.created",
        actor=actor,
        obj=series,
        after={**audit.snapshot(series, SERIES_FIELDS), "allowed": sorted(o.pk for o in allowed)},
        request=request,
    )
    return series


@transaction.atomic
def add_session(series: Series, *, actor, request=None, **values) -> Session:
    session = Session.objects.create(series=series, **values)
    audit.record(
        "events.session.created",
        actor=actor,
        obj=session,
        organisation=series.organisation,
        system=series.system,
        after=audit.snapshot(session, SESSION_FIELDS),
        request=request,
    )
    return session
