"""Demo data: an open, system-wide reciprocal mentoring programme with 20 applications."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dueregard.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from dueregard.core.models import Organisation, User
from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant

from .models import Application, Programme, Side
from .services import framework

TITLE = "Riverside and Vale reciprocal mentoring 2027"
DESCRIPTION = (
    "Senior leaders and board members are paired with colleagues from under-represented "
    "groups, and each mentors the other. Partners meet regularly for twelve months to "
    "share experience of working in our system and to change how we lead."
)
FOCUS = ["disability", "race", "sex", "sexual-orientation"]

# (name, organisation, role, team, topics, availability, format)
LEADERS = [
    (
        "Olivia Grant",
        "XRV01",
        "Chief Executive",
        "Executive office",
        ["board", "strategy", "culture"],
        ["mon-am", "wed-am"],
        "either",
    ),
    (
        "Marcus Bell",
        "XRV01",
        "Director of Strategy",
        "Strategy",
        ["strategy", "inequalities"],
        ["tue-pm", "thu-pm"],
        "online",
    ),
    (
        "Dr Ruth Adler",
        "XRV02",
        "Medical Director",
        "Medical directorate",
        ["clinical", "career"],
        ["mon-am", "fri-am"],
        "in_person",
    ),
    (
        "Simon Clarke",
        "XRV02",
        "Director of Finance",
        "Finance",
        ["strategy", "recruitment"],
        ["wed-pm", "thu-am"],
        "either",
    ),
    (
        "Angela Morris",
        "XRV02",
        "Chief Nurse",
        "Nursing directorate",
        ["career", "culture", "wellbeing"],
        ["tue-am", "thu-am"],
        "either",
    ),
    (
        "Peter Walsh",
        "XRV03",
        "Chief Operating Officer",
        "Operations",
        ["culture", "lived-experience"],
        ["mon-pm", "wed-pm"],
        "online",
    ),
    (
        "Karen Hughes",
        "XRV03",
        "Director of People",
        "People",
        ["recruitment", "networks", "career"],
        ["tue-am", "fri-pm"],
        "either",
    ),
    (
        "David Osei",
        "XRV04",
        "Director of Public Health",
        "Public health",
        ["inequalities", "board"],
        ["wed-am", "thu-pm"],
        "online",
    ),
    (
        "Claire Fenton",
        "XRV05",
        "Director of Adult Social Care",
        "Adult social care",
        ["inequalities", "culture"],
        ["mon-am", "tue-pm"],
        "in_person",
    ),
    (
        "Non-executive Director Jane Ward",
        "XRV01",
        "Non-executive director",
        "Board",
        ["board", "lived-experience"],
        ["fri-am", "fri-pm"],
        "online",
    ),
]
# (name, organisation, role, team, topics, availability, format, focus groups shared)
PARTNERS = [
    (
        "Amara Nwosu",
        "XRV02",
        "Staff nurse, band 5",
        "Ward 7",
        ["career", "lived-experience"],
        ["mon-am", "tue-am"],
        "either",
        ["race", "sex"],
    ),
    (
        "Bilal Hussain",
        "XRV02",
        "Pharmacist, band 7",
        "Pharmacy",
        ["career", "clinical"],
        ["mon-am", "fri-am"],
        "in_person",
        ["race"],
    ),
    (
        "Chloe Turner",
        "XRV03",
        "Occupational therapist",
        "Community therapy",
        ["wellbeing", "culture"],
        ["tue-am", "thu-am"],
        "either",
        ["disability", "sex"],
    ),
    (
        "Daniel Reyes",
        "XRV01",
        "Analyst, band 6",
        "Strategy",
        ["inequalities", "strategy"],
        ["tue-pm", "thu-pm"],
        "online",
        ["sexual-orientation"],
    ),
    (
        "Esther Mensah",
        "XRV04",
        "Public health officer",
        "Health improvement",
        ["inequalities", "board"],
        ["wed-am", "thu-pm"],
        "online",
        ["race", "sex"],
    ),
    (
        "Farah Iqbal",
        "XRV05",
        "Social worker",
        "Adult social care",
        ["inequalities", "lived-experience"],
        ["mon-am", "tue-pm"],
        "in_person",
        ["race", "sex"],
    ),
    (
        "George Lam",
        "XRV06",
        "Practice manager",
        "Riverside Central",
        ["recruitment", "networks"],
        ["tue-am", "fri-pm"],
        "either",
        ["race"],
    ),
    (
        "Hannah Price",
        "XRV07",
        "Volunteer coordinator",
        "Volunteering",
        ["networks", "culture"],
        ["mon-pm", "wed-pm"],
        "online",
        ["disability"],
    ),
    (
        "Isaac Boateng",
        "XRV03",
        "Mental health nurse",
        "Crisis team",
        ["lived-experience", "culture"],
        ["mon-pm", "wed-pm"],
        "either",
        ["race", "sexual-orientation"],
    ),
    (
        "Joy Campbell",
        "XRV02",
        "Finance officer, band 5",
        "Finance",
        ["recruitment", "career"],
        ["wed-pm", "thu-am"],
        "either",
        ["race", "sex"],
    ),
]


def _person(name: str, ods: str) -> tuple[User, Organisation]:
    org = Organisation.objects.get(ods_code=ods)
    slug = ".".join(
        name.lower()
        .replace("dr ", "")
        .replace("non-executive director ", "")
        .replace("-", "")
        .split()
    )
    email = f"{slug}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, full_name=name.replace("Non-executive Director ", "")
    )
    grant(user, Role.STAFF, organisation=org)
    return user, org


@transaction.atomic
def load(system) -> None:
    host = Organisation.objects.get(ods_code="XRV01")
    start = timezone.localdate().replace(day=1) + dt.timedelta(days=62)
    start = start.replace(day=1)
    programme, _created = Programme.objects.get_or_create(
        system=system,
        organisation=None,
        title=TITLE,
        defaults={
            "description": DESCRIPTION,
            "organiser_organisation": host,
            "cohort_start": start,
            "cohort_end": start.replace(year=start.year + 1) - dt.timedelta(days=1),
            "focus_groups": FOCUS,
            "characteristics_framework": framework.current_characteristics(),
            "board_commitment": (
                "Each partner organisation's board agreed to take part, to release leaders "
                "and partners for an hour a month, and to hear a report at the end."
            ),
            "board_committed_on": timezone.localdate() - dt.timedelta(days=30),
            "sponsor": "Olivia Grant, Chief Executive, Riverside and Vale ICB",
            "meeting_cadence": "monthly",
        },
    )
    if programme.applications.exists():
        return
    leaders = {}
    for name, ods, role, team, topics, slots, fmt in LEADERS:
        user, org = _person(name, ods)
        leaders[name] = Application.objects.create(
            programme=programme,
            user=user,
            side=Side.LEADER,
            role=role,
            organisation=org,
            directorate=team,
            team=team,
            topics=topics,
            availability=slots,
            format=fmt,
            hopes_to_learn="What it is like to work here for colleagues who are not like me.",
            hopes_to_offer="How decisions are made at board level, and how to influence them.",
        )
    olivia = leaders["Olivia Grant"].user.email
    for name, ods, role, team, topics, slots, fmt, shared in PARTNERS:
        user, org = _person(name, ods)
        values = {}
        if name == "Daniel Reyes":  # reports to the Director of Strategy: never paired with him
            values["line_manager_email"] = leaders["Marcus Bell"].user.email
            values["senior_manager_emails"] = [olivia]
        if name == "Joy Campbell":  # same finance team as the Director of Finance
            team = "Finance"
        if name == "Farah Iqbal":  # a declared conflict
            values["conflict_emails"] = [leaders["Claire Fenton"].user.email]
        Application.objects.create(
            programme=programme,
            user=user,
            side=Side.PARTNER,
            role=role,
            organisation=org,
            directorate=team,
            team=team,
            topics=topics,
            availability=slots,
            format=fmt,
            characteristics=shared,
            hopes_to_learn="How senior leaders think, and how to progress into leadership.",
            hopes_to_offer="My experience of working here as someone under-represented.",
            **values,
        )
