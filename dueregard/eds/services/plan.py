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


ACTION_FIELDS = ("outcome_code", "objective", "action", "owner", "due_date")


@transaction.atomic
def update_action(row: Action, actor, /, **fields) -> Action:
    """Change an action's outcome, objective, text, owner or date (``row`` is the action:
    its text is the field ``action``)."""
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    if "outcome_code" in fields:
        framework_of(row.assessment).outcome(fields["outcome_code"])
    before = {name: str(getattr(row, name) or "") for name in fields}
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    audit.record(
        "eds.action.changed",
        actor=actor,
        obj=row.assessment,
        before={"action_id": row.pk, **before},
        after={"action_id": row.pk, **{n: str(getattr(row, n) or "") for n in fields}},
    )
    return row


@transaction.atomic
def remove_action(action: Action, actor) -> None:
    audit.record(
        "eds.action.removed",
        actor=actor,
        obj=action.assessment,
        before={"action_id": action.pk, "outcome": action.outcome_code, "action": action.action},
    )
    action.delete()


def needs_new_date(actions) -> set[int]:
    """Open actions carried over from last year without a date for this year."""
    return {
        a.pk
        for a in actions
        if a.carried_from_id and a.status != Action.Status.DONE and a.due_date is None
    }


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
    "completed actions from the previous year"; open ones carry on in the new plan without
    last year's date: the plan asks for a new one (and the checks block until it is set)."""
    count = 0
    for action in Action.objects.filter(assessment=previous):
        if Action.objects.filter(assessment=into, carried_from=action).exists():
            continue
        done = action.status == Action.Status.DONE
        Action.objects.create(
            assessment=into,
            outcome_code=action.outcome_code,
            objective=action.objective,
            action=action.action,
            owner=action.owner,
            due_date=action.due_date if done else None,
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


def objective_outcome_choices() -> list[tuple[str, str]]:
    """Objectives link to the current EDS's outcomes."""
    from dueregard.frameworks.services import loader

    framework = loader.definition(loader.current("eds-2022"))
    return [(o.code, f"{o.code} {o.title}") for o in framework.outcomes]
