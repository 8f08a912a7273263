"""Issue 22 "nothing dropped" and the committee: typed text survives secondary buttons,
step 1 pre-fills from the register, a screened-out sign-off page, committee decisions and
their summary, the duties shown, absolute links in reminders, EDS 3B by period."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from docx import Document as WordDocument
from pypdf import PdfReader

from dueregard.core.models import AuditEvent
from dueregard.core.tenancy import resolve_scope
from dueregard.idmf.models import Assessment, CommitteeDecision, DecisionType
from dueregard.idmf.services import committee, decisions, eds_link, legal, reviews

from .helpers import NOT_RELEVANT, RELEVANT, complete_assessment, make_decision, statements


def _relevant(org, lead):
    decision = make_decision(org, lead)
    decisions.screen(decision.current_assessment(), RELEVANT, actor=lead)
    return decision


def test_add_engagement_keeps_the_typed_summary(client_for, lead_a, org_a):
    decision = _relevant(org_a, lead_a)
    client = client_for(lead_a)
    url = reverse("idmf:step", kwargs={"pk": decision.pk, "step": "engage"})
    response = client.post(url, {"engage-changes": "We moved the hours.", "add_engagement": "1"})
    assert response.status_code == 302
    assert response.url == reverse("idmf:add-engagement", args=[decision.pk])
    assessment = decision.current_assessment()
    assert assessment.answers["engage-changes"] == "We moved the hours."
    assert "We moved the hours." in client.get(url).content.decode()


def test_add_an_action_keeps_text_and_keeps_a_completed_step(client_for, lead_a, org_a):
    decision = make_decision(org_a, lead_a)
    assessment = complete_assessment(decision, lead_a)
    client = client_for(lead_a)
    url = reverse("idmf:step", kwargs={"pk": decision.pk, "step": "mitigate-decide"})
    page = client.get(url).content.decode()
    data = {
        "mitigate-actions": "Late clinics on Thursdays.",
        "mitigate-alternatives": "Keeping both sites.",
        "mitigate-outcome": "adjust",
        "decide-decision": "Move the clinic.",
        "decide-due-regard-statement": "Considered.",
        "add_action": "age",
    }
    assert 'name="add_action"' in page
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("idmf:add-action", args=[decision.pk]) + "?group=age"
    assessment.refresh_from_db()
    assert assessment.answers["mitigate-actions"] == "Late clinics on Thursdays."
    assert "mitigate-decide" in assessment.completed_steps
    # an unknown group leads to the plain form; a step left incomplete stays incomplete
    data |= {"add_action": "not-a-group", "mitigate-alternatives": ""}
    response = client.post(url, data)
    assert response.url == reverse("idmf:add-action", args=[decision.pk])
    assessment.refresh_from_db()
    assert "mitigate-decide" not in assessment.completed_steps


def test_step_one_prefills_from_the_register(client_for, lead_a, org_a):
    decision = _relevant(org_a, lead_a)
    page = client_for(lead_a).get(
        reverse("idmf:step", kwargs={"pk": decision.pk, "step": "define"})
    )
    html = page.content.decode()
    assert 'value="Move the clinic"' in html
    assert 'value="service-change" checked' in html
    assert "Planned care; decided by Trust board" in html
    assert 'value="2026"' in html  # the date the decision is needed


def test_screened_out_sign_off_page(client_for, lead_a, maker_a, org_a):
    decision = make_decision(org_a, lead_a)
    decisions.screen(decision.current_assessment(), NOT_RELEVANT, actor=lead_a)
    client = client_for(maker_a)
    html = client.get(reverse("idmf:sign-off", args=[decision.pk])).content.decode()
    assert "no full assessment to sign off" in html
    assert "Complete the screening first" not in html
    step = client_for(lead_a).get(
        reverse("idmf:step", kwargs={"pk": decision.pk, "step": "define"}), follow=True
    )
    assert "not relevant, so it has no steps to complete" in step.content.decode()


def test_committee_decision_and_summary(client_for, lead_a, maker_a, org_a):
    decision = make_decision(org_a, lead_a)
    assessment = complete_assessment(decision, lead_a)
    client = client_for(lead_a)
    url = reverse("idmf:committee", args=[decision.pk])
    assert 'value="Trust board"' in client.get(url).content.decode()
    bad = client.post(
        url,
        {
            "body": "Trust board",
            "meeting_date_0": "12",
            "meeting_date_1": "3",
            "meeting_date_2": "2026",
            "minute_reference": "TB/26/041",
            "outcome": "approved_with_conditions",
            "attendees": "Chair: Priya Shah\nSam Okafor",
        },
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Give the conditions, or the reasons for the outcome" in html
    assert "Line 2: write the role, a colon, then the name" in html
    assert "TB/26/041" in html
    ok = client.post(
        url,
        {
            "body": "Trust board",
            "meeting_date_0": "12",
            "meeting_date_1": "3",
            "meeting_date_2": "2026",
            "minute_reference": "TB/26/041",
            "outcome": "approved_with_conditions",
            "conditions": "Report uptake by age in six months.",
            "attendees": "Chair: Priya Shah\n\nDirector of nursing: Sam Okafor",
        },
    )
    assert ok.status_code == 302
    recorded = CommitteeDecision.objects.get(assessment=assessment)
    assert recorded.attendees == [
        {"role": "Chair", "name": "Priya Shah"},
        {"role": "Director of nursing", "name": "Sam Okafor"},
    ]
    assert AuditEvent.objects.filter(action="idmf.committee.recorded").count() == 1
    detail = client.get(reverse("idmf:detail", args=[decision.pk])).content.decode()
    assert "TB/26/041" in detail and "Director of nursing: Sam Okafor" in detail
    assert "Equality Act 2010, section 149" in detail

    # a full record still fits one page: long aims are cut, at most three actions listed
    Assessment.objects.filter(pk=assessment.pk).update(
        answers={**assessment.answers, "define-aims": "Improve access for everyone. " * 80}
    )
    for n in range(7):
        decisions.add_action(
            assessment,
            actor=lead_a,
            purpose="advance",
            description=f"Action {n}: offer interpreters and easy read letters at every clinic",
            groups=["age"],
            owner_name="Clinic manager",
            owner_email="",
            due_date=dt.date(2027, 1, 1),
        )
    pdf = client.get(reverse("idmf:committee-summary", args=[assessment.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) == 1
    assert "TB/26/041" in text and "Approved with conditions" in text
    assert "and 4 more in the full assessment" in text
    docx = client.get(reverse("idmf:committee-summary", args=[assessment.pk, "docx"]))
    word = WordDocument(io.BytesIO(docx.content))
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    paragraphs = " ".join(p.text for p in word.paragraphs)
    assert "TB/26/041" in cells + paragraphs
    assert (
        client.get(reverse("idmf:committee-summary", args=[assessment.pk, "xls"])).status_code
        == 404
    )


def test_committee_service_refuses(lead_a, org_a):
    decision = make_decision(org_a, lead_a)
    assessment = decision.current_assessment()
    fields = {
        "body": "Board",
        "meeting_date": dt.date(2026, 1, 5),
        "minute_reference": "B/1",
        "outcome": "approved",
        "attendees": [{"role": "Chair", "name": "A"}],
    }
    with pytest.raises(Exception, match="full assessment"):
        committee.record(assessment, actor=lead_a, **fields)
    decisions.screen(assessment, RELEVANT, actor=lead_a)
    with pytest.raises(Exception, match="today or in the past"):
        committee.record(assessment, actor=lead_a, **fields, today=dt.date(2026, 1, 1))
    with pytest.raises(Exception, match="reasons"):
        committee.record(assessment, actor=lead_a, **{**fields, "outcome": "rejected"})
    with pytest.raises(Exception, match="attended"):
        committee.record(assessment, actor=lead_a, **{**fields, "attendees": []})


def test_legal_references_follow_the_organisation(lead_a, org_a):
    decision = make_decision(org_a, lead_a)
    codes = [r.code for r in legal.references(decision)]
    assert codes[0] == "s149"
    org_a.type = "icb"
    assert [r.code for r in legal.references(decision)] == ["s149", "s14Z35", "s14Z45"]
    org_a.type = "nhs_trust"
    assert [r.code for r in legal.references(decision)] == ["s149", "s242"]
    decision.decision_type = DecisionType.WORKFORCE
    assert [r.code for r in legal.references(decision)] == ["s149"]


def test_review_reminder_link_is_absolute(org_a, lead_a, maker_a, settings):
    settings.SITE_URL = "https://dueregard.example.nhs.uk"
    decision = make_decision(org_a, lead_a)
    assessment = complete_assessment(decision, lead_a)
    decisions.sign_off(assessment, actor=maker_a, statements=statements(assessment))
    Assessment.objects.filter(pk=assessment.pk).update(review_date=dt.date(2020, 1, 1))
    assert reviews.send_review_reminders() == 1
    link = f"https://dueregard.example.nhs.uk/decisions/{decision.pk}/"
    assert all(link in m.body for m in mail.outbox) and mail.outbox


def test_eds_3b_by_period_counts_screened_out_as_screened(org_a, lead_a, maker_a):
    a = complete_assessment(make_decision(org_a, lead_a, title="Decided"), lead_a)
    decisions.sign_off(a, actor=maker_a, statements=statements(a), decided_on=dt.date(2025, 5, 1))
    out = make_decision(org_a, lead_a, title="Out")  # needed 1 June 2026
    decisions.screen(out.current_assessment(), NOT_RELEVANT, actor=lead_a)
    make_decision(org_a, lead_a, title="Open")  # needed 1 June 2026
    scope = resolve_scope(maker_a, None)
    [row] = eds_link.decision_assessment_share(scope, period="2025-26")
    assert (row.year, row.decisions, row.completed, row.screened_out) == (2025, 1, 1, 0)
    [row] = eds_link.decision_assessment_share(scope, period="2026-27")
    assert (row.decisions, row.completed, row.screened_out, row.incomplete) == (2, 0, 1, 1)
    assert row.share == 0.5
    assert eds_link.period_range("2025-26") == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert eds_link.period_range("2025-27") is None
    assert len(eds_link.decision_assessment_share(scope, period="nonsense")) == 2
