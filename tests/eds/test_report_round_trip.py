"""dueregard's own published PDF and DOCX read back through the importer to the same
grades, for EDS 2011, EDS2 and EDS 2022; and the published report carries what the seed
report does (narrative, reasons per factor, conclusion, leads by role, evidence)."""

from __future__ import annotations

import itertools

import pytest

from dueregard.eds.importing.parser import extract_text, parse_report
from dueregard.eds.importing.per_service import service_grades
from dueregard.eds.models import Stage
from dueregard.eds.services import assessments, evidence, grading, plan, publication
from dueregard.eds.services.report import build_document
from dueregard.publishing.renderers import render

SERVICES = ("Maternity", "Diabetes", "Mental health")
GRADES = ("undeveloped", "developing", "achieving", "excelling")


def _published(org, people, make_assessment, framework_code):
    lead = people["lead"]
    a = make_assessment(org, lead, framework_code=framework_code, period="2024-25")
    framework = assessments.framework_of(a)
    if any(g.per_service for g in framework.goals):
        for name in SERVICES:
            assessments.add_service(a, lead, name)
    assessments.move_to(a, lead, Stage.GRADING)
    services = list(a.service_set.all())
    cycle = itertools.cycle(("developing", "achieving", "undeveloped"))
    factors = [f.code for f in framework.grading_factors]
    expected = {}
    by_service = {}
    for goal in framework.goals:
        for outcome in goal.outcomes:
            code = next(cycle)
            assessments.set_outcome_lead(
                a, lead, outcome.code, "Sab Bhaumik", role="Medical Director"
            )
            for service in services if goal.per_service else [None]:
                evidence.add(
                    a,
                    lead,
                    outcome_code=outcome.code,
                    kind="text",
                    title=f"Narrative {outcome.code}",
                    text=f"Our work on {outcome.code}: access audit by group, with the "
                    "carers' forum.",
                    characteristics=["age", "race"],
                    service=service,
                    may_be_published=True,
                )
                if service is not None:  # each service its own grade
                    code = next(cycle)
                    by_service[(outcome.code, service.name)] = code
                reasons = {f: f"Reason for {outcome.code} under {f}." for f in factors}
                reasons["conclusion" if factors else "summary"] = (
                    f"Overall, outcome {outcome.code} stands where the panel put it."
                )
                grading.record(
                    a,
                    lead,
                    outcome_code=outcome.code,
                    source="panel_agreed",
                    grade_code=code,
                    reasons=reasons,
                    service=service,
                    reasons_may_be_published=True,
                )
            if not goal.per_service:
                expected[outcome.code] = code
    plan.add_action(
        a,
        lead,
        outcome_code=framework.outcomes[0].code,
        action="Publish the access audit",
        owner="Head of equality",
        due_date=None,
    )
    assessments.move_to(a, lead, Stage.AGREEMENT)
    a.stage = Stage.SIGN_OFF  # the checks are tested elsewhere; freeze the result here
    a.result = grading.result(a).as_dict()
    a.signed_off_by = people["board"]
    a.save()
    a.signed_off_at = a.created_at
    a.save()
    publication.publish(a, lead)
    a.refresh_from_db()
    _published.by_service = by_service
    return a, expected


