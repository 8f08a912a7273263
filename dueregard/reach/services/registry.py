"""Every programme with participants, and where its reach table is (ADR 0044).

A programme app provides ``services/reach.py`` with ``STAGES`` and ``table(obj)`` (rows
from ``analytics.reach``), and a page for one programme's table. Optionally it offers
``totals(objects)`` (object id → people at each stage, in one query for all of them) for
the overview, and ``accessed(scope)`` (e-mail → the WRES ethnic group the person shared)
for the WRES indicator 4 view. Adding a programme is one line in ``PROGRAMMES``;
``tests/reach/test_registry.py`` fails when a programme app with participants is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dueregard.awards.models import Round
from dueregard.awards.services import reach as awards_reach
from dueregard.cohorts.models import Programme as CohortProgramme
from dueregard.cohorts.services import reach as cohorts_reach
from dueregard.events.models import Series
from dueregard.events.services import reach as events_reach
from dueregard.mentoring.models import Programme as MentoringProgramme
from dueregard.mentoring.services import reach as mentoring_reach


@dataclass(frozen=True)
class Source:
    key: str
    label: Promise
    model: type[models.Model]  # one programme (a series, a round, a cohort...)
    service: ModuleType  # its services/reach.py
    url_name: str  # the page of one programme's table, taking its pk
    rule: str  # who may open that page

    @property
    def app_label(self) -> str:
        return self.model._meta.app_label


PROGRAMMES: list[Source] = [
    Source(
        "events",
        _("Workshops and network development days"),
        Series,
        events_reach,
        "events:reach",
        "events.view_reach",
    ),
    Source(
        "mentoring",
        _("Reverse and reciprocal mentoring"),
        MentoringProgramme,
        mentoring_reach,
        "mentoring:reach",
        "mentoring.view_summary",
    ),
    Source("awards", _("Awards"), Round, awards_reach, "awards:reach", "awards.view_reach"),
    Source(
        "cohorts",
        _("Change-maker cohorts"),
        CohortProgramme,
        cohorts_reach,
        "cohorts:reach",
        "cohorts.view_reach",
    ),
]

#: Headings of the stages programmes use (cohorts: applied, selected, attended,
#: completed, progressed).
STAGE_LABELS = {
    "applied": _("Applied"),
    "selected": _("Selected"),
    "matched": _("Matched"),
    "booked": _("Booked"),
    "attended": _("Attended"),
    "completed": _("Completed"),
    "progressed": _("Progressed"),
    "nominated": _("Nominated"),
    "shortlisted": _("Shortlisted"),
    "won": _("Won"),
}


def stage_label(stage: str):
    return STAGE_LABELS.get(stage, stage.replace("_", " ").capitalize())
