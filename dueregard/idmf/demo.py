"""Demo decisions in Riverside and Vale, at different stages (safe to run twice)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dueregard.core.demo import DEMO_DOMAIN
from dueregard.core.models import Organisation, User

from .models import Decision, DecisionType
from .services import decisions, framework

SCREENING_RELEVANT = {
    "screen-affects-people": "yes",
    "screen-different-effect": "yes",
    "screen-access-experience-outcomes": "yes",
    "screen-health-inequalities": "unsure",
    "screen-rationale": "The clinic moves 3 miles: travel, parking and bus routes change.",
}


# The decision maker's own sentences for the due-regard (Brown) principles.
DEMO_STATEMENTS = {
    "aware": "I read the equality duty briefing and the analysis before the board met.",
    "timely": "The analysis was in the board papers a week before the decision.",
    "rigour-open-mind": "We changed the clinic hours after hearing from carers.",
    "not-delegated": "The analysis was prepared by the project team; I made the decision.",
    "continuing": "The clinic's use by age and disability is reported every quarter.",
    "recorded": "This assessment and the board minute record how due regard was given.",
}


def _person(name: str) -> User:
    return User.objects.get(email=f"{name}@{DEMO_DOMAIN}")


def _answers_for(spec, step_code: str, today: dt.date) -> dict:
    out = {}
    for q in framework.step_questions(spec, step_code):
        if q.repeat_for == "psed_aims":
            for aim in spec.psed_aims:
                out[f"{q.code}__{aim.code}"] = f"Considered for {aim.name.lower()}."
        elif q.type == "date":
            out[q.code] = today + dt.timedelta(days=180 if "review" in q.code else 30)
        elif q.type == "yes_no":
            out[q.code] = "yes"
        elif q.type == "choice":
            out[q.code] = q.options[0].code
        else:
            out[q.code] = f"Demo answer: {q.text.rstrip('?').lower()}."
    return out


def _full_assessment(decision, owner, *, steps: int, today: dt.date):
    assessment = decision.current_assessment()
    decisions.screen(assessment, SCREENING_RELEVANT, actor=owner)
    spec = framework.idmf(assessment)
    groups = framework.groups(assessment)
    for step in spec.steps[:steps]:
        if step.code == "assess-impact":
            grid = {
                g.code: {
                    "rating": "neutral",
                    "reasons": "No different effect found in the data or the engagement.",
                    "evidence": "",
                    "confidence": "medium",
                }
                for g in groups
            }
            grid["age"] = {
                "rating": "negative",
                "reasons": "Older people rely on the bus; the new site is further from routes.",
                "evidence": "Travel survey 2026; patient postcode analysis",
                "confidence": "high",
            }
            grid["disability"] = {
                "rating": "positive",
                "reasons": "The health centre is step-free with a hearing loop.",
                "evidence": "Access audit of the health centre, 2026",
                "confidence": "high",
            }
            decisions.save_impacts(assessment, grid, actor=owner)
        if step.code == "engage":
            decisions.add_engagement(
                assessment,
                actor=owner,
                who="Riverside Healthwatch and the Older People's Forum",
                held_on=today - dt.timedelta(days=40),
                method="Two drop-in sessions with BSL and Polish interpreters",
                groups_reached=["age", "disability", "race"],
                heard="Worry about bus journeys and parking for blue badge holders.",
                changed="Added early-morning slots and a volunteer driver scheme.",
            )
        if step.code == "mitigate-decide":
            decisions.add_action(
                assessment,
                actor=owner,
                purpose="mitigate",
                description="Volunteer driver scheme for patients over 75",
                groups=["age"],
                owner_name="Vale Voluntary Action transport lead",
                owner_email="",
                due_date=today + dt.timedelta(days=60),
            )
        decisions.save_step(
            assessment, step.code, _answers_for(spec, step.code, today), complete=True, actor=owner
        )
    return assessment


@transaction.atomic
def load(system) -> None:
    today = timezone.localdate()
    trust = Organisation.objects.get(ods_code="XRV02")
    community = Organisation.objects.get(ods_code="XRV03")
    jamie, priya, alan = _person("jamie.lee"), _person("priya.shah"), _person("alan.brooks")

    def made(title, organisation):
        return Decision.objects.filter(
            title=title, organisation=organisation, system=system
        ).exists()

    title = "Moving the phlebotomy clinic to Riverside Health Centre"
    if not made(title, trust):
        d = decisions.create_decision(
            actor=jamie,
            system=system,
            organisation=trust,
            title=title,
            design_group="Planned care design group",
            decision_body="Trust executive board",
            decision_type=DecisionType.SERVICE_CHANGE,
            date_needed=today - dt.timedelta(days=200),
        )
        a = _full_assessment(d, jamie, steps=6, today=today - dt.timedelta(days=200))
        decisions.sign_off(
            a,
            actor=alan,
            statements=DEMO_STATEMENTS,
            decided_on=today - dt.timedelta(days=190),
            today=today - dt.timedelta(days=190),
        )
        a.review_date = today - dt.timedelta(days=5)  # due now: the reminder shows
        a.save(update_fields=["review_date"])

    title = "Digital-first outpatient booking"
    if not made(title, trust):
        d = decisions.create_decision(
            actor=priya,
            system=system,
            organisation=trust,
            title=title,
            design_group="Outpatient transformation programme",
            decision_body="Trust executive board",
            decision_type=DecisionType.SERVICE_CHANGE,
            date_needed=today + dt.timedelta(days=45),
        )
        _full_assessment(d, priya, steps=3, today=today)

    title = "Replacing the car park payment software supplier"
    if not made(title, community):
        d = decisions.create_decision(
            actor=priya,
            system=system,
            organisation=community,
            title=title,
            design_group="",
            decision_body="Finance and performance committee",
            decision_type=DecisionType.PROCUREMENT,
            date_needed=today + dt.timedelta(days=20),
        )
        decisions.screen(
            d.current_assessment(),
            {
                "screen-affects-people": "no",
                "screen-different-effect": "no",
                "screen-access-experience-outcomes": "no",
                "screen-health-inequalities": "no",
                "screen-rationale": "Like-for-like software behind the same machines and "
                "prices; nothing people see or pay changes.",
            },
            actor=priya,
        )

    title = "Winter vaccination outreach plan"
    if not Decision.objects.filter(title=title, organisation__isnull=True, system=system).exists():
        sam = _person("sam.admin")
        decisions.create_decision(
            actor=sam,
            system=system,
            organisation=None,
            title=title,
            design_group="Population health design group",
            decision_body="Integrated care board",
            decision_type=DecisionType.COMMISSIONING,
            date_needed=today + dt.timedelta(days=30),
        )
