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

# The chair (an EDI lead or assessor) records the agreed grade and, when not on the panel
# themselves, sees every grade.
CHAIR_ROLES = (Role.EDI_LEAD, Role.ASSESSOR)


def grades_blind(scope) -> bool:
    """Everyone on the panel grades blind, whatever other role they also hold: an EDI lead
    or board member who is also a panel member gives their own grade for an outcome before
    seeing anyone else's (ADR 0027)."""
    return scope.has_role(Role.PANEL_MEMBER)


def sees_drafts(scope) -> bool:
    """Panel members do not see drafts; a panel member who also manages assessments does
    (they prepare them), still blind to the grades."""
    return not grades_blind(scope) or scope.has_role(*CHAIR_ROLES)


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
    if not sees_drafts(scope):
        rows = rows.exclude(stage=Stage.DRAFT)
    return rows
