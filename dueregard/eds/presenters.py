"""Values for display: outcome rows, the outcome page, grade labels, the stage indicator,
the checks as a viewer may see them. Every grade shown goes through the viewer's
:class:`~.services.visibility.Visibility` (blind grading)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dueregard.core.permissions import can

from . import attachments
from .models import STAGE_ORDER, Evidence, Grading, OutcomeLead, Service, Stage
from .services import evidence as evidence_service
from .services import visibility
from .services.assessments import framework_of
from .services.checks import problems
from .services.grading import GRADING_STAGES, result
from .services.report_parts import HIDDEN

GIVE_YOURS_FIRST = "Give your grade first"


def grade_label(framework, code: str | None) -> str:
    if not code:
        return _("Not graded")
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

    A blind panel member sees the agreed grade of an outcome (per service) only after
    giving their own."""
    framework = framework_of(assessment)
    seen = visibility.for_viewer(scope, assessment, user)
    agreed = result(assessment)
    leads = {
        lead.outcome_code: lead for lead in scope.query(OutcomeLead).filter(assessment=assessment)
    }
    counts: dict[str, int] = {}
    for code in (
        scope.query(Evidence).filter(assessment=assessment).values_list("outcome_code", flat=True)
    ):
        counts[code] = counts.get(code, 0) + 1
    mine = {code for code, _service in seen.own}
    services = [s.name for s in scope.query(Service).filter(assessment=assessment)]

    def shown(code, service=None) -> str:
        if not seen.sees(code, service):
            return _(GIVE_YOURS_FIRST)
        return grade_label(framework, agreed.agreed(code, service))

    goals = []
    for goal in framework.goals:
        rows = []
        for outcome in goal.outcomes:
            if goal.per_service:
                grade_text = "; ".join(
                    f"{name}: {shown(outcome.code, name)}" for name in services
                ) or _("Add services first")
            else:
                grade_text = shown(outcome.code)
            lead = leads.get(outcome.code)
            rows.append(
                {
                    "code": outcome.code,
                    "title": outcome.title or outcome.statement,
                    "statement": outcome.statement,
                    "lead": lead_label(lead),
                    "evidence": counts.get(outcome.code, 0),
                    "grade": grade_text,
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


def lead_label(lead: OutcomeLead | None) -> str:
    if lead is None:
        return ""
    return ", ".join(part for part in (lead.lead_contact, lead.role) if part)


@dataclass
class OutcomePage:
    """Everything the outcome page shows, for one viewer."""

    assessment: object
    framework: object
    outcome: object
    goal: object
    services: list
    service: object
    seen: visibility.Visibility
    context: dict

    @property
    def factors(self) -> list[tuple[str, str]]:
        return [(f.code, f.name) for f in self.framework.grading_factors]

    @property
    def grades(self) -> list[tuple[str, str]]:
        return [
            (g.code, grade_label(self.framework, g.code)) for g in reversed(self.framework.grades)
        ]


def outcome_page(scope, user, assessment, outcome, goal, service_key: str | None) -> OutcomePage:
    framework = framework_of(assessment)
    services = list(scope.query(Service).filter(assessment=assessment))
    service = None
    if goal.per_service and services:
        service = next((s for s in services if str(s.pk) == service_key), services[0])
    service_name = service.name if service else None
    seen = visibility.for_viewer(scope, assessment, user)
    sees = seen.sees(outcome.code, service_name)
    rows = (
        scope.query(Grading)
        .filter(assessment=assessment, outcome_code=outcome.code, service=service)
        .select_related("grader")
        .prefetch_related("versions")
    )
    factor_names = {f.code: f.name for f in framework.grading_factors}
    factor_names |= {"summary": _("Reasons"), "conclusion": _("Conclusion")}
    views = [_view_row(framework, g, factor_names) for g in rows if sees]
    own = next(
        (g for g in rows if g.grader_id == user.pk and g.source == Grading.Source.PANEL_MEMBER),
        None,
    )
    columns, coverage_rows = evidence_service.coverage(assessment)
    coverage_row = next(r for r in coverage_rows if r.outcome_code == outcome.code)
    items = scope.query(Evidence).filter(assessment=assessment, outcome_code=outcome.code)
    if service is not None:
        items = items.filter(service=service)
    names = dict(columns)
    agreed = result(assessment).agreed(outcome.code, service_name) if sees else None
    can_change = can(scope, "eds.change", assessment)
    context = {
        "assessment": assessment,
        "framework": framework,
        "outcome": outcome,
        "goal": goal,
        "services": services,
        "service": service,
        "attachment_templates": attachments.templates(),
        "evidence": [
            {
                "item": e,
                "groups": [names.get(c, c) for c in e.characteristics],
                "factors": [factor_names.get(f, f) for f in e.factors],
            }
            for e in items.select_related("service", "analysis")
        ],
        "views": views,
        "visible": sees,
        "agreed": grade_label(framework, agreed) if agreed else _("No agreed grade yet"),
        "suggestion": coverage_row.suggested_grade if sees else None,
        "coverage_word": coverage_row.coverage_word,
        "lead": scope.query(OutcomeLead)
        .filter(assessment=assessment, outcome_code=outcome.code)
        .first(),
        "can_change": can_change,
        "may_grade": (
            scope.has_role(*visibility.CHAIR_ROLES, "panel_member")
            and assessment.stage in GRADING_STAGES
            and not assessment.is_locked
        ),
        "is_chair": can(scope, "eds.record_for_panel"),
        "is_panel": scope.has_role("panel_member"),
        "own": own,
    }
    return OutcomePage(assessment, framework, outcome, goal, services, service, seen, context)


def _view_row(framework, g: Grading, factor_names: dict) -> dict:
    versions = list(g.versions.all())
    return {
        "source": g.get_source_display(),
        "who": g.represents or (g.grader.full_name if g.grader else ""),
        "grade": grade_label(framework, g.grade_code),
        "reasons": [(factor_names.get(k, k), v) for k, v in g.reasons.items()],
        "pk": g.pk,
        "reasons_published": g.reasons_may_be_published,
        "on_behalf_of": g.on_behalf_of,
        "history": [
            {
                "number": v.number,
                "grade": grade_label(framework, v.grade_code),
                "at": v.recorded_at,
                "why": v.change_reason,
                "after_reveal": v.after_reveal,
            }
            for v in versions
        ],
        "changed_after_discussion": any(v.after_reveal for v in versions),
    }


def visible_problems(scope, assessment, user) -> tuple[list, int]:
    """The sign-off checks a viewer may read: a blind panel member does not see the checks
    of outcomes they have not graded (they would say which grade was given). Returns the
    problems shown and how many were withheld."""
    found = problems(assessment)
    seen = visibility.for_viewer(scope, assessment, user)
    if seen.sees_everything:
        return found, 0
    shown = [p for p in found if not p.about_grades or seen.sees(p.outcome_code, p.service)]
    return shown, len(found) - len(shown)


def coverage_rows(scope, assessment, user):
    """The coverage grid; the suggested grade only where the viewer may see grades."""
    columns, rows = evidence_service.coverage(assessment)
    seen = visibility.for_viewer(scope, assessment, user)
    mine = {code for code, _service in seen.own}
    shown = [
        r if seen.sees_everything or r.outcome_code in mine else _without_suggestion(r)
        for r in rows
    ]
    return columns, shown


def _without_suggestion(row):
    from dataclasses import replace

    return replace(row, suggested_grade=None)


__all__ = ["HIDDEN", "grade_label", "outcome_page", "outcome_rows", "stages"]
