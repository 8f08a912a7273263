"""The three BLFI objectives with the measures an organisation picks, their targets and
each measure's trend over the years of workforce snapshots."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dueregard.core.services import audit
from dueregard.core.tenancy import Scope

from .. import figures
from ..models import Measure, Objective
from . import dashboard, snapshots
from .catalogue import CATALOGUE

YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def _check_year(text: str) -> str:
    found = YEAR.match(text or "")
    if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
        raise ValidationError(
            {"target_year": _("Enter the target year as a reporting year, like 2030-31")}
        )
    if not 2000 <= int(found.group(1)) <= 2100:
        raise ValidationError({"target_year": _("Enter a reporting year between 2000 and 2100")})
    return text


def _check_target(code: str, target: Decimal) -> None:
    kind = CATALOGUE[code]
    low = Decimal(0) if kind.unit == "%" else Decimal(-100)
    if not low <= target <= 100:
        raise ValidationError(
            {"target": _("Enter a target from %(low)s to 100 for this measure") % {"low": int(low)}}
        )


@transaction.atomic
def add(scope: Scope, actor, *, objective, code, target, target_year, request=None) -> Measure:
    if objective not in Objective.values:
        raise ValidationError({"objective": _("Choose one of the three objectives")})
    if code not in CATALOGUE:
        raise ValidationError({"code": _("Choose a measure from the list")})
    _check_target(code, target)
    _check_year(target_year)
    mine = Measure.in_scope(scope).filter(organisation=scope.organisation)
    if mine.filter(objective=objective, code=code).exists():
        raise ValidationError({"code": _("This measure is already chosen for this objective")})
    try:
        with transaction.atomic():
            measure = Measure.objects.create(
                system=scope.system,
                organisation=scope.organisation,
                objective=objective,
                code=code,
                target=target,
                target_year=target_year,
            )
    except IntegrityError as exc:  # the same measure chosen at the same moment elsewhere
        raise ValidationError(
            {"code": _("This measure is already chosen for this objective")}
        ) from exc
    audit.record(
        "leadership.measure_added",
        actor=actor,
        obj=measure,
        after={"objective": objective, "code": code, "target": str(target), "by": target_year},
        request=request,
    )
    return measure


@transaction.atomic
def remove(measure: Measure, actor, *, request=None) -> None:
    audit.record(
        "leadership.measure_removed",
        actor=actor,
        obj=measure,
        before={"objective": measure.objective, "code": measure.code},
        request=request,
    )
    measure.delete()


def mine(scope: Scope):
    return Measure.in_scope(scope).filter(organisation=scope.organisation)


def trend(code: str, years: list[dict], population: float | None) -> list[dict]:
    kind = CATALOGUE[code]
    return [{"period": y["period"], **kind.compute(y["counts"], population)} for y in years]


def board(scope: Scope) -> list[dict]:
    """Each objective with its measures: label, unit, target and the trend by year."""
    years = snapshots.series(scope)
    areas, profile, _basis = dashboard.community(scope)
    population = figures.population_share(profile, "ethnicity") if areas else None
    chosen: dict[str, list] = {o: [] for o in Objective.values}
    for measure in mine(scope):
        kind = CATALOGUE.get(measure.code)
        if kind is None:
            continue
        points = trend(measure.code, years, population)
        latest = next((p for p in reversed(points) if p.get("value") is not None), None)
        chosen[measure.objective].append(
            {"measure": measure, "kind": kind, "trend": points, "latest": latest}
        )
    return [
        {"code": code, "label": label, "measures": chosen[code]}
        for code, label in Objective.choices
    ]
