"""Demo data: a past workshop series and last year's awards at Riverside University
Hospitals, with the equality monitoring people chose to share, so the reach tables show
both hidden (*) and published counts. Safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dueregard.awards.models import Category, Nomination, NomineeKind, Round, Stage
from dueregard.awards.models import Monitoring as NomineeMonitoring
from dueregard.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from dueregard.core.models import Organisation, User
from dueregard.core.monitoring import MINORITY, WHITE
from dueregard.events.models import LONDON, Booking, BookingStatus, Series, Session
from dueregard.events.models import Monitoring as BookingMonitoring
from dueregard.frameworks.services.characteristics import current

WORKSHOP = "Active bystander workshops"
AWARDS = "Inclusive Leader Awards 2025"
PEOPLE = 60


def _answer(n: int) -> tuple[list[str], str]:
    """Person ``n``'s monitoring: most share their ethnic group, a few share a disability
    or that they are carers (small groups, hidden), a few prefer not to say."""
    if n % 10 == 9:
        return [], ""  # prefer not to say
    group = MINORITY if n % 3 == 0 else WHITE
    codes = ["race"] if group == MINORITY else []
    if n % 13 == 0:
        codes = ["disability", *codes]
    if n % 4 == 1:
        codes = [*codes, "sex"]
    if n % 17 == 2:
        codes = [*codes, "carers"]
    return codes, group


def _ordered(codes: list[str], row) -> list[str]:
    from dueregard.frameworks.services.characteristics import group_choices

    return [c for c, _name in group_choices(row) if c in set(codes)]


def _person(n: int, org) -> User:
    email = f"reach.person{n:02d}@{DEMO_DOMAIN}"
    return User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, full_name=f"Programme participant {n}"
    )


def _workshops(system, host, row) -> None:
    series, created = Series.objects.get_or_create(
        system=system,
        organisation=host,
        title=WORKSHOP,
        defaults={
            "description": "Practising how to step in safely when someone is treated badly.",
            "one_per_person": True,
        },
    )
    if not created:
        return
    series.allowed_organisations.set(Organisation.objects.filter(system=system))
    today = timezone.now().astimezone(LONDON).date()
    sessions = [
        Session.objects.create(
            series=series, date=today - dt.timedelta(days=60 - 14 * i), capacity=25
        )
        for i in range(3)
    ]
    when = timezone.now() - dt.timedelta(days=90)
    for n in range(PEOPLE):
        booking = Booking.objects.create(
            session=sessions[n % 3],
            user=_person(n, host),
            status=BookingStatus.CONFIRMED,
            created_at=when,
            confirmed_at=when,
            organisation=host,
            # White staff attend a little more often than BME staff in the demo.
            attended=(n % 5 != 0) if n % 3 else (n % 5 not in (0, 3)),
        )
        codes, group = _answer(n)
        if codes or group:
            BookingMonitoring.objects.create(
                booking=booking, framework=row, codes=_ordered(codes, row), ethnic_group=group
            )


def _awards(system, host, row) -> None:
    if Round.objects.filter(system=system, title=AWARDS).exists():
        return
    today = timezone.localdate()
    rnd = Round.objects.create(
        system=system,
        organisation=host,
        title=AWARDS,
        description="Last year's Inclusive Leader Awards.",
        introduction="",
        opens_on=today - dt.timedelta(days=400),
        closes_on=today - dt.timedelta(days=340),
        decisions_final_at=timezone.now() - dt.timedelta(days=320),
        announced_at=timezone.now() - dt.timedelta(days=310),
    )
    rnd.eligible_organisations.set(Organisation.objects.filter(system=system))
    category = Category.objects.create(round=rnd, name="Inclusive Leader of the Year")
    nominator = _person(PEOPLE, host)
    now = timezone.now() - dt.timedelta(days=330)
    for n in range(45):
        stage = (
            Stage.WINNER
            if n in (2, 5, 8)
            else Stage.SHORTLISTED
            if n % 4 == 0
            else Stage.NOT_SHORTLISTED
        )
        nomination = Nomination.objects.create(
            round=rnd,
            category=category,
            nominator=nominator,
            nominator_organisation=host,
            kind=NomineeKind.INDIVIDUAL,
            nominee_name=f"Programme participant {n}",
            nominee_email=f"reach.person{n:02d}@{DEMO_DOMAIN}",
            nominee_job_title="Ward manager",
            nominee_organisation=host,
            stage=stage,
            reference=f"N25-{n + 1:03d}",
            submitted_at=now,
            consented_at=now,
            decided_at=now,
        )
        codes, group = _answer(n)
        if codes or group:
            NomineeMonitoring.objects.create(
                nomination=nomination, framework=row, codes=_ordered(codes, row), ethnic_group=group
            )


@transaction.atomic
def load(system) -> None:
    host = Organisation.objects.get(ods_code="XRV01")
    row = current()
    _workshops(system, host, row)
    _awards(system, host, row)
