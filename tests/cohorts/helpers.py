"""Small builders for change-maker cohort tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dueregard.cohorts.models import (
    Application,
    Cohort,
    Module,
    ModuleKind,
    Monitoring,
    PanelMember,
    Programme,
    Status,
    Support,
)
from dueregard.core.models import User
from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant
from dueregard.events.models import Booking, BookingStatus, Series, Session
from dueregard.frameworks.services import characteristics


def make_programme(org, *, system_wide=False, title="Change makers") -> Programme:
    return Programme.objects.create(
        system=org.system,
        organisation=None if system_wide else org,
        organiser_organisation=org,
        title=title,
        characteristics_framework=characteristics.current(),
    )


def make_cohort(org=None, *, programme=None, places=5, open_now=True, **values) -> Cohort:
    programme = programme or make_programme(org)
    today = timezone.localdate()
    series = Series.objects.create(
        system=programme.system,
        organisation=programme.organiser_organisation,
        title=f"{programme.title} calendar",
        one_per_person=False,
    )
    values.setdefault("name", "2027 intake")
    values.setdefault("opens_on", today - dt.timedelta(days=1 if open_now else 90))
    values.setdefault("closes_on", today + dt.timedelta(days=30 if open_now else -60))
    return Cohort.objects.create(programme=programme, places=places, series=series, **values)


def make_user(email, full_name=None) -> User:
    return User.objects.filter(email=email).first() or User.objects.create_user(
        email, "x-password-123", full_name=full_name or email.split("@")[0].title()
    )


def make_application(
    cohort, n=0, *, user=None, status=Status.SUBMITTED, support=True, shared=None, **values
):
    """An application; ``shared`` is its voluntary monitoring (codes, ethnic group)."""
    if user is None:
        user = make_user(f"applicant{n}@example.nhs.uk", f"Applicant {n}")
        grant(user, Role.STAFF, organisation=cohort.programme.organiser_organisation)
    values.setdefault("job_title", "Ward sister")
    values.setdefault("band", "7")
    values.setdefault("staff_group", "nursing")
    values.setdefault("statement", "I want to lead change.")
    values.setdefault("line_manager_name", "Manager")
    values.setdefault("line_manager_email", f"manager{n}@example.nhs.uk")
    values.setdefault("organisation", cohort.programme.organiser_organisation)
    app = Application.objects.create(
        cohort=cohort,
        user=user,
        status=status,
        support=Support.CONFIRMED if support else Support.PENDING,
        **values,
    )
    if shared is not None:
        codes, group = shared
        Monitoring.objects.create(
            application=app, framework=characteristics.current(), codes=codes, ethnic_group=group
        )
    return app


def make_member(cohort, user) -> PanelMember:
    return PanelMember.objects.create(cohort=cohort, user=user, email=user.email.lower())


def make_module(cohort, *, days_from_today=-10, title="Leading change") -> Module:
    session = Session.objects.create(
        series=cohort.series,
        date=timezone.localdate() + dt.timedelta(days=days_from_today),
        capacity=cohort.places,
    )
    return Module.objects.create(
        cohort=cohort, session=session, kind=ModuleKind.MODULE, title=title
    )


def book(module, app, attended=None) -> Booking:
    return Booking.objects.create(
        session=module.session,
        user=app.user,
        status=BookingStatus.CONFIRMED,
        organisation=app.organisation,
        attended=attended,
    )
