"""The EDS cycle through its services and pages."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dueregard.core.models import AuditEvent
from dueregard.eds.models import Evidence, Grading, Stage
from dueregard.eds.services import assessments, checks, evidence, grading, plan, publication

SERVICES = ("Maternity", "Diabetes", "Mental health")


def _fill(assessment, people, panel_grade="achieving", org_grade="achieving"):
    """Evidence and grades for every outcome (and service), by the org and two members."""
    lead = people["lead"]
    for name in SERVICES:
        assessments.add_service(assessment, lead, name)
    assessments.move_to(assessment, lead, Stage.GRADING)
    framework = assessments.framework_of(assessment)
    services = list(assessment.service_set.all())
    for goal in framework.goals:
        for outcome in goal.outcomes:
            for service in services if goal.per_service else [None]:
                evidence.add(
                    assessment,
                    lead,
                    outcome_code=outcome.code,
                    kind="text",
                    title="Data",
                    text="Figures by group",
                    characteristics=["age", "race"],
                    service=service,
                )
                for source, who in (
                    ("organisation", None),
                    ("panel_member", people["panel1"]),
                    ("panel_member", people["panel2"]),
                ):
                    grading.record(
                        assessment,
                        who or lead,
                        outcome_code=outcome.code,
                        source=source,
                        grade_code=org_grade if source == "organisation" else panel_grade,
                        reasons={"summary": "Based on the figures."},
                        service=service,
                        grader=who,
                    )
    assessments.move_to(assessment, lead, Stage.AGREEMENT)


def test_full_cycle_panel_prevails_rating_follows_bands(org_a, eds_people, make_assessment):
    a = make_assessment(org_a, eds_people["lead"])
    _fill(a, eds_people, panel_grade="achieving", org_grade="excelling")
    result = grading.result(a)
    assert all(r.agreed_grade == "achieving" for r in result.outcomes)
    assert all(r.disagreement for r in result.outcomes)
    assert result.total == 22 and result.rating == "achieving"
    publication.sign_off(a, eds_people["board"])
    publication.publish(a, eds_people["lead"])
    a.refresh_from_db()
    assert a.stage == Stage.PUBLISHED and a.result["rating"] == "achieving"
    doc = publication.build_document(a)
    text = " ".join(doc.text_lines())
    assert "Total score 22 of 33: Achieving." in text
    assert "local interests' view prevails" in text
    assert AuditEvent.objects.filter(action="eds.assessment.signed_off").exists()


def test_sign_off_is_blocked_by_the_checks(org_a, eds_people, make_assessment):
    a = make_assessment(org_a, eds_people["lead"])
    assessments.move_to(a, eds_people["lead"], Stage.AGREEMENT)
    problems = checks.problems(a)
    kinds = {p.kind for p in problems}
    assert {"services", "ungraded"} <= kinds
    with pytest.raises(ValidationError, match="problem"):
        publication.sign_off(a, eds_people["board"])


def test_checks_find_contradicting_reasons_unsupported_excelling_and_incomplete_actions(
    org_a, eds_people, make_assessment
):
    a = make_assessment(org_a, eds_people["lead"], framework_code="eds-2011", period="2011-12")
    lead = eds_people["lead"]
    assessments.move_to(a, lead, Stage.GRADING)
    grading.record(
        a,
        eds_people["panel1"],
        outcome_code="1.1",
        source="panel_member",
        grade_code="achieving",
        reasons={"outcome": "Overall we are developing in this area."},
    )
    grading.record(
        a,
        eds_people["panel1"],
        outcome_code="1.2",
        source="panel_member",
        grade_code="excelling",
        reasons={"outcome": "Strong results."},
    )
    plan.add_action(a, lead, outcome_code="1.1", action="Publish data", owner="", due_date=None)
    kinds = {(p.outcome_code, p.kind) for p in checks.problems(a)}
    assert ("1.1", "reason_contradicts_grade") in kinds
    assert ("1.2", "excelling_unsupported") in kinds
    assert ("1.1", "no_evidence") in kinds
    assert ("1.1", "action_incomplete") in kinds
    assert ("1.3", "ungraded") in kinds


def test_reopening_makes_a_new_revision_and_keeps_the_old(org_a, eds_people, make_assessment):
    a = make_assessment(org_a, eds_people["lead"])
    _fill(a, eds_people)
    publication.sign_off(a, eds_people["board"])
    publication.publish(a, eds_people["lead"])
    new = assessments.reopen(a, eds_people["lead"])
    assert new.revision == 2 and new.previous == a
    assert (
        Grading.objects.filter(assessment=new).count()
        == Grading.objects.filter(assessment=a).count()
    )
    a.refresh_from_db()
    assert a.stage == Stage.PUBLISHED and a.result
    with pytest.raises(ValidationError):
        grading.record(
            a,
            eds_people["lead"],
            outcome_code="2A",
            source="organisation",
            grade_code="developing",
            reasons={"summary": "x"},
        )


def test_uploads_are_checked(org_a, eds_people, make_assessment):
    a = make_assessment(org_a, eds_people["lead"], framework_code="eds-2011", period="2011-12")
    fake = SimpleUploadedFile("report.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a real PDF"):
        evidence.add(
            a, eds_people["lead"], outcome_code="1.1", kind="document", title="R", document=fake
        )
    exe = SimpleUploadedFile("tool.exe", b"MZ...", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="must be a PDF, Word"):
        evidence.add(
            a, eds_people["lead"], outcome_code="1.1", kind="document", title="R", document=exe
        )
    good = SimpleUploadedFile("r.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    evidence.add(
        a, eds_people["lead"], outcome_code="1.1", kind="document", title="R", document=good
    )
    assert Evidence.objects.filter(assessment=a).count() == 1


def test_coverage_grid_and_suggested_grade(org_a, eds_people, make_assessment):
    a = make_assessment(org_a, eds_people["lead"], framework_code="eds2", period="2014-15")
    evidence.add(
        a,
        eds_people["lead"],
        outcome_code="1.1",
        kind="text",
        title="All groups",
        text="x",
        characteristics=[
            "age",
            "disability",
            "gender-reassignment",
            "marriage-civil-partnership",
            "pregnancy-maternity",
            "race",
            "religion-belief",
            "sex",
            "sexual-orientation",
        ],
    )
    evidence.add(
        a,
        eds_people["lead"],
        outcome_code="1.2",
        kind="text",
        title="Two",
        text="x",
        characteristics=["age", "race"],
    )
    columns, rows = evidence.coverage(a)
    by = {r.outcome_code: r for r in rows}
    assert by["1.1"].coverage_word == "all" and by["1.1"].suggested_grade == "Excelling"
    assert by["1.2"].coverage_word == "some" and by["1.2"].suggested_grade == "Developing"
    assert by["1.3"].suggested_grade == "Undeveloped"  # no evidence


def test_panel_member_does_not_see_other_grades_before_their_own(
    org_a, eds_people, make_assessment, client_for
):
    a = make_assessment(org_a, eds_people["lead"], framework_code="eds-2011", period="2011-12")
    assessments.move_to(a, eds_people["lead"], Stage.GRADING)
    grading.record(
        a,
        eds_people["lead"],
        outcome_code="1.1",
        source="organisation",
        grade_code="excelling",
        reasons={"outcome": "We think we excel"},
    )
    client = client_for(eds_people["panel1"])
    url = reverse("eds:outcome", args=[a.pk, "1.1"])
    page = client.get(url).content.decode()
    assert "We think we excel" not in page and "Give your own grade first" in page
    response = client.post(
        reverse("eds:grade", args=[a.pk, "1.1"]),
        {
            "grade": "developing",
            "reason_outcome": "Few groups covered",
            "represents": "Healthwatch",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "We think we excel" in page


def test_grade_form_errors_keep_input(org_a, eds_people, make_assessment, client_for):
    a = make_assessment(org_a, eds_people["lead"], framework_code="eds-2011", period="2011-12")
    assessments.move_to(a, eds_people["lead"], Stage.GRADING)
    client = client_for(eds_people["panel1"])
    response = client.post(
        reverse("eds:grade", args=[a.pk, "1.1"]), {"reason_outcome": "Kept text"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose a grade" in body and "Kept text" in body and "<title>Error:" in body


def test_create_page_validates_the_period(client_for, eds_people, frameworks):
    client = client_for(eds_people["lead"])
    response = client.post(
        reverse("eds:create"),
        {
            "framework": "eds-2022",
            "title": "EDS",
            "period": "2025-27",
            "level": "organisation",
            "panel_rule": "median",
        },
    )
    assert response.status_code == 400
    assert "two consecutive years" in response.content.decode()
    ok = client.post(
        reverse("eds:create"),
        {
            "framework": "eds-2022",
            "title": "EDS",
            "period": "2025-26",
            "level": "organisation",
            "panel_rule": "median",
        },
    )
    assert ok.status_code == 302


def test_roles(client_for, eds_people, make_assessment, org_a):
    a = make_assessment(org_a, eds_people["lead"])
    assert client_for(eds_people["staff"]).get(reverse("eds:index")).status_code == 403
    # Panel members do not see assessments still in draft.
    panel = client_for(eds_people["panel1"])
    assert panel.get(reverse("eds:detail", args=[a.pk])).status_code == 404
    assert str(a) not in panel.get(reverse("eds:index")).content.decode()
    assessments.move_to(a, eds_people["lead"], Stage.EVIDENCE)
    assert panel.get(reverse("eds:detail", args=[a.pk])).status_code == 200
    assert (
        client_for(eds_people["panel1"]).post(reverse("eds:sign-off", args=[a.pk])).status_code
        == 403
    )
    assert client_for(eds_people["panel1"]).get(reverse("eds:create")).status_code == 403


def test_public_page_and_downloads_say_the_same(client, org_a, eds_people, make_assessment):
    from docx import Document as Word
    from pypdf import PdfReader

    a = make_assessment(org_a, eds_people["lead"])
    _fill(a, eds_people, panel_grade="developing", org_grade="achieving")
    publication.sign_off(a, eds_people["board"])
    publication.publish(a, eds_people["lead"])
    page = client.get(reverse("eds:public-report", args=[a.public_slug])).content.decode()
    doc = publication.build_document(a)
    for line in doc.text_lines():
        assert line.replace("'", "&#39;") in page or line in page, line
    pdf = client.get(reverse("eds:public-download", args=[a.public_slug, "pdf"])).content
    pdf_text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "Total score 11 of 33: Developing." in pdf_text
    word = Word(
        io.BytesIO(client.get(reverse("eds:public-download", args=[a.public_slug, "docx"])).content)
    )
    assert any("Total score 11 of 33: Developing." in p.text for p in word.paragraphs)
    data = json.loads(
        client.get(reverse("eds:public-download", args=[a.public_slug, "json"])).content
    )
    assert data["title"] == doc.title
    csv_text = client.get(
        reverse("eds:public-download", args=[a.public_slug, "csv"])
    ).content.decode("utf-8-sig")
    assert "Developing (1)" in csv_text
    # Unpublished assessments have no public page.
    b = make_assessment(org_a, eds_people["lead"], period="2026-27")
    assert client.get(reverse("eds:public-report", args=[b.public_slug])).status_code == 404


def test_year_on_year_and_carry_over(org_a, eds_people, make_assessment):
    first = make_assessment(org_a, eds_people["lead"], period="2024-25")
    _fill(first, eds_people, panel_grade="developing")
    plan.add_action(
        first,
        eds_people["lead"],
        outcome_code="1A",
        action="Interpreters",
        owner="Chief Nurse",
        due_date=None,
    )
    publication.sign_off(first, eds_people["board"]) if False else None
    act = first.action_set.get()
    act.due_date = __import__("datetime").date(2025, 3, 1)
    act.save()
    publication.sign_off(first, eds_people["board"])
    publication.publish(first, eds_people["lead"])
    plan.set_status(act, eds_people["lead"], "done")
    second = make_assessment(org_a, eds_people["lead"], period="2025-26")
    assert plan.carry_over(first, second, eds_people["lead"]) == 1
    assert plan.carry_over(first, second, eds_people["lead"]) == 0  # idempotent
    _fill(second, eds_people, panel_grade="achieving")
    publication.sign_off(second, eds_people["board"])
    publication.publish(second, eds_people["lead"])
    text = " ".join(publication.build_document(second).text_lines())
    assert "Year-on-year comparison" in text and "2024-25" in text and "2025-26" in text
    assert "Completed actions from the previous year" in text and "Interpreters" in text


def test_publication_reminder(org_a, eds_people, make_assessment):
    import datetime as dt

    from django.core import mail

    make_assessment(org_a, eds_people["lead"], period="2025-26")
    assert publication.send_publication_reminders(today=dt.date(2026, 1, 1)) == 0
    assert publication.send_publication_reminders(today=dt.date(2026, 2, 10)) == 1
    assert "28 February 2026" in mail.outbox[0].subject


def test_outcome_3b_draws_on_the_decision_register(org_a, eds_people, make_assessment, client_for):
    a = make_assessment(org_a, eds_people["lead"])
    client = client_for(eds_people["lead"])
    page = client.get(reverse("eds:outcome", args=[a.pk, "3B"])).content.decode()
    assert "From the decision register" in page
    client.post(reverse("eds:add-register-evidence", args=[a.pk, "3B"]))
    assert Evidence.objects.filter(assessment=a, outcome_code="3B").count() == 1
    assert (
        "From the decision register"
        not in client.get(reverse("eds:outcome", args=[a.pk, "2A"])).content.decode()
    )