@pytest.mark.parametrize("framework_code", ["eds-2011", "eds2", "eds-2022"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_own_report_reimports_to_the_same_grades(
    org_a, eds_people, make_assessment, framework_code, fmt
):
    a, expected = _published(org_a, eds_people, make_assessment, framework_code)
    framework = assessments.framework_of(a)
    rendered = render(build_document(a), fmt)
    text = extract_text(f"report.{fmt}", rendered.content)
    parsed = parse_report(text, framework)
    found = {code: grade for code, grade in parsed.grades.items() if code in expected}
    assert found == expected
    # Reasons under each factor and the lead by role come back too.
    first = next(iter(expected))
    outcome = parsed.outcome(first)
    assert outcome is not None
    for factor in framework.grading_factors:
        assert f"Reason for {first} under {factor.code}" in outcome.reason(factor.code)
    # EDS 2022 Domain 1: every service's own grade comes back, not one grade per outcome.
    by_service = _published.by_service
    assert bool(by_service) == (framework_code == "eds-2022")
    read = {
        (o.code, g.service): g.grade
        for o in parsed.outcomes
        for g in service_grades(text, o, framework)
    }
    assert read == by_service


def test_published_report_carries_what_the_seed_report_does(org_a, eds_people, make_assessment):
    a, expected = _published(org_a, eds_people, make_assessment, "eds-2011")
    text = "\n".join(build_document(a).text_lines())
    assert "EDS Outcome 1.1 (Goal 1" in text
    assert "Our work on 1.1: access audit by group" in text  # narrative, publishable
    assert "Reason for 1.1 under engagement." in text or "Engagement: Reason for 1.1" in text
    assert "Overall, outcome 1.1 stands where the panel put it." in text  # conclusion
    assert "Lead contact: Medical Director" in text
    assert "Sab Bhaumik" not in text  # the name is not published unless chosen
    assert "Publish the access audit" in text


def test_disagreements_are_explained_once(org_a, eds_people, make_assessment):
    lead = eds_people["lead"]
    a = make_assessment(org_a, lead, framework_code="eds-2011", period="2011-12")
    assessments.move_to(a, lead, Stage.GRADING)
    framework = assessments.framework_of(a)
    for outcome in framework.outcomes:
        for source, who, grade in (
            ("organisation", None, "achieving"),
            ("panel_member", eds_people["panel1"], "developing"),
        ):
            grading.record(
                a,
                who or lead,
                outcome_code=outcome.code,
                source=source,
                grade_code=grade,
                reasons={"outcome": "Figures."},
                grader=who,
            )
    text = "\n".join(build_document(a).text_lines())
    assert text.count("the local interests' view prevails") == 1
    assert "agreed on every grade" not in text


def test_year_on_year_shows_scores_and_carried_actions_ask_for_dates(
    org_a, eds_people, make_assessment
):
    first, _ = _published(org_a, eds_people, make_assessment, "eds-2022")
    action = first.action_set.get()
    plan.update_action(action, eds_people["lead"], due_date=first.created_at.date())
    second = make_assessment(org_a, eds_people["lead"], framework_code="eds-2022", period="2025-26")
    assert plan.carry_over(first, second, eds_people["lead"]) == 1
    carried = second.action_set.get()
    assert carried.due_date is None and carried.pk in plan.needs_new_date([carried])
    text = "\n".join(build_document(second).text_lines())
    assert "Year-on-year comparison" in text
    assert "Domain 1 score" in text and "Total score" in text and "Overall rating" in text
    assert "1A – Maternity" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_eds_2022_import_saves_each_services_grade(org_a, eds_people, make_assessment, fmt):
    """The whole import (review, confirm) of dueregard's own EDS 2022 report: Domain 1 comes
    back as one imported grade per service, with no "several grades" error to acknowledge."""
    from dueregard.core.roles import Role
    from dueregard.core.tenancy import Scope
    from dueregard.eds.models import Grading
    from dueregard.eds.services import importing

    a, expected = _published(org_a, eds_people, make_assessment, "eds-2022")
    by_service = _published.by_service
    text = extract_text(f"report.{fmt}", render(build_document(a), fmt).content)
    lead = eds_people["lead"]
    scope = Scope(lead.pk, org_a.system, org_a, frozenset({Role.EDI_LEAD}))
    result = importing.review(text, "eds-2022", scope, f"report.{fmt}")
    assert not [p for p in result.problems if p.kind == "several_grades"]
    imported = importing.confirm(
        scope,
        lead,
        # As the background job stores it and the confirmation reads it back.
        result=importing.stored_review(importing.review_to_dict(result), "eds-2022"),
        framework_code="eds-2022",
        period="2023-24",
        filename=f"report.{fmt}",
        acknowledged=[key for key, _p in result.to_acknowledge],
    )
    rows = Grading.objects.filter(assessment=imported).select_related("service")
    saved = {(g.outcome_code, g.service.name): g.grade_code for g in rows if g.service}
    assert saved == by_service
    whole = {g.outcome_code: g.grade_code for g in rows if g.service is None}
    assert whole == expected
    assert grading.result(imported).domain_scores["1"] == grading.result(a).domain_scores["1"]
