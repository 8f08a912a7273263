"""Blind grading: who may see which grades, decided once for every surface.

A panel member who has not given their own grade for an outcome (and service) sees no
other grade for it anywhere: pages, the draft report and its downloads, the checks, the
system view. Every surface asks :func:`for_viewer` and shows only what ``sees`` allows;
``tests/eds/test_blind_grading.py`` enumerates the surfaces as each panel member.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from dueregard.core.roles import Role

from ..models import Assessment, Grading, Stage

# The chair (an EDI lead or assessor) records the agreed grade and so sees every grade.
CHAIR_ROLES = (Role.EDI_LEAD, Role.ASSESSOR)


def grades_blind(scope) -> bool:
    """Panel members grade blind unless they also chair the panel."""
    return scope.has_role(Role.PANEL_MEMBER) and not scope.has_role(*CHAIR_ROLES)


@dataclass(frozen=True)
class Visibility:
    """What one viewer may see of one assessment's grades. ``own`` holds the (outcome,
    service name) pairs the viewer has graded as a panel member."""

    blind: bool
    own: frozenset[tuple[str, str | None]] = frozenset()

    def sees(self, outcome_code: str, service: str | None = None) -> bool:
        return not self.blind or (outcome_code, service) in self.own

    def sees_every(self, keys) -> bool:
        return all(self.sees(code, service) for code, service in keys)

    @property
    def sees_everything(self) -> bool:
        return not self.blind


EVERYTHING = Visibility(blind=False)


def for_viewer(scope, assessment: Assessment, user) -> Visibility:
    """A published report is public: everyone sees it. Before that a blind viewer sees the
    grades of an outcome only once they have given their own."""
    if assessment.stage == Stage.PUBLISHED or not grades_blind(scope):
        return EVERYTHING
    own = Grading.objects.filter(
        assessment=assessment, source=Grading.Source.PANEL_MEMBER, grader=user
    ).values_list("outcome_code", "service__name")
    return Visibility(blind=True, own=frozenset(own))


def visible_assessments(scope) -> QuerySet:
    """Assessments the viewer may open: panel members do not see drafts."""
    rows = scope.query(Assessment)
    if grades_blind(scope):
        rows = rows.exclude(stage=Stage.DRAFT)
    return rows
