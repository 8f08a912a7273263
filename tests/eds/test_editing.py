"""Evidence files open for those who may see the outcome, safely; services, evidence, leads
and actions can be changed and removed (with confirmation), each change audited."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dueregard.core.models import AuditEvent
from dueregard.eds.models import Action, Evidence, Grading, OutcomeLead, Service, Stage
from dueregard.eds.services import assessments, evidence, grading, plan
from dueregard.eds.services.evidence import MAX_EVIDENCE_TEXT
from dueregard.eds.services.files import safe_name

PDF = b"%PDF-1.4\n<html><script>alert(1)</script></html>"


@pytest.fixture
def a(org_a, eds_people, make_assessment):
    a = make_assessment(org_a, eds_people["lead"], framework_code="eds-2022")
    assessments.move_to(a, eds_people["lead"], Stage.EVIDENCE)
    return a


def _upload(a, lead, name="<b>audit</b>.pdf"):
    return evidence.add(
        a,
        lead,
        outcome_code="2A",
        kind="document",
        title="Staff survey",
        document=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
    )


def test_evidence_file_downloads_safely_for_those_who_may_see_it(client_for, a, eds_people):
    item = _upload(a, eds_people["lead"])
    url = reverse("eds:evidence-file", args=[a.pk, item.pk])
    for who in ("lead", "panel1", "board"):
        response = client_for(eds_people[who]).get(url)
        assert response.status_code == 200, who
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert "<" not in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == PDF
    assert client_for(eds_people["staff"]).get(url).status_code == 403
    page = client_for(eds_people["panel1"]).get(reverse("eds:outcome", args=[a.pk, "2A"]))
    assert url in page.content.decode()


def test_file_names_are_made_safe():
    assert safe_name("eds/1/abc/../../etc/passwd") == "passwd"
    assert safe_name("eds/1/abc/report (final).pdf") == "report_final.pdf"
    assert safe_name("eds/1/abc/..") == "evidence"
    assert safe_name("eds/1/abc/x.svg") == "x.svg"


def test_text_evidence_has_a_length_limit(a, eds_people):
    with pytest.raises(Exception) as refused:
        evidence.add(
            a,
            eds_people["lead"],
            outcome_code="2A",
            kind="text",
            title="Long",
            text="x" * (MAX_EVIDENCE_TEXT + 1),
        )
    assert "characters or fewer" in str(refused.value)


def test_text_evidence_limit_is_a_form_error(client_for, a, eds_people):
    response = client_for(eds_people["lead"]).post(
        reverse("eds:add-evidence", args=[a.pk, "2A"]),
        {"kind": "text", "title": "Long", "text": "x" * (2 * 1024 * 1024)},
    )
    assert response.status_code == 400
    assert "characters or fewer" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_is_edited_including_its_publishable_flag(client_for, a, eds_people):
    item = evidence.add(
        a, eds_people["lead"], outcome_code="2A", kind="text", title="Narrative", text="Old"
    )
    client = client_for(eds_people["lead"])
    url = reverse("eds:edit-evidence", args=[a.pk, item.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"title": "", "text": ""})
    assert bad.status_code == 400
    ok = client.post(
        url,
        {
            "title": "Narrative (reviewed)",
            "text": "New",
            "characteristics": ["age"],
            "may_be_published": "on",
        },
    )
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.title == "Narrative (reviewed)" and item.may_be_published
    assert item.characteristics == ["age"]
    event = AuditEvent.objects.get(action="eds.evidence.changed")
    assert event.after["may_be_published"] is True


def test_destructive_actions_ask_for_confirmation(client_for, a, eds_people):
    lead = eds_people["lead"]
    client = client_for(lead)
    service = assessments.add_service(a, lead, "Maternity")
    item = evidence.add(
        a, lead, outcome_code="1A", kind="text", title="Audit", text="x", service=service
    )
    assessments.move_to(a, lead, Stage.GRADING)
    grading.record(
        a,
        lead,
        outcome_code="1A",
        source="organisation",
        grade_code="achieving",
        reasons={"summary": "x"},
        service=service,
    )
    url = reverse("eds:remove-service", args=[a.pk, service.pk])
    page = client.get(url).content.decode()
    assert "1 item(s) of evidence and 1 grade(s)" in page
    refused = client.post(url, {})
    assert refused.status_code == 400 and "Tick the box to confirm" in refused.content.decode()
    assert Service.objects.filter(pk=service.pk).exists()
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not Service.objects.filter(pk=service.pk).exists()
    assert not Evidence.objects.filter(pk=item.pk).exists()
    assert not Grading.objects.filter(assessment=a).exists()
    assert AuditEvent.objects.filter(action="eds.service.removed").exists()


def test_service_lead_and_action_edit_and_remove(client_for, a, eds_people):
    lead = eds_people["lead"]
    client = client_for(lead)
    service = assessments.add_service(a, lead, "Maternity")
    assessments.add_service(a, lead, "Diabetes")
    clash = client.post(reverse("eds:edit-service", args=[a.pk, service.pk]), {"name": "diabetes"})
    assert clash.status_code == 400 and "already a service" in clash.content.decode()
    client.post(reverse("eds:edit-service", args=[a.pk, service.pk]), {"name": "Midwifery"})
    service.refresh_from_db()
    assert service.name == "Midwifery"

    client.post(
        reverse("eds:set-lead", args=[a.pk, "2A"]),
        {"lead_contact": "Sab Bhaumik", "role": "Medical Director"},
    )
    row = OutcomeLead.objects.get(assessment=a)
    assert row.role == "Medical Director" and not row.name_may_be_published
    remove_lead = reverse("eds:remove-lead", args=[a.pk, "2A"])
    assert client.post(remove_lead, {"confirm": "on"}).status_code == 302
    assert not OutcomeLead.objects.filter(assessment=a).exists()

    action = plan.add_action(
        a, lead, outcome_code="2A", action="Publish pay gaps", owner="HR", due_date=None
    )
    edit = reverse("eds:edit-action", args=[a.pk, action.pk])
    ok = client.post(
        edit,
        {
            "outcome_code": "2B",
            "action": "Publish pay gaps by group",
            "owner": "HR director",
            "due_date_0": "31",
            "due_date_1": "3",
            "due_date_2": "2027",
        },
    )
    assert ok.status_code == 302
    action.refresh_from_db()
    assert action.outcome_code == "2B" and action.due_date == dt.date(2027, 3, 31)
    remove = reverse("eds:remove-action", args=[a.pk, action.pk])
    assert client.post(remove, {"confirm": "on"}).status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
    actions = {e.action for e in AuditEvent.objects.all()}
    assert {
        "eds.service.changed",
        "eds.outcome_lead.removed",
        "eds.action.changed",
        "eds.action.removed",
    } <= actions


def test_panel_members_cannot_edit_or_remove(client_for, a, eds_people):
    item = evidence.add(
        a, eds_people["lead"], outcome_code="2A", kind="text", title="Audit", text="x"
    )
    client = client_for(eds_people["panel1"])
    assert client.get(reverse("eds:edit-evidence", args=[a.pk, item.pk])).status_code == 403
    remove = reverse("eds:remove-evidence", args=[a.pk, item.pk])
    assert client.post(remove, {"confirm": "on"}).status_code == 403
    assert Evidence.objects.filter(pk=item.pk).exists()
