"""Organisers set up a series and its sessions, and change the series later."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.services import audit

from ..models import LONDON, Series, Session

SERIES_FIELDS = [
    "title",
    "description",
    "audience",
    "one_per_person",
    "link_hours_before",
    "offer_hours",
    "booking_questions",
    "register_by_group",
    "places_per_organisation",
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
def update_series(
    series: Series, *, actor, allowed_organisations, request=None, **values
) -> Series:
    """Change a series' details; the organiser's own organisation always stays allowed."""
    if series.cancelled_at is not None:
        raise ValidationError(_("This series is cancelled, so it cannot be changed."))
    before = {
        **audit.snapshot(series, SERIES_FIELDS),
        "allowed": sorted(series.allowed_organisations.values_list("pk", flat=True)),
    }
    for name, value in values.items():
        if name in SERIES_FIELDS:
            setattr(series, name, value)
    series.save()
    allowed = set(allowed_organisations) | {series.organisation}
    series.allowed_organisations.set(allowed)
    audit.record(
        "events.series.changed",
        actor=actor,
        obj=series,
        before=before,
        after={**audit.snapshot(series, SERIES_FIELDS), "allowed": sorted(o.pk for o in allowed)},
        request=request,
    )
    return series


def _today() -> dt.date:
    return timezone.now().astimezone(LONDON).date()


@transaction.atomic
def add_session(series: Series, *, actor, request=None, **values) -> Session:
    if series.cancelled_at is not None:
        raise ValidationError(_("This series is cancelled, so no sessions can be added."))
    if values.get("date") and values["date"] < _today():
        raise ValidationError({"date": _("The date must be today or in the future")})
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
