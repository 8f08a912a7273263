"""Builders for IDMF tests: decisions at each stage, through the services."""

import datetime as dt

from dueregard.idmf.models import DecisionType
from dueregard.idmf.services import decisions, framework

RELEVANT = {
    "screen-affects-people": "yes",
    "screen-different-effect": "no",
    "screen-access-experience-outcomes": "no",
    "screen-health-inequalities": "no",
    "screen-rationale": "It changes where people go for blood tests.",
}
NOT_RELEVANT = {**RELEVANT, "screen-affects-people": "no", "screen-rationale": "Back office."}


def make_decision(org, owner, *, kind=DecisionType.SERVICE_CHANGE, title="Move the clinic"):
    return decisions.create_decision(
        actor=owner,
        system=org.system,
        organisation=org,
        title=title,
        design_group="Planned care",
        decision_body="Trust board",
        decision_type=kind,
        date_needed=dt.date(2026, 6, 1),
    )


def step_answers(spec, step_code):
    out = {}
    for q in framework.step_questions(spec, step_code):
        if q.repeat_for == "psed_aims":
            for aim in spec.psed_aims:
                out[f"{q.code}__{aim.code}"] = "Considered."
        elif q.type == "date":
            out[q.code] = dt.date(2027, 1, 15)
        elif q.type == "yes_no":
            out[q.code] = "yes"
        elif q.type == "choice":
            out[q.code] = q.options[0].code
        else:
            out[q.code] = f"Answer to {q.code}"
    return out


def neutral_grid(assessment, **overrides):
    grid = {
        g.code: {
            "rating": "neutral",
            "reasons": "No different effect.",
            "evidence": "",
            "confidence": "medium",
        }
        for g in framework.groups(assessment)
    }
    for code, values in overrides.items():
        grid[code.replace("_", "-")] = {**grid[code.replace("_", "-")], **values}
    return grid


def complete_assessment(decision, owner, *, grid_overrides=None, engagement=True, actions=()):
    """Screen and complete all six steps; returns the assessment (not signed off)."""
    assessment = decision.current_assessment()
    decisions.screen(assessment, RELEVANT, actor=owner)
    spec = framework.idmf(assessment)
    decisions.save_impacts(
        assessment, neutral_grid(assessment, **(grid_overrides or {})), actor=owner
    )
    if engagement:
        decisions.add_engagement(
            assessment,
            actor=owner,
            who="Healthwatch",
            held_on=dt.date(2026, 3, 1),
            method="Drop-in",
            groups_reached=["age"],
            heard="Bus routes matter.",
            changed="Extra slots.",
        )
    for action in actions:
        decisions.add_action(assessment, actor=owner, **action)
    for step in spec.steps:
        answers = step_answers(spec, step.code)
        answers["mitigate-justification"] = ""
        decisions.save_step(assessment, step.code, answers, complete=True, actor=owner)
    assessment.refresh_from_db()
    return assessment


def checklist(assessment):
    return [i.code for i in framework.idmf(assessment).due_regard_checklist]


def statements(assessment):
    """A sentence of the decision maker's own for each due-regard principle."""
    return {code: f"Met for this decision ({code})." for code in checklist(assessment)}
