"""Helpers: a return year with its data, at any stage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dueregard.returns.models import Stage
from dueregard.returns.services import calendar, cycle

FIXTURE = (
    Path(__file__).resolve().parent.parent
    / "analytics"
    / "workforce"
    / "fixtures"
    / "wres-survey-benchmark.csv"
)


def actor_for(org, make_user, email="returns.lead@example.nhs.uk"):
    from dueregard.core.roles import Role

    return make_user(email, Role.EDI_LEAD, organisation=org)


def make_year(org, actor, *, year=2026, standard="WRES"):
    return cycle.start(org, standard, year, actor=actor)


def fill(ry, actor):
    """Survey figures and a board register (no evidence pack)."""
    cycle.load_survey(ry, FIXTURE.read_bytes(), "survey.csv", actor=actor)
    cycle.add_seat(ry, role="Chair", voting=True, executive=False, group="White", actor=actor)
    cycle.add_seat(ry, role="Chief nurse", voting=True, executive=True, group="BME", actor=actor)
    return ry


def checked(ry, actor):
    """Mark the data checked without an evidence pack (service tests of later stages)."""
    ry.stage = Stage.VALIDATED
    ry.save(update_fields=["stage"])
    return ry


def narrate(ry, actor):
    for ind in calendar.indicators(ry.standard):
        cycle.set_narrative(ry, ind.code, f"About {ind.code}.", actor=actor)


def approved(ry, actor):
    narrate(checked(ry, actor), actor)
    cycle.approve(
        ry, body="Trust board", chair="Chair", approved_on=dt.date(2026, 9, 1), actor=actor
    )
    return ry
