"""Demo data: "Radar", the system's BAME workshops community (BLFI), run by Fatima Rahman
of the ICB, with workshops on its calendar, shared resources and announcements."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dueregard.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from dueregard.core.models import Organisation, User
from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant
from dueregard.events.models import LONDON, Series, Session

from .models import Announcement, Community, Member, Organiser, Resource, Workshop

RADAR = "Radar"
PURPOSE = (
    "Radar is the system's community for Black, Asian and minority ethnic colleagues: "
    "workshops on career development, influencing and wellbeing, a place to share what "
    "works, and news from the Building Leadership for Inclusion programme."
)
ORGANISER = f"fatima.rahman@{DEMO_DOMAIN}"
MEMBERS = (("Adaeze Obi", "XRV02"), ("Li Wei", "XRV02"), ("Tom Richards", "XRV01"))
WORKSHOPS = (
    (
        "Radar: navigating your career",
        21,
        "Career conversations, sponsorship and the "
        "next step up, with colleagues who have taken it.",
    ),
    (
        "Radar: influencing with impact",
        49,
        "Being heard in meetings and at the board, and handling push-back.",
    ),
)
# The smallest well-formed PDF: a page saying nothing (the demo's shared file).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
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
    host = Organisation.objects.get(ods_code="XRV01")
    organiser = User.objects.get(email=ORGANISER)
    radar, created = Community.objects.get_or_create(
        system=system,
        organisation=None,
        name=RADAR,
        defaults={"purpose": PURPOSE, "created_by": organiser},
    )
    if not created:
        return
    Organiser.objects.create(community=radar, user=organiser)
    for name, ods in MEMBERS:
        Member.objects.create(community=radar, user=_person(name, ods))
    today = timezone.now().astimezone(LONDON).date()
    for title, days, description in WORKSHOPS:
        series = Series.objects.create(
            system=system,
            organisation=host,
            title=title,
            description=description,
            one_per_person=False,
            created_by=organiser,
        )
        series.allowed_organisations.set(Organisation.objects.filter(system=system))
        Session.objects.create(
            series=series,
            date=today + dt.timedelta(days=days),
            starts_at=dt.time(13, 0),
            ends_at=dt.time(15, 30),
            mode="online",
            joining_link="https://teams.example.invalid/l/meetup-join/radar-demo",
            capacity=25,
            facilitators="Radar organisers",
        )
        Workshop.objects.create(community=radar, series=series)
    Resource.objects.create(
        community=radar,
        kind=Resource.Kind.LINK,
        title="NHS England: Workforce Race Equality Standard",
        url="https://www.england.nhs.uk/about/equality/equality-hub/workforce-equality-data-standards/equality-standard/",
        added_by=organiser,
    )
    handout = Resource(
        community=radar, kind=Resource.Kind.FILE, title="Workshop handout", added_by=organiser
    )
    handout.file.save("radar-handout.pdf", ContentFile(PDF), save=False)
    handout.save()
    Announcement.objects.create(
        community=radar,
        title="Welcome to Radar",
        body="Radar brings together colleagues across the system. Book a workshop below.",
        posted_by=organiser,
    )
    Announcement.objects.create(
        community=radar,
        title="New workshop: influencing with impact",
        body="Places are open now. Online, two and a half hours, with breakout rooms.",
        posted_by=organiser,
    )
