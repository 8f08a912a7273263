"""A panel member who also holds a managing role grades blind like every panel member; the
reasons of a grade appear in the report only when marked publishable."""

import pytest
from django.urls import reverse

from dueregard.core.models import AuditEvent
from dueregard.core.roles import Role
from dueregard.eds.models import Grading, Stage
from dueregard.eds.services import assessments, grading

pytestmark = pytest.mark.django_db


@pytest.fixture
def dual(make_user, org_a):
    make_user("lead.panel@a.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    return make_user("lead.panel@a.nhs.uk", Role.PANEL_MEMBER, organisation=org_a)


@pytest.fixture
def in_grading(org_a, eds_people, make_assessment):
    lead = eds_people["lead"]
    a = make_assessment(org_a, lead, framework_code="eds-2011", period="2011-12")
    assessments.move_to(a, lead, Stage.GRADING)
    grading.record(
        a,
        lead,
        outcome_code="1.1",
        source="organisation",
        grade_code="excelling",
        reasons={"summary": "SECRETORG11"},
    )
    return a


def _text(response) -> str:
    import re

    html = re.sub(r"<form\b.*?</form>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_an_edi_lead_on_the_panel_grades_blind(client_for, dual, in_grading, eds_people):
    client = client_for(dual)
    page = _text(client.get(reverse("eds:outcome", args=[in_grading.pk, "1.1"])))
    assert "SECRETORG11" not in page and "Excelling" not in page
    report = _text(client.get(reverse("eds:report", args=[in_grading.pk])))
    assert "Excelling" not in report
    # The lead who only chairs sees it.
    lead_page = client_for(eds_people["lead"]).get(
        reverse("eds:outcome", args=[in_grading.pk, "1.1"])
    )
    assert "Excelling" in _text(lead_page)


def test_the_dual_role_member_gives_their_own_grade_then_sees_the_others(
    client_for, dual, in_grading
):
    client = client_for(dual)
    form = client.get(reverse("eds:outcome", args=[in_grading.pk, "1.1"])).content.decode()
    assert 'value="mine"' in form
    response = client.post(
        reverse("eds:grade", args=[in_grading.pk, "1.1"]),
        {
            "source": "mine",
            "grade": "developing",
            "reason_conclusion": "Only some groups.",
            "represents": "Carers' forum",
        },
    )
    assert response.status_code == 302
    own = Grading.objects.get(assessment=in_grading, grader=dual)
    assert own.source == Grading.Source.PANEL_MEMBER
    page = _text(client.get(reverse("eds:outcome", args=[in_grading.pk, "1.1"])))
    assert "Excelling" in page


def test_a_manager_on_the_panel_still_sees_drafts(
    client_for, dual, org_a, eds_people, make_assessment
):
    draft = make_assessment(org_a, eds_people["lead"], framework_code="eds-2011", period="2012-13")
    assert client_for(dual).get(reverse("eds:detail", args=[draft.pk])).status_code == 200
    assert (
        client_for(eds_people["panel1"]).get(reverse("eds:detail", args=[draft.pk])).status_code
        == 404
    )


def test_reasons_are_published_only_when_marked(client_for, in_grading, eds_people):
    client = client_for(eds_people["lead"])
    report = _text(client.get(reverse("eds:report", args=[in_grading.pk])))
    assert "SECRETORG11" not in report
    assert "not marked for publication" in report
    row = Grading.objects.get(assessment=in_grading, outcome_code="1.1")
    url = reverse("eds:reasons-publication", args=[in_grading.pk, row.pk])
    assert client.post(url, {"publish": "yes"}).status_code == 302
    report = _text(client.get(reverse("eds:report", args=[in_grading.pk])))
    assert "SECRETORG11" in report and "not marked for publication" not in report
    assert AuditEvent.objects.filter(action="eds.grade.reasons_publication").count() == 1
    client.post(url, {"publish": "no"})
    assert "SECRETORG11" not in _text(client.get(reverse("eds:report", args=[in_grading.pk])))


def test_only_managers_mark_reasons(client_for, in_grading, eds_people):
    row = Grading.objects.get(assessment=in_grading, outcome_code="1.1")
    url = reverse("eds:reasons-publication", args=[in_grading.pk, row.pk])
    assert client_for(eds_people["panel1"]).post(url, {"publish": "yes"}).status_code == 403
    row.refresh_from_db()
    assert not row.reasons_may_be_published


def test_the_grade_form_sets_the_switch(client_for, in_grading, eds_people):
    client = client_for(eds_people["lead"])
    client.post(
        reverse("eds:grade", args=[in_grading.pk, "1.1"]),
        {
            "source": "panel_agreed",
            "grade": "achieving",
            "reason_conclusion": "PUBLICREASON agreed in the room.",
            "reasons_may_be_published": "on",
        },
    )
    row = Grading.objects.get(assessment=in_grading, source="panel_agreed")
    assert row.reasons_may_be_published
    report = _text(client.get(reverse("eds:report", args=[in_grading.pk])))
    assert "PUBLICREASON" in report
