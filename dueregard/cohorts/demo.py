"""Demo data: the Resourceful and Resilient Change Makers Programme of Riverside and Vale
(BLFI), with a past cohort that has applications in every state, a panel with a declared
conflict, a calendar of modules and action-learning sets on events with attendance,
change projects, a completion whose 6-month follow-up is due; and an open cohort."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dueregard.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from dueregard.core.models import Organisation, User
from dueregard.core.monitoring import MINORITY, RACE, WHITE
from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant
from dueregard.events.models import Booking, BookingStatus, Session
from dueregard.frameworks.services import characteristics

from .models import (
    Application,
    Conflict,
    FollowUp,
    Milestone,
    Module,
    ModuleKind,
    Monitoring,
    PanelMember,
    Programme,
    Project,
    Score,
    Status,
    Support,
)
from .services import programmes, progress

TITLE = "Resourceful and Resilient Change Makers Programme"
DESCRIPTION = (
    "A year of modules and action-learning sets for staff from Bands 5 to 8a who want to "
    "lead change for equality in their service, each with a change project sponsored by "
    "their line manager."
)
W, M = WHITE, MINORITY
# (name, ODS code, job title, band, staff group, status, support, (shared codes, ethnic
# group)): the voluntary equality monitoring each applicant gave (ADR 0044). Two
# participants work at the ICB, so the programme counts in its WRES indicator 4 view.
APPLICANTS = [
    ("Amara Nwosu", "XRV02", "Ward sister", "7", "nursing", Status.ACCEPTED, True, ([], M)),
    ("Daniel Kowalski", "XRV01", "Programme manager", "6", "admin", Status.ACCEPTED, True, ([], W)),
    ("Farah Iqbal", "XRV01", "Service manager", "8a", "admin", Status.ACCEPTED, True, ([], M)),
    ("Grace Mensah", "XRV03", "Mental health nurse", "6", "nursing", Status.ACCEPTED, True, None),
    (
        "Hannah Price",
        "XRV02",
        "Physiotherapist",
        "6",
        "ahp",
        Status.OFFERED,
        True,
        (["disability"], W),
    ),
    ("Imran Siddiqui", "XRV06", "Practice manager", "7", "admin", Status.DECLINED, True, None),
    ("Joy Adebayo", "XRV02", "Midwife", "6", "nursing", Status.WAITING, True, (["sex"], M)),
    ("Kieran Walsh", "XRV03", "Pharmacist", "7", "scientific", Status.NOT_SELECTED, True, ([], W)),
    ("Lena Fischer", "XRV02", "Team leader", "5", "admin", Status.WITHDRAWN, True, None),
    (
        "Mohammed Ali",
        "XRV02",
        "Radiographer",
        "6",
        "ahp",
        Status.SUBMITTED,
        None,
        (["religion-belief"], ""),
    ),
    ("Nadia Rossi", "XRV03", "Psychologist", "8a", "scientific", Status.SUBMITTED, False, None),
]
MODULES = [
    (ModuleKind.MODULE, "Leading change for equality", 330),
    (ModuleKind.ACTION_LEARNING, "Action-learning set 1", 300),
    (ModuleKind.MODULE, "Using data: WRES and WDES", 270),
    (ModuleKind.ACTION_LEARNING, "Action-learning set 2", 240),
    (ModuleKind.MODULE, "Resilience and influencing", 215),
]


def _person(name: str, ods: str) -> tuple[User, Organisation]:
    org = Organisation.objects.get(ods_code=ods)
    email = f"{'.'.join(name.lower().split())}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, full_name=name
    )
    grant(user, Role.STAFF, organisation=org)
    return user, org


def _monitor(app: Application, shared) -> None:
    """Store the applicant's monitoring as the form would: codes in the framework's
    order, ``race`` for an ethnic minority group; nothing when they preferred not to say."""
    if shared is None:
        return
    codes, group = shared
    row = characteristics.current()
    wanted = set(codes) | ({RACE} if group == MINORITY else set())
    Monitoring.objects.create(
        application=app,
        framework=row,
        codes=[c for c, _name in characteristics.group_choices(row) if c in wanted],
        ethnic_group=group,
    )


@transaction.atomic
def load(system) -> None:
    host = Organisation.objects.get(ods_code="XRV01")
    if Programme.objects.filter(system=system, title=TITLE).exists():
        return
    organiser = User.objects.filter(email=f"fatima.rahman@{DEMO_DOMAIN}").first()
    programme = programmes.create_programme(
        actor=organiser,
        organisation=host,
        system_wide=True,
        title=TITLE,
        description=DESCRIPTION,
    )
    today = timezone.localdate()
    past = programmes.create_cohort(
        programme,
        actor=organiser,
        name="2025–26 intake",
        opens_on=today - dt.timedelta(days=420),
        closes_on=today - dt.timedelta(days=380),
        places=5,
        eligible_bands=["5", "6", "7", "8a"],
        eligible_staff_groups=[],
        min_attendance_percent=75,
    )
    programmes.create_cohort(
        programme,
        actor=organiser,
        name="2027 intake",
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=40),
        places=12,
        eligible_bands=["5", "6", "7", "8a"],
        eligible_staff_groups=[],
        min_attendance_percent=75,
    )
    apps = []
    for name, ods, job, band, group, status, support, shared in APPLICANTS:
        user, org = _person(name, ods)
        app = Application.objects.create(
            cohort=past,
            user=user,
            organisation=org,
            job_title=job,
            band=band,
            staff_group=group,
            statement=(
                f"As a {job.lower()} I see how our processes shut people out. I want to "
                "lead a change that makes our service fairer for staff and patients."
            ),
            line_manager_name="Helen Moore" if ods == "XRV02" else "Peter Walsh",
            line_manager_email=f"manager.{ods.lower()}@{DEMO_DOMAIN}",
            support={True: Support.CONFIRMED, False: Support.DECLINED, None: Support.PENDING}[
                support
            ],
            support_answered_at=None if support is None else timezone.now(),
            status=status,
            decision_reason="" if status == Status.SUBMITTED else "Scored by the panel.",
        )
        _monitor(app, shared)
        apps.append(app)
    panel = []
    for email in (f"priya.shah@{DEMO_DOMAIN}", f"helen.moore@{DEMO_DOMAIN}"):
        user = User.objects.filter(email=email).first()
        if user is not None:
            panel.append(PanelMember.objects.create(cohort=past, user=user, email=email))
    if panel:
        Conflict.objects.create(
            member=panel[-1], application=apps[0], kind="line_manager", declared_by=panel[-1].user
        )
        for member in panel:
            for i, app in enumerate(apps[:9]):
                if not (member == panel[-1] and app == apps[0]):
                    Score.objects.create(member=member, application=app, score=5 - i % 4)
    participants = [a for a in apps if a.status == Status.ACCEPTED]
    now = timezone.now()
    for kind, title, days_ago in MODULES:
        session = Session.objects.create(
            series=past.series,
            date=today - dt.timedelta(days=days_ago),
            mode="venue",
            venue="Riverside Conference Centre, 1 Quay Street",
            capacity=past.places,
            facilitators="Riverside and Vale ICB",
        )
        Module.objects.create(cohort=past, session=session, kind=kind, title=title)
        for n, app in enumerate(participants):
            Booking.objects.create(
                session=session,
                user=app.user,
                status=BookingStatus.CONFIRMED,
                confirmed_at=now,
                organisation=app.organisation,
                attended=not (n == 3 and days_ago < 300),  # one participant missed three
            )
    for n, app in enumerate(participants):
        project = Project.objects.create(
            application=app,
            title=[
                "Fair shortlisting on our wards",
                "Reasonable adjustments without the wait",
                "Diverse interview panels for Band 7 and above",
                "Listening events for night staff",
            ][n],
            summary="A change in my own service, with my line manager as sponsor.",
        )
        for m, (label, due) in enumerate((("Baseline data", 280), ("Pilot", 230))):
            Milestone.objects.create(
                project=project,
                title=label,
                due_on=today - dt.timedelta(days=due),
                done_on=today - dt.timedelta(days=due) if n == 0 or m == 0 else None,
            )
        project.done = n == 0
        project.save(update_fields=["done"])
    first = participants[0]
    first.completed_on = today - dt.timedelta(days=200)
    first.save(update_fields=["completed_on"])
    for months in progress.FOLLOW_UP_MONTHS:
        FollowUp.objects.create(
            application=first,
            months=months,
            due_on=progress.add_months(first.completed_on, months),
        )
