"""The improvement plan (actions) and four-year equality objectives."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dueregard.core.services import audit

from ..models import Action, Assessment, Objective
from .assessments import framework_of

OBJECTIVE_YEARS = 4


@transaction.atomic
def add_action(assessment: Assessment, actor, **fields) -> Action:
    framework_of(assessment).outcome(fields["outcome_code"])
    action = Action.objects.create(assessment=assessment, **fields)
    audit.record(
        "eds.action.added",
        actor=actor,
        obj=assessment,
        after={"outcome": action.outcome_code, "action": action.action, "owner": action.owner},
    )
    return action


@transaction.atomic
def set_status(action: Action, actor, status: str) -> None:
    if status not in Action.Status.values:
        raise ValidationError({"status": "Choose a status"})
    before = action.status
    action.status = status
    action.completed_on = timezone.localdate() if status == Action.Status.DONE else None
    action.save(update_fields=["status", "completed_on"])
    audit.record(
        "eds.action.status_changed",
        actor=actor,
        obj=action.assessment,
        before={"action": action.pk, "status": before},
        after={"action": action.pk, "status": status},
    )


def overdue(actions, today: dt.date | None = None) -> set[int]:
    today = today or timezone.localdate()
    return {
        a.pk
        for a in actions
        if a.due_date and a.due_date < today and a.status != Action.Status.DONE
    }


@transaction.atomic
def carry_over(previous: Assessment, into: Assessment, actor) -> int:
    """Bring last cycle's actions into the new cycle. Completed ones become the report's
    "completed actions from the previous year"; open ones carry on in the new plan."""
    count = 0
    for action in Action.objects.filter(assessment=previous):
        if Action.objects.filter(assessment=into, carried_from=action).exists():
            continue
        Action.objects.create(
            assessment=into,
            outcome_code=action.outcome_code,
            objective=action.objective,
            action=action.action,
            owner=action.owner,
            due_date=action.due_date,
            status=action.status,
            completed_on=action.completed_on,
            carried_from=action,
        )
        count += 1
    audit.record(
        "eds.actions.carried_over",
        actor=actor,
        obj=into,
        after={"from": previous.pk, "count": count},
    )
    return count


@transaction.atomic
def add_objective(scope, actor, *, title, description, start_year, outcome_codes) -> Objective:
    objective = Objective.objects.create(
        system=scope.system,
        organisation=scope.organisation,
        title=title,
        description=description,
        start_year=start_year,
        end_year=start_year + OBJECTIVE_YEARS - 1,
        outcome_codes=list(outcome_codes),
    )
    audit.record("eds.objective.added", actor=actor, obj=objective, after={"title": title})
    return objective
