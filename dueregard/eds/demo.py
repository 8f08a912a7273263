"""Demo EDS data: last year's published EDS 2022 report and this year's cycle in progress,
for Riverside University Hospitals NHS Trust (XRV02). Idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from dueregard.core.models import Organisation, User
from dueregard.core.tenancy import Scope
from dueregard.networks.demo import RACE_NETWORK
from dueregard.networks.demo import load as load_networks
from dueregard.networks.models import Network

from .models import Assessment, Evidence, Grading, Service, Stage
from .services import assessments, evidence, grading, local_interests, plan, publication

ORG = "XRV02"
SERVICES = ("Maternity", "Diabetes", "Community mental health")
PROTECTED = [
    "age",
    "disability",
    "gender-reassignment",
    "marriage-civil-partnership",
    "pregnancy-maternity",
    "race",
    "religion-belief",
    "sex",
    "sexual-orientation",
]
# Last year's agreed grades (and what the trust proposed where it differed).
LAST_YEAR = {
    "1A": 2,
    "1B": 1,
    "1C": 2,
    "1D": 1,
    "2A": 1,
    "2B": 1,
    "2C": 2,
    "2D": 1,
    "3A": 2,
    "3B": 1,
    "3C": 1,
}
SCORE_CODES = {0: "undeveloped", 1: "developing", 2: "achieving"}
# Outcome leads: the published report names the role only.
LEADS = {"1": ("Amara Jones", "Chief Nurse"), "2": ("Tom Hughes", "Director of People")}


def _name_race_network(system, assessment, lead) -> None:
    """Issue 19: the trust's Race Equality Network sits on the panel as a local interest
    (the report names it; never its members). The networks demo is loaded first (it is
    idempotent): the EDS demo loads before the networks it names."""
    load_networks(system)
    network = Network.objects.get(organisation__ods_code=ORG, name=RACE_NETWORK)
    local_interests.name_network(assessment, network, lead)


def _user(email):
    return User.objects.get(email=email)


def _evidence_for_all(assessment, actor, groups):
    framework = assessments.framework_of(assessment)
    services = {s.name: s for s in Service.objects.filter(assessment=assessment)}
    for goal in framework.goals:
        for outcome in goal.outcomes:
            for service in services.values() if goal.per_service else [None]:
                evidence.add(
                    assessment,
                    actor,
                    outcome_code=outcome.code,
                    kind=Evidence.Kind.TEXT,
                    title=f"{outcome.title} – data and engagement"
                    + (f" ({service.name})" if service else ""),
                    text=(
                        f"Activity, complaints and experience data for {outcome.title.lower()} "
                        "broken down by protected characteristic, discussed with the "
                        "local-interest panel."
                    ),
                    characteristics=groups,
                    service=service,
                    may_be_published=True,
                )


def _grade_all(assessment, actors, grade_for):
    framework = assessments.framework_of(assessment)
    services = list(Service.objects.filter(assessment=assessment))
    for goal in framework.goals:
        for outcome in goal.outcomes:
            for service in services if goal.per_service else [None]:
                for source, actor, grader, represents in actors:
                    code = grade_for(outcome.code, source)
                    grading.record(
                        assessment,
                        actor,
                        outcome_code=outcome.code,
                        source=source,
                        grade_code=code,
                        reasons={
                            "summary": f"Evidence shows {outcome.title.lower()} is {code} "
                            "for the groups covered."
                        },
                        service=service,
                        grader=grader,
                        represents=represents,
                        reasons_may_be_published=True,
                    )


@transaction.atomic
def load_demo(system) -> None:
    org = Organisation.objects.filter(ods_code=ORG).first()
    if org is None or Assessment.objects.filter(organisation=org).exists():
        return
    lead = _user("priya.shah@demo.dueregard.test")
    board = _user("helen.moore@demo.dueregard.test")
    grace = _user("grace.okafor@demo.dueregard.test")
    ravi = _user("ravi.patel@demo.dueregard.test")
    scope = Scope(lead.pk, org.system, org, frozenset({"edi_lead"}))

    last = assessments.create(
        scope,
        lead,
        framework_code="eds-2022",
        title="EDS 2022",
        period="2024-25",
        eds_lead="Priya Shah, Head of Equality",
        board_sponsor="Helen Moore, Non-executive Director",
        engagement_dates="4 November 2024 to 31 January 2025",
    )
    for name in SERVICES:
        assessments.add_service(last, lead, name)
    assessments.move_to(last, lead, Stage.AGREEMENT)
    _evidence_for_all(last, lead, PROTECTED[:6])
    for o in LAST_YEAR:
        name, role = LEADS["1" if o.startswith("1") else "2"]
        assessments.set_outcome_lead(last, lead, o, name, role=role)

    def last_grade(code, source):
        score = LAST_YEAR[code]
        if source == Grading.Source.ORGANISATION and code == "1B":
            return "achieving"  # the trust proposed higher; the panel's grade stands
        return SCORE_CODES[score]

    _grade_all(
        last,
        [
            (Grading.Source.ORGANISATION, lead, None, ""),
            (Grading.Source.PANEL_MEMBER, grace, grace, "Riverside Healthwatch"),
            (Grading.Source.PANEL_MEMBER, ravi, ravi, RACE_NETWORK),
        ],
        last_grade,
    )
    plan.add_action(
        last,
        lead,
        outcome_code="1B",
        action="Offer interpreters for every antenatal appointment",
        owner="Head of Midwifery",
        due_date=dt.date(2025, 9, 30),
    )
    plan.add_action(
        last,
        lead,
        outcome_code="2B",
        action="Launch a reporting route for racist abuse from patients",
        owner="Director of People",
        due_date=dt.date(2025, 12, 31),
    )
    _name_race_network(system, last, lead)
    publication.sign_off(last, board)
    publication.publish(last, lead)

    current = assessments.create(
        scope,
        lead,
        framework_code="eds-2022",
        title="EDS 2022",
        period="2025-26",
        eds_lead="Priya Shah, Head of Equality",
        board_sponsor="Helen Moore, Non-executive Director",
    )
    for name in SERVICES:
        assessments.add_service(current, lead, name)
    _name_race_network(system, current, lead)
    assessments.move_to(current, lead, Stage.GRADING)
    plan.carry_over(last, current, lead)
    maternity = Service.objects.get(assessment=current, name="Maternity")
    evidence.add(
        current,
        lead,
        outcome_code="1A",
        kind=Evidence.Kind.TEXT,
        service=maternity,
        title="Antenatal booking by 10 weeks, by ethnicity and deprivation",
        text=(
            "Bookings by 10 weeks: 71% overall; lower for Black women and the most "
            "deprived quintile."
        ),
        characteristics=["age", "race", "pregnancy-maternity", "deprivation-core20"],
        may_be_published=True,
    )
    grading.record(
        current,
        lead,
        outcome_code="1A",
        source=Grading.Source.ORGANISATION,
        grade_code="achieving",
        reasons={"summary": "Most groups book early; we are achieving."},
        service=maternity,
    )
