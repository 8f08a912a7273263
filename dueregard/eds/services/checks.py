"""Checks before sign-off: what would make the record fail to stand up as due regard."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Action, Assessment, Evidence, Grading, Service
from .assessments import framework_of
from .grading import result


@dataclass(frozen=True)
class Problem:
    outcome_code: str | None
    message: str
    kind: str
    service: str | None = None

    @property
    def about_grades(self) -> bool:
        """Whether the message tells which grade was given (blind grading hides it)."""
        return self.kind in GRADE_KINDS


GRADE_KINDS = frozenset(
    {"ungraded", "no_evidence", "no_reasons", "reason_contradicts_grade", "excelling_unsupported"}
)


PEER_REVIEW_WORDS = ("peer review", "peer-review", "peer reviewed", "peer-reviewed")
INNOVATION_WORDS = ("innovat",)


def _mentions(texts: list[str], words: tuple[str, ...]) -> bool:
    joined = " ".join(texts).lower()
    return any(word in joined for word in words)


def problems(assessment: Assessment) -> list[Problem]:
    from ..importing.textual import concluded_grade

    framework = framework_of(assessment)
    found: list[Problem] = []
    services = list(Service.objects.filter(assessment=assessment))
    outcome_result = result(assessment)
    evidence_by: dict[tuple[str, int | None], list[Evidence]] = {}
    for ev in Evidence.objects.filter(assessment=assessment):
        evidence_by.setdefault((ev.outcome_code, ev.service_id), []).append(ev)
    gradings = list(Grading.objects.filter(assessment=assessment).select_related("service"))

    for goal in framework.goals:
        if goal.per_service and len(services) < (goal.min_services or 1):
            found.append(
                Problem(
                    None,
                    f"{goal.name} must be assessed on at least {goal.min_services} services; "
                    f"{len(services)} added.",
                    "services",
                )
            )
    for r in outcome_result.outcomes:
        label = r.outcome_code + (f" ({r.service})" if r.service else "")
        if r.agreed_grade is None:
            message = (
                f"Outcome {label} has no agreed grade yet: the chair records the grade the "
                "panel agreed."
                if assessment.panel_rule == "chair"
                else f"Outcome {label} has no agreed grade."
            )
            found.append(Problem(r.outcome_code, message, "ungraded", r.service))
            continue
        service_id = next((s.pk for s in services if s.name == r.service), None)
        evidence = evidence_by.get((r.outcome_code, service_id), [])
        if not evidence:
            found.append(
                Problem(
                    r.outcome_code,
                    f"Outcome {label} is graded but has no evidence.",
                    "no_evidence",
                    r.service,
                )
            )
        grade = framework.grade(r.agreed_grade)
        texts = [e.text + " " + e.title for e in evidence]
        for g in gradings:
            if (
                g.outcome_code != r.outcome_code
                or (g.service.name if g.service else None) != r.service
            ):
                continue
            if not g.reasons:
                found.append(
                    Problem(
                        r.outcome_code,
                        f"A grade for {label} has no reasons.",
                        "no_reasons",
                        r.service,
                    )
                )
            texts += list(g.reasons.values())
            recorded = framework.grade(g.grade_code)
            for factor, text in g.reasons.items():
                concluded = concluded_grade(text, framework)
                if concluded is not None and concluded.code != recorded.code:
                    found.append(
                        Problem(
                            r.outcome_code,
                            f"Outcome {label}: the reasons ({factor}) conclude "
                            f"{concluded.name}, but the grade recorded is {recorded.name}.",
                            "reason_contradicts_grade",
                            r.service,
                        )
                    )
        top = grade.order == max(g.order for g in framework.grades)
        supported = _mentions(texts, PEER_REVIEW_WORDS) and _mentions(texts, INNOVATION_WORDS)
        if top and not supported:
            found.append(
                Problem(
                    r.outcome_code,
                    f"Outcome {label} is graded {grade.name} without evidence of peer review "
                    "and innovation.",
                    "excelling_unsupported",
                    r.service,
                )
            )
    for action in Action.objects.filter(assessment=assessment):
        missing = [
            name
            for name, value in (("an owner", action.owner), ("a date", action.due_date))
            if not value
        ]
        if missing:
            found.append(
                Problem(
                    action.outcome_code,
                    f"The action \u201c{action.action[:60]}\u201d has no {' or '.join(missing)}.",
                    "action_incomplete",
                )
            )
    return found
