"""Values for display: outcome rows, grade labels, the stage indicator."""

from __future__ import annotations

from .models import STAGE_ORDER, Evidence, Grading, OutcomeLead, Service, Stage
from .services.assessments import framework_of
from .services.grading import may_see_other_grades, result


def grade_label(framework, code: str | None) -> str:
    if not code:
        return "Not graded"
    grade = framework.grade(code)
    return f"{grade.name} ({grade.score})" if grade.score is not None else grade.name


def stages(assessment) -> list[dict]:
    current = STAGE_ORDER.index(assessment.stage)
    return [
        {"label": str(Stage(code).label), "done": i < current, "current": i == current}
        for i, code in enumerate(STAGE_ORDER)
    ]


def outcome_rows(scope, assessment, user) -> list[dict]:
    """One row per goal/domain with its outcomes, the evidence count, lead and agreed grade.

    Panel members see the agreed grade of an outcome only after giving their own (no
    anchoring)."""
    framework = framework_of(assessment)
    agreed = result(assessment)
    leads = dict(
        OutcomeLead.objects.filter(assessment=assessment).values_list(
            "outcome_code", "lead_contact"
        )
    )
    counts: dict[str, int] = {}
    for code in Evidence.objects.filter(assessment=assessment).values_list(
        "outcome_code", flat=True
    ):
        counts[code] = counts.get(code, 0) + 1
    mine = set(
        Grading.objects.filter(
            assessment=assessment, grader=user, source=Grading.Source.PANEL_MEMBER
        ).values_list("outcome_code", flat=True)
    )
    services = list(Service.objects.filter(assessment=assessment))
    goals = []
    for goal in framework.goals:
        rows = []
        for outcome in goal.outcomes:
            visible = (
                may_see_other_grades(scope, assessment, user, outcome.code) or outcome.code in mine
            )
            if goal.per_service:
                grade_text = (
                    "; ".join(
                        f"{s.name}: {grade_label(framework, agreed.agreed(outcome.code, s.name))}"
                        for s in services
                    )
                    or "Add services first"
                )
            else:
                grade_text = grade_label(framework, agreed.agreed(outcome.code))
            rows.append(
                {
                    "code": outcome.code,
                    "title": outcome.title or outcome.statement,
                    "statement": outcome.statement,
                    "lead": leads.get(outcome.code, ""),
                    "evidence": counts.get(outcome.code, 0),
                    "grade": grade_text if visible else "Give your grade first",
                    "graded_by_me": outcome.code in mine,
                }
            )
        goals.append(
            {
                "code": goal.code,
                "name": goal.name,
                "kind": goal.kind,
                "rows": rows,
                "per_service": goal.per_service,
            }
        )
    return goals
