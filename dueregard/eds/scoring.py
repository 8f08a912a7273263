"""How grades combine: panel members' grades, the local interests' view prevailing, EDS
2022 scores, the Domain 1 median of services and the overall rating. Pure functions over
plain values (no database), so the rules are easy to test and to explain."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dueregard.frameworks.definitions import EdsFramework, Grade


@dataclass(frozen=True)
class View:
    """One recorded grade: ``source`` is organisation, panel_member, panel_agreed or imported."""

    outcome_code: str
    source: str
    grade_code: str
    who: str = ""
    service: str | None = None


@dataclass(frozen=True)
class OutcomeResult:
    outcome_code: str
    service: str | None
    organisation_grade: str | None
    panel_grades: tuple[tuple[str, str], ...]  # (who, grade code)
    panel_grade: str | None
    panel_rule: str
    agreed_grade: str | None
    disagreement: bool
    explanation: str


@dataclass
class AssessmentResult:
    outcomes: list[OutcomeResult] = field(default_factory=list)
    domain_scores: dict[str, float] = field(default_factory=dict)
    total: float | None = None
    rating: str | None = None

    def agreed(self, outcome_code: str, service: str | None = None) -> str | None:
        for r in self.outcomes:
            if r.outcome_code == outcome_code and r.service == service:
                return r.agreed_grade
        return None

    def as_dict(self) -> dict:
        return {
            "outcomes": [
                r.__dict__ | {"panel_grades": list(r.panel_grades)} for r in self.outcomes
            ],
            "domain_scores": self.domain_scores,
            "total": self.total,
            "rating": self.rating,
        }


def combine_panel(grades: Sequence[Grade], rule: str) -> Grade | None:
    """Panel members' own grades combined by the recorded rule.

    median: the middle grade by order; with an even number the lower middle (a grade must
    be one of the scale's grades, and rounding down is the cautious reading). lowest: the
    lowest grade. ("chair" is never computed: until the chair enters the agreed grade
    there is none; :func:`agree_outcome` does not call this for that rule.)
    """
    if not grades:
        return None
    ordered = sorted(grades, key=lambda g: g.order)
    if rule == "lowest":
        return ordered[0]
    return ordered[(len(ordered) - 1) // 2]


def agree_outcome(
    framework: EdsFramework,
    outcome_code: str,
    service: str | None,
    views: Iterable[View],
    rule: str,
) -> OutcomeResult:
    views = [v for v in views if v.grade_code and v.outcome_code == outcome_code]
    org = next((v for v in views if v.source == "organisation"), None)
    imported = next((v for v in views if v.source == "imported"), None)
    agreed_by_chair = next((v for v in views if v.source == "panel_agreed"), None)
    members = [v for v in views if v.source == "panel_member"]
    member_grades = [framework.grade(v.grade_code) for v in members]
    if agreed_by_chair is not None:
        panel = framework.grade(agreed_by_chair.grade_code)
        how = "agreed by the panel in discussion and entered by the chair"
    elif rule == "chair":
        # The rule is the chair's agreed grade: never fall back to a computed one.
        panel, how = None, ""
    else:
        panel = combine_panel(member_grades, rule)
        how = {"lowest": "the lowest panel member's grade"}.get(
            rule, "the median of the panel's grades"
        )
    org_grade = framework.grade(org.grade_code) if org else None
    if imported is not None and panel is None and org is None:
        agreed, explanation = (
            framework.grade(imported.grade_code),
            "as recorded in the imported report",
        )
    elif panel is not None:
        agreed = panel
        if org_grade is not None and org_grade.code != panel.code:
            explanation = (
                f"The organisation proposed {org_grade.name}; the local interests graded "
                f"{panel.name} ({how})."
            )
        else:
            explanation = f"Local interests: {panel.name} ({how})."
    elif rule == "chair" and (members or org_grade is not None):
        agreed, explanation = None, "No agreed grade yet: the chair records the panel's grade."
    elif org_grade is not None:
        agreed, explanation = None, "Not yet graded by the local interests."
    else:
        agreed, explanation = None, "Not graded."
    return OutcomeResult(
        outcome_code=outcome_code,
        service=service,
        organisation_grade=org_grade.code if org_grade else None,
        panel_grades=tuple((v.who, v.grade_code) for v in members),
        panel_grade=panel.code if panel else None,
        panel_rule=rule,
        agreed_grade=agreed.code if agreed else None,
        disagreement=bool(org_grade and panel and org_grade.code != panel.code),
        explanation=explanation,
    )


def assess(
    framework: EdsFramework, views: Iterable[View], services: Sequence[str], rule: str
) -> AssessmentResult:
    """Agree every outcome (per service in per-service domains) and, for scored frameworks,
    score the domains and find the overall rating from the framework's bands."""
    views = list(views)
    result = AssessmentResult()
    for goal in framework.goals:
        targets = list(services) if goal.per_service else [None]
        for outcome in goal.outcomes:
            for service in targets:
                relevant = [
                    v for v in views if v.outcome_code == outcome.code and v.service == service
                ]
                result.outcomes.append(
                    agree_outcome(framework, outcome.code, service, relevant, rule)
                )
    if framework.is_scored:
        _score(framework, result, services)
    return result


def _score(framework: EdsFramework, result: AssessmentResult, services: Sequence[str]) -> None:
    complete = True
    for goal in framework.goals:
        codes = [o.code for o in goal.outcomes]
        if goal.per_service:
            per_service_totals = []
            for service in services:
                scores = [_score_of(framework, result.agreed(c, service)) for c in codes]
                if None in scores:
                    complete = False
                    continue
                per_service_totals.append(sum(scores))
            if per_service_totals and len(per_service_totals) == len(services):
                result.domain_scores[goal.code] = float(statistics.median(per_service_totals))
            else:
                complete = False
        else:
            scores = [_score_of(framework, result.agreed(c)) for c in codes]
            if None in scores:
                complete = False
            else:
                result.domain_scores[goal.code] = float(sum(scores))
    if complete and result.domain_scores:
        result.total = sum(result.domain_scores.values())
        band = framework.rating_for_total(result.total)
        result.rating = band.grade.code if band else None


def _score_of(framework: EdsFramework, grade_code: str | None) -> int | None:
    if grade_code is None:
        return None
    return framework.grade(grade_code).score
