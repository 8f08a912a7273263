"""Demo data: staff networks of Riverside University Hospitals and of the whole system."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from dueregard.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from dueregard.core.models import Organisation, User
from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant

from .demo_day import load_day
from .models import Affiliation, AffiliationLevel, Chair, Meeting, Member, Network, NetworkKind

RACE_NETWORK = "Race Equality Network"
DISABILITY_NETWORK = "Disability and Long-term Conditions Network"
CHAIRS = ("Adaeze Obi", "Kwame Mensah")
MEMBERS = (
    "Adaeze Obi",
    "Kwame Mensah",
    "Li Wei",
    "Farah Hussain",
    "Tunde Bakare",
    "Anita Desai",
    "Chidi Okeke",
    "Sunita Rao",
    "Yusuf Ali",
    "Rosa Mendes",
    "Imran Qureshi",
    "Joy Adebayo",
)


def _person(name: str, ods: str) -> User:
    email = f"{'.'.join(name.lower().split())}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, full_name=name
    )
    grant(user, Role.STAFF, organisation=Organisation.objects.get(ods_code=ods))
    return user


@transaction.atomic
def load(system) -> None:
    trust = Organisation.objects.get(ods_code="XRV02")
    race, created = Network.objects.get_or_create(
        system=system,
        organisation=trust,
        name=RACE_NETWORK,
        defaults={
            "kind": NetworkKind.RACE,
            "purpose": (
                "A safe space for Black, Asian and minority ethnic colleagues and allies, "
                "working with the board on the Workforce Race Equality Standard."
            ),
            "sponsor": "Helen Moore, Non-executive Director",
            "protected_time": "Chairs 1 day a month; members 2 hours a month for meetings",
            "budget": 5000,
        },
    )
    if created:
        for name in CHAIRS:
            Chair.objects.create(network=race, user=_person(name, "XRV02"))
        for name in MEMBERS:
            Member.objects.get_or_create(network=race, user=_person(name, "XRV02"))
        Affiliation.objects.create(
            network=race,
            body="Power of Staff Networks",
            level=AffiliationLevel.NATIONAL,
            since=dt.date(2024, 4, 1),
        )
        Affiliation.objects.create(
            network=race,
            body="Riverside and Vale Regional BAME Staff Network",
            level=AffiliationLevel.REGIONAL,
            since=dt.date(2023, 9, 1),
        )
        Meeting.objects.create(
            network=race,
            held_on=dt.date(2026, 11, 12),
            title="Quarterly meeting with the executive sponsor",
            notes="WRES action plan and the change-makers call discussed.",
        )
    disability, created = Network.objects.get_or_create(
        system=system,
        organisation=None,
        name=DISABILITY_NETWORK,
        defaults={
            "kind": NetworkKind.DISABILITY,
            "purpose": "Disabled colleagues and those with long-term conditions across the system.",
            "sponsor": "Director of People, Riverside and Vale ICB",
            "protected_time": "",
            "budget": None,
        },
    )
    if created:
        chair = _person("Ella Fitzgerald-Shaw", "XRV03")
        Chair.objects.create(network=disability, user=chair)
        for name, ods in (("Ella Fitzgerald-Shaw", "XRV03"), ("Tom Richards", "XRV01")):
            Member.objects.get_or_create(network=disability, user=_person(name, ods))
    members = [_person(name, "XRV02") for name in MEMBERS[:4]]
    load_day(system, [(user, "XRV02", RACE_NETWORK) for user in members])
