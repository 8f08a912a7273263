"""Views: pages, 400 keeping what was typed, permissions, outputs that say the same."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from pypdf import PdfReader

from dueregard.core.models import Notification
from dueregard.core.roles import Role
from dueregard.idmf.models import Decision, DecisionStatus
from dueregard.idmf.services import decisions
from dueregard.idmf.services import document as documents

from .helpers import RELEVANT, checklist, complete_assessment, make_decision, statements


def squeezed(text):
    """Text without whitespace: PDF table cells wrap lines wherever the column ends."""
    return "".join(text.split())


@pytest.fixture
def signed(org_a, lead_a, maker_a):
    decision = make_decision(org_a, lead_a)
    assessment = complete_assessment(decision, lead_a)
    decisions.sign_off(assessment, actor=maker_a, statements=statements(assessment))
    return decision


def test_register_and_overview(client_for, lead_a, org_a, signed):
    client = client_for(lead_a)
    page = client.get(reverse("idmf:index"))
    assert page.status_code == 200 and "Move the clinic" in page.content.decode()
    filtered = client.get(reverse("idmf:index") + "?status=screening").content.decode()
    assert "Move the clinic" not in filtered
    overview = client.get(reverse("idmf:overview")).content.decode()
    assert "Planned care" in overview
    cells = re.findall(r'<td class="nhsuk-table__cell--numeric">(\d+)</td>', overview)
    assert cells[-4:] == ["1", "1", "0", "0"]  # decisions = assessed + out + not yet


def test_create_keeps_what_was_typed_on_error(client_for, lead_a):
    client = client_for(lead_a)
    assert client.get(reverse("idmf:new")).status_code == 200
    response = client.post(
        reverse("idmf:new"),
        {"title": "Close the walk-in centre", "date_needed_0": "31", "date_needed_1": "2"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Close the walk-in centre" in html
    assert "Enter the decision-making body" in html
    assert "must include a year" in html
    assert "<title>Error: " in html


def test_create_then_screen(client_for, lead_a):
    client = client_for(lead_a)
    response = client.post(
        reverse("idmf:new"),
        {
            "title": "Close the walk-in centre",
            "decision_body": "ICB board",
            "decision_type": "service_change",
            "design_group": "Urgent care",
        },
    )
    decision = Decision.objects.get(title="Close the walk-in centre")
    assert response.url == reverse("idmf:screening", args=[decision.pk])
    assert decision.owner == lead_a
    bad = client.post(response.url, {"screen-affects-people": "yes"})
    assert bad.status_code == 400
    ok = client.post(response.url, RELEVANT)
    assert ok.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_PROGRESS
    detail = client.get(reverse("idmf:detail", args=[decision.pk])).content.decode()
    assert "You have completed 0 of 6 steps" in detail


def test_step_save_draft_and_required_answers(client_for, lead_a, org_a):
    decision = make_decision(org_a, lead_a)
    decisions.screen(decision.current_assessment(), RELEVANT, actor=lead_a)
    client = client_for(lead_a)
    url = reverse("idmf:step", kwargs={"pk": decision.pk, "step": "define"})
    assert client.get(url).status_code == 200
    draft = client.post(url, {"define-title": "Clinic move", "save_draft": "1"})
    assert draft.status_code == 302
    assessment = decision.current_assessment()
    assert assessment.answers["define-title"] == "Clinic move"
    assert assessment.completed_steps == []
    response = client.post(url, {"define-title": "Clinic move", "save_continue": "1"})
    assert response.status_code == 400
    assert 'value="Clinic move"' in response.content.decode()
    assert client.get(url.replace("define", "no-such-step")).status_code == 404


def test_impact_grid_error_keeps_answers(client_for, lead_a, org_a):
    decision = make_decision(org_a, lead_a)
    decisions.screen(decision.current_assessment(), RELEVANT, actor=lead_a)
    client = client_for(lead_a)
    url = reverse("idmf:step", kwargs={"pk": decision.pk, "step": "assess-impact"})
    page = client.get(url).content.decode()
    assert page.index("Age") < page.index("Disability") < page.index("Carers")
    response = client.post(url, {"age-rating": "negative", "age-reasons": "Bus routes"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bus routes" in html and "Select the impact on Disability" in html


def test_permissions(client_for, org_a, lead_a, maker_a, panel_a, make_user, signed):
    other_staff = make_user("other.staff@example.nhs.uk", Role.STAFF, organisation=org_a)
    decision = make_decision(org_a, lead_a, title="Second")
    # panel members: no access
    assert client_for(panel_a).get(reverse("idmf:index")).status_code == 403
    client = client_for(other_staff)
    # staff read, but edit only what they own
    assert client.get(reverse("idmf:detail", args=[decision.pk])).status_code == 200
    assert client.get(reverse("idmf:edit", args=[decision.pk])).status_code == 403
    assert client.get(reverse("idmf:screening", args=[decision.pk])).status_code == 403
    assert client.post(reverse("idmf:sign-off", args=[decision.pk])).status_code == 403
    # a decision maker cannot sign off a proposal they own
    own = make_decision(org_a, maker_a, title="Mine")
    assessment = complete_assessment(own, maker_a)
    client = client_for(maker_a)
    page = client.get(reverse("idmf:sign-off", args=[own.pk])).content.decode()
    assert "another decision maker must sign it off" in page
    response = client.post(
        reverse("idmf:sign-off", args=[own.pk]), {"checklist": checklist(assessment)}
    )
    assert response.status_code == 403


def test_sign_off_shows_the_checks_and_blocks(client_for, org_a, lead_a, maker_a):
    decision = make_decision(org_a, lead_a)
    assessment = complete_assessment(decision, lead_a, engagement=False)
    client = client_for(maker_a)
    page = client.get(reverse("idmf:sign-off", args=[decision.pk])).content.decode()
    assert "cannot be signed off yet" in page and "no engagement is recorded" in page
    response = client.post(
        reverse("idmf:sign-off", args=[decision.pk]), {"checklist": checklist(assessment)}
    )
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert not assessment.is_signed_off


def test_sign_off_needs_a_sentence_for_each_principle(client_for, org_a, lead_a, maker_a):
    decision = make_decision(org_a, lead_a)
    assessment = complete_assessment(decision, lead_a)
    client = client_for(maker_a)
    url = reverse("idmf:sign-off", args=[decision.pk])
    today = dt.date.today()
    data = {f"statement-{code}": text for code, text in statements(assessment).items()}
    data["statement-aware"] = ""
    data |= {"decided_on_0": "1", "decided_on_1": "1", "decided_on_2": str(today.year + 1)}
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say how this was met: The decision maker is aware" in html
    assert "The date of the decision must be today or in the past" in html
    assert "Met for this decision (timely)." in html  # what was typed is kept
    data["statement-aware"] = "I read the analysis before the meeting."
    data |= {"decided_on_0": "2", "decided_on_1": "1", "decided_on_2": str(today.year)}
    assert client.post(url, data).status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED_OFF
    assessment.refresh_from_db()
    assert assessment.decided_on == dt.date(today.year, 1, 2)
    record = client.get(reverse("idmf:record", args=[assessment.pk])).content.decode()
    assert "I read the analysis before the meeting." in record


def test_pdf_and_docx_say_what_the_page_says(client_for, lead_a, signed):
    assessment = signed.current_assessment()
    document = documents.build(assessment)
    client = client_for(lead_a)
    page = client.get(reverse("idmf:record", args=[assessment.pk])).content.decode()
    import html as htmllib

    page_text = htmllib.unescape(page)
    pdf = client.get(reverse("idmf:download", args=[assessment.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    pdf_text = squeezed(" ".join(p.extract_text() for p in reader.pages))
    docx = client.get(reverse("idmf:download", args=[assessment.pk, "docx"]))
    word = WordDocument(io.BytesIO(docx.content))
    docx_text = " ".join(p.text for p in word.paragraphs) + " ".join(
        c.text for t in word.tables for row in t.rows for c in row.cells
    )
    for line in document.text_lines():
        assert line in page_text, line
        assert squeezed(line) in pdf_text, line
        assert line in docx_text, line
    assert client.get(reverse("idmf:download", args=[assessment.pk, "exe"])).status_code == 404


def test_public_summary_only_when_published(client, client_for, lead_a, signed):
    decisions.set_published(signed, True, actor=lead_a)
    url = reverse("idmf:public", args=[signed.public_slug])
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert "Due-regard statement" in response.content.decode()
    assert lead_a.full_name not in response.content.decode()
    ask = reverse("publishing:request-format", args=["idmf", signed.public_slug])  # a11y
    assert ask in response.content.decode() and client.get(ask).status_code == 200
    pdf = reverse("publishing:download", args=["idmf", signed.public_slug, "pdf"])
    assert pdf in response.content.decode()
    assert client.get(pdf).content.startswith(b"%PDF")
    decisions.set_published(signed, False, actor=lead_a)
    assert client.get(ask).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(reverse("idmf:public", args=["guess"])).status_code == 404


def test_review_due_banner_and_new_version(client_for, lead_a, signed):
    assessment = signed.current_assessment()
    type(assessment).objects.filter(pk=assessment.pk).update(review_date="2020-01-01")
    client = client_for(lead_a)
    page = client.get(reverse("idmf:detail", args=[signed.pk])).content.decode()
    assert "Review due" in page
    assert client.post(reverse("idmf:start-review", args=[signed.pk])).status_code == 302
    assert signed.assessments.count() == 2
    old = client.get(reverse("idmf:record", args=[assessment.pk])).content.decode()
    assert "This is an earlier version" in old
    assert Notification.objects.count() == 0


def test_engagement_and_action_forms(client_for, lead_a, org_a):
    decision = make_decision(org_a, lead_a)
    decisions.screen(decision.current_assessment(), RELEVANT, actor=lead_a)
    client = client_for(lead_a)
    url = reverse("idmf:add-engagement", args=[decision.pk])
    bad = client.post(url, {"who": "Healthwatch", "held_on_0": "40"})
    assert bad.status_code == 400 and "Healthwatch" in bad.content.decode()
    ok = client.post(
        url,
        {
            "who": "Healthwatch",
            "held_on_0": "1",
            "held_on_1": "3",
            "held_on_2": "2026",
            "method": "Drop-in",
            "groups_reached": ["age", "race"],
            "heard": "Buses",
        },
    )
    assert ok.status_code == 302
    url = reverse("idmf:add-action", args=[decision.pk])
    assert client.get(url + "?group=age").status_code == 200
    bad = client.post(url, {"description": "Drivers"})
    assert bad.status_code == 400 and "Drivers" in bad.content.decode()
    ok = client.post(
        url,
        {
            "purpose": "mitigate",
            "description": "Drivers",
            "groups": ["age"],
            "owner_name": "Transport lead",
            "due_date_0": "1",
            "due_date_1": "2",
            "due_date_2": "2027",
        },
    )
    assert ok.status_code == 302
    assessment = decision.current_assessment()
    assert assessment.engagement.count() == 1 and assessment.actions.count() == 1
    action = assessment.actions.get()
    assert client.post(reverse("idmf:complete-action", args=[action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.completed_on is not None


def test_system_scope_sees_every_organisation(client_for, make_user, system, org_a, lead_a):
    make_decision(org_a, lead_a, title="In the trust")
    lead = make_user("system.edi@example.nhs.uk", Role.EDI_LEAD, system=system)
    client = client_for(lead)
    page = client.get(reverse("idmf:overview")).content.decode()
    assert "Decisions across the system" in page and "Alpha NHS Trust" in page
    client.post(
        reverse("idmf:new"),
        {"title": "System plan", "decision_body": "ICB board", "decision_type": "policy"},
    )
    created = Decision.objects.get(title="System plan")
    assert created.organisation is None and created.system == system


def test_demo_loader_is_idempotent(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    count = Decision.objects.count()
    call_command("load_demo", verbosity=0)
    assert Decision.objects.count() == count >= 4
    statuses = set(Decision.objects.values_list("status", flat=True))
    assert statuses >= {"signed_off", "in_progress", "screened_out", "screening"}
