"""The demo health and care system: made-up organisations and one person per role.

Loaded by ``manage.py load_demo`` (idempotent). Other apps add their own demo data by
registering a loader with ``register_loader``; loaders run in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from .models import Organisation, OrganisationType, Region, System, User
from .roles import Role
from .services.memberships import grant

DEMO_DOMAIN = "demo.dueregard.test"
DEMO_PASSWORD = "dueregard-demo"  # noqa: S105 - shown on the demo page on purpose
SYSTEM_CODE = "DEMO-RV"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: Role
    ods_codes: tuple[str, ...] = ()  # empty: the role is held for the whole system
    note: str = ""


ORGANISATIONS = [
    ("XRV01", "Riverside and Vale Integrated Care Board", OrganisationType.ICB),
    ("XRV02", "Riverside University Hospitals NHS Trust", OrganisationType.NHS_TRUST),
    ("XRV03", "Vale Community and Mental Health NHS Trust", OrganisationType.NHS_TRUST),
    ("XRV04", "Riverside City Council", OrganisationType.COUNCIL),
    ("XRV05", "Vale County Council", OrganisationType.COUNCIL),
    ("XRV06", "Riverside Central Primary Care Network", OrganisationType.PRIMARY_CARE),
    ("XRV07", "Vale Voluntary Action", OrganisationType.VCSE),
]

PEOPLE = [
    DemoPerson(
        f"sam.admin@{DEMO_DOMAIN}",
        "Sam Adeyemi",
        Role.SYSTEM_ADMIN,
        (),
        "Administers the whole system",
    ),
    DemoPerson(
        f"priya.shah@{DEMO_DOMAIN}",
        "Priya Shah",
        Role.EDI_LEAD,
        ("XRV02", "XRV03"),
        "EDI lead for two trusts (try the organisation switcher)",
    ),
    DemoPerson(f"tom.evans@{DEMO_DOMAIN}", "Tom Evans", Role.ASSESSOR, ("XRV02",)),
    DemoPerson(
        f"grace.okafor@{DEMO_DOMAIN}",
        "Grace Okafor",
        Role.PANEL_MEMBER,
        ("XRV02",),
        "Healthwatch volunteer on the local-interest panel",
    ),
    DemoPerson(
        f"ravi.patel@{DEMO_DOMAIN}",
        "Ravi Patel",
        Role.PANEL_MEMBER,
        ("XRV02",),
        "Staff network chair on the local-interest panel",
    ),
    DemoPerson(f"alan.brooks@{DEMO_DOMAIN}", "Dr Alan Brooks", Role.DECISION_MAKER, ("XRV02",)),
    DemoPerson(
        f"nadia.okoro@{DEMO_DOMAIN}",
        "Dr Nadia Okoro",
        Role.DECISION_MAKER,
        (),
        "Signs off system-wide decisions for the ICS",
    ),
    DemoPerson(f"mei.chen@{DEMO_DOMAIN}", "Mei Chen", Role.ANALYST, ("XRV02",)),
    DemoPerson(
        f"fatima.rahman@{DEMO_DOMAIN}", "Fatima Rahman", Role.PROGRAMME_ORGANISER, ("XRV01",)
    ),
    DemoPerson(f"helen.moore@{DEMO_DOMAIN}", "Helen Moore", Role.BOARD_MEMBER, ("XRV02",)),
    DemoPerson(f"jamie.lee@{DEMO_DOMAIN}", "Jamie Lee", Role.STAFF, ("XRV02",)),
]

DemoLoader = Callable[[System], None]
_LOADERS: list[tuple[str, DemoLoader]] = []


def register_loader(name: str, loader: DemoLoader) -> None:
    if all(existing != name for existing, _ in _LOADERS):
        _LOADERS.append((name, loader))


def demo_system() -> System | None:
    return System.objects.filter(code=SYSTEM_CODE).first()


@transaction.atomic
def load_core() -> System:
    region, _ = Region.objects.get_or_create(code="DEMO", defaults={"name": "Demo region"})
    system, _ = System.objects.get_or_create(
        code=SYSTEM_CODE,
        defaults={"name": "Riverside and Vale Integrated Care System", "region": region},
    )
    for ods, name, kind in ORGANISATIONS:
        Organisation.objects.update_or_create(
            ods_code=ods, defaults={"name": name, "type": kind, "system": system}
        )
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(person.email, DEMO_PASSWORD, full_name=person.full_name)
        if person.ods_codes:
            for ods in person.ods_codes:
                grant(user, person.role, organisation=Organisation.objects.get(ods_code=ods))
        else:
            grant(user, person.role, system=system)
    return system


def load() -> list[str]:
    """Load the demo (safe to run twice). Returns the names of the loaders that ran."""
    system = load_core()
    ran = ["core"]
    for name, loader in _LOADERS:
        loader(system)
        ran.append(name)
    return ran


def demo_people() -> list[dict]:
    by_email = {u.email: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    out = []
    for person in PEOPLE:
        if person.email not in by_email:
            continue
        places = [o.name for o in Organisation.objects.filter(ods_code__in=person.ods_codes)] or [
            str(demo_system())
        ]
        out.append(
            {
                "email": person.email,
                "name": person.full_name,
                "role": person.role.label,
                "places": places,
                "note": person.note,
            }
        )
    return out


def demo_user(email: str) -> User | None:
    if not email.endswith(f"@{DEMO_DOMAIN}"):
        return None
    return User.objects.filter(email=email, is_active=True).first()
