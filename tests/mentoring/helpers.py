"""Small builders for mentoring tests."""

import datetime as dt

from dueregard.core.models import User
from dueregard.mentoring.models import Application, Programme, Side
from dueregard.mentoring.services import framework

TOPICS = ["career", "board", "recruitment", "networks", "inequalities"]
SLOTS = ["mon-am", "tue-pm", "wed-am", "thu-pm"]


def make_programme(org, *, system_wide=False, **values) -> Programme:
    values.setdefault("title", "Reciprocal mentoring 2027")
    values.setdefault("cohort_start", dt.date(2027, 1, 4))
    values.setdefault("cohort_end", dt.date(2027, 12, 17))
    values.setdefault("focus_groups", ["disability", "race", "sex", "sexual-orientation"])
    values.setdefault("board_commitment", "The board agreed to take part on 1 December 2026.")
    values.setdefault("sponsor", "Chief People Officer")
    values.setdefault("meeting_cadence", "monthly")
    return Programme.objects.create(
        system=org.system,
        organisation=None if system_wide else org,
        organiser_organisation=org,
        characteristics_framework=framework.current_characteristics(),
        **values,
    )


def make_application(programme, side, n, *, org=None, user=None, **values) -> Application:
    if user is None:
        email = f"{side}{n}@example.nhs.uk"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, "x-password-123", full_name=f"{side.title()} {n}"
        )
    values.setdefault("role", "Director" if side == Side.LEADER else "Band 6 nurse")
    values.setdefault("directorate", "Operations")
    values.setdefault("team", f"team {side} {n}")
    values.setdefault("topics", TOPICS[n % 5 : n % 5 + 2])
    values.setdefault("availability", SLOTS[n % 4 : n % 4 + 2])
    values.setdefault("format", "either")
    values.setdefault("hopes_to_learn", "How it feels")
    values.setdefault("hopes_to_offer", "What I know")
    return Application.objects.create(
        programme=programme,
        user=user,
        side=side,
        organisation=org or programme.organiser_organisation,
        **values,
    )


def populate(programme, n=3):
    leaders = [make_application(programme, Side.LEADER, i) for i in range(n)]
    partners = [make_application(programme, Side.PARTNER, i) for i in range(n)]
    return leaders, partners
