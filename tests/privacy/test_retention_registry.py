"""Issue 23: every model holding personal data declares a period (or how long it is kept
instead), every period is disposed of by the daily job, and the three periods that were not
enforced (bookings with access needs, mentoring applications, closed accounts) now are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from dueregard.core.models import AuditEvent, User
from dueregard.core.services import audit, retention
from dueregard.events.models import Booking, BookingStatus
from dueregard.events.models import Invitation as EventInvitation
from dueregard.mentoring.models import Application, Partnership, Side
from dueregard.privacy.declarations import DECLARATIONS, by_model
from tests.events.helpers import make_series, make_session
from tests.mentoring.helpers import make_application, make_programme

PERSONAL_NAMES = {
    "email",
    "full_name",
    "nominee_name",
    "nominee_email",
    "access_needs",
    "ip_address",
    "recipient",
    "owner_email",
    "email_domains",
}


def personal_fields(model) -> set[str]:
    """Fields that identify or describe a person, found by what they are."""
    found = set()
    for field in model._meta.concrete_fields:
        is_person = (
            isinstance(field, models.ForeignKey)
            and field.related_model._meta.label == settings.AUTH_USER_MODEL
        )
        if (
            is_person
            or isinstance(field, models.EmailField)
            or field.name in PERSONAL_NAMES
            or (
                "email" in field.name
                or field.name == "characteristics"
                and model._meta.app_label in ("mentoring",)
            )
        ):
            found.add(field.name)
    return found


def app_models():
    return [m for m in apps.get_models() if m.__module__.startswith("dueregard.")]


def test_every_model_with_personal_data_is_declared():
    declared = by_model()
    missing = {
        m._meta.label: sorted(personal_fields(m))
        for m in app_models()
        if personal_fields(m) and m._meta.label not in declared
    }
    assert not missing, f"declare these in dueregard/privacy/declarations.py: {missing}"


def test_declarations_name_real_fields_and_a_period_or_a_reason():
    for d in DECLARATIONS:
        model = apps.get_model(d.model)
        names = {f.name for f in model._meta.get_fields()}
        assert set(d.personal) | set(d.special) <= names, d.model
        assert d.days is not None or d.kept, d.model
        declared = getattr(model, "retention_days", None)
        if declared is not None:  # the model's own declaration and this one agree
            assert d.days == declared, d.model


def test_every_period_is_disposed_of_by_the_daily_job():
    labels = {label for label, _ in retention._DISPOSALS} | {
        "invitations",
        "notifications",
        "closed accounts",
        "audit events",
    }
    for d in DECLARATIONS:
        if d.days is not None:
            assert d.disposal in labels, f"{d.model}: nothing disposes of {d.disposal!r}"
    assert "dispose_expired" in settings.DAILY_COMMANDS


@pytest.fixture
def booked(org_a, make_user):
    series = make_series(org_a)
    person = make_user("booker@example.nhs.uk")

    def book(days_ago: int) -> Booking:
        session = make_session(series, days_ahead=-days_ago)
        return Booking.objects.create(
            session=session,
            user=person,
            status=BookingStatus.CONFIRMED,
            access_needs={"bsl": True, "other": "step-free access"},
        )

    return book


def test_bookings_with_access_needs_go_two_years_after_the_session(booked):
    old, recent = booked(2 * 365 + 2), booked(2 * 365 - 2)
    counts = retention.dispose_expired()
    assert counts["event bookings"] == 1
    assert not Booking.objects.filter(pk=old.pk).exists()
    assert Booking.objects.filter(pk=recent.pk).exists()
    event = AuditEvent.objects.get(action="retention.disposed")
    assert event.after["event bookings"] == 1 and "step-free" not in str(event.after)


def test_event_invitations_go_after_a_year(org_a):
    session = make_session(make_series(org_a))
    old = EventInvitation.objects.create(
        session=session,
        email="guest@example.nhs.uk",
        reserved_until=timezone.now(),
        created_at=timezone.now() - dt.timedelta(days=366),
    )
    assert retention.dispose_expired()["event invitations"] == 1
    assert not EventInvitation.objects.filter(pk=old.pk).exists()


def test_mentoring_applications_go_three_years_after_the_cohort(org_a, frameworks):
    today = timezone.localdate()
    old = make_programme(
        org_a,
        cohort_start=today - dt.timedelta(days=4 * 365),
        cohort_end=today - dt.timedelta(days=3 * 365 + 5),
    )
    current = make_programme(org_a, title="Current")
    leader = make_application(old, Side.LEADER, 1, characteristics=["race:black"])
    partner = make_application(old, Side.PARTNER, 1)
    Partnership.objects.create(programme=old, leader=leader, partner=partner, status="completed")
    keep = make_application(current, Side.LEADER, 2)
    counts = retention.dispose_expired()
    assert counts["mentoring applications"] >= 2
    assert not Application.objects.filter(programme=old).exists()
    assert not Partnership.objects.filter(programme=old).exists()
    assert Application.objects.filter(pk=keep.pk).exists()


def test_closed_accounts_are_anonymised_after_365_days(make_user, system):
    closed = make_user("leaver@example.nhs.uk")
    closed.full_name = "Lee Leaver"
    closed.is_active = False
    closed.sessions_revoked_at = timezone.now() - dt.timedelta(days=366)
    closed.save()
    audit.record("user.left", actor=closed, obj=closed, system=system)
    recent = make_user("recent.leaver@example.nhs.uk")
    User.objects.filter(pk=recent.pk).update(
        is_active=False, sessions_revoked_at=timezone.now() - dt.timedelta(days=30)
    )
    active = make_user("still.here@example.nhs.uk")
    assert retention.dispose_expired()["closed accounts"] == 1
    closed.refresh_from_db()
    assert closed.email == f"erased-{closed.pk}@erased.invalid"
    assert closed.full_name == f"Former user {closed.pk}" and not closed.has_usable_password()
    left = AuditEvent.objects.get(action="user.left")  # kept, with its labels redacted
    assert "Leaver" not in left.actor_label + left.object_repr
    assert "leaver@" not in left.actor_label + left.object_repr
    assert User.objects.get(pk=recent.pk).email == "recent.leaver@example.nhs.uk"
    assert User.objects.get(pk=active.pk).is_active
    assert retention.dispose_expired()["closed accounts"] == 0  # once only


def test_subject_fields_are_personal_fields_that_can_name_a_person():
    """A declaration's ``subject`` decides what erasure deletes, so each of its fields must
    be one of its personal fields that names a person (an account or an e-mail address)."""
    from django.apps import apps
    from django.db import models as django_models

    from dueregard.privacy.declarations import DECLARATIONS
    from dueregard.privacy.rights import ERASABLE

    for declaration in DECLARATIONS:
        model = apps.get_model(declaration.model)
        for name in declaration.subject:
            assert name in declaration.personal, (declaration.model, name)
            field = model._meta.get_field(name)
            names_a_person = isinstance(field, django_models.EmailField) or (
                isinstance(field, django_models.ForeignKey)
                and field.related_model is apps.get_model("core.User")
            )
            assert names_a_person, (declaration.model, name)
    # an erasable record naming more than one person must say whose it is
    for declaration in DECLARATIONS:
        if declaration.model not in ERASABLE:
            continue
        model = apps.get_model(declaration.model)
        people = [
            n
            for n in declaration.personal
            if isinstance(
                model._meta.get_field(n), django_models.EmailField | django_models.ForeignKey
            )
        ]
        assert len(people) <= 1 or declaration.subject, declaration.model
