"""An analyst attaches an analysis to an EDS outcome and to IDMF step 2 from a searchable
picker, and the disclosure-controlled figures appear in the IDMF record, its PDF and
DOCX, and its public summary."""

import pytest
from django.urls import reverse

from dueregard.core.roles import Role
from dueregard.evidence.models import IdmfEvidenceLink
from dueregard.evidence.services import analyses

pytestmark = pytest.mark.django_db


def test_analyst_attaches_to_eds_and_idmf_and_figures_reach_every_record(
    client_for, make_user, org_a, frameworks, ready_dataset, analyst_a
):
    from dueregard.core.tenancy import Scope
    from dueregard.eds.models import Evidence
    from dueregard.eds.services import assessments
    from dueregard.idmf.models import Assessment as IdmfAssessment
    from dueregard.idmf.services import decisions, document

    lead = make_user("lead@a.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    scope = Scope(lead.pk, org_a.system, org_a, frozenset({Role.EDI_LEAD}))
    eds = assessments.create(scope, lead, framework_code="eds-2022", title="EDS", period="2025-26")
    decision = decisions.create_decision(
        actor=lead, system=org_a.system, organisation=org_a, title="Close a clinic"
    )
    idmf = IdmfAssessment.objects.get(decision=decision)
    a = analyses.request(ready_dataset(), analyst_a, kind="by-group", group="ethnicity")
    a.refresh_from_db()
    client = client_for(analyst_a)

    # EDS: the picker filters by words and year; the analyst attaches.
    url = reverse("evidence:attach-eds", args=[a.pk])
    page = client.get(url, {"q": "2A", "year": "2025-26"}).content.decode()
    assert f'value="{eds.pk}:2A"' in page and f'value="{eds.pk}:3A"' not in page
    assert 'role="search"' in page
    response = client.post(url, {"q": "2A", "target": f"{eds.pk}:2A", "may_be_published": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Evidence.objects.get(assessment=eds, outcome_code="2A").analysis == a
    # a target outside what the picker listed is refused with a message, not a 500
    response = client.post(url, {"q": "2A", "target": f"{eds.pk}:3A"})
    assert response.status_code == 400
    assert "Choose one of the EDS outcomes listed" in response.content.decode()

    # IDMF step 2
    url = reverse("evidence:attach-idmf", args=[a.pk])
    assert "Close a clinic" in client.get(url, {"q": "clinic"}).content.decode()
    assert "Close a clinic" not in client.get(url, {"q": "library"}).content.decode()
    response = client.post(url, {"assessment": str(idmf.pk), "note": "Uptake gap"})
    assert response.status_code == 302
    assert IdmfEvidenceLink.objects.filter(analysis=a, assessment=idmf).exists()

    # the record (web page, PDF and DOCX render this one document) and the public summary
    shown = a.public["table"]["rows"][0]
    for doc in (document.build(idmf), document.build_public(idmf)):
        tables = [t for t in doc.tables if t.caption == a.title[:200]]
        assert tables and list(tables[0].rows[0]) == shown, doc.title
    record = document.build(idmf)
    assert any(getattr(b, "text", "") == "Uptake gap" for b in record.blocks)
    assert not any(
        getattr(b, "text", "") == "Uptake gap" for b in document.build_public(idmf).blocks
    )


def test_roles_that_cannot_attach_are_told_why(
    client_for, make_user, org_a, ready_dataset, analyst_a
):
    a = analyses.request(ready_dataset(), analyst_a, kind="deprivation")
    admin = make_user("admin@a.nhs.uk", Role.SYSTEM_ADMIN, organisation=org_a)
    page = client_for(admin).get(reverse("evidence:analysis", args=[a.pk])).content.decode()
    assert "Attach to an EDS outcome" not in page
    assert "Analysts and EDI leads of this organisation attach analyses" in page
    assert client_for(admin).get(reverse("evidence:attach-eds", args=[a.pk])).status_code == 403


def test_no_open_assessment_is_explained(client_for, frameworks, ready_dataset, analyst_a):
    a = analyses.request(ready_dataset(), analyst_a, kind="deprivation")
    page = client_for(analyst_a).get(reverse("evidence:attach-eds", args=[a.pk]))
    assert "There is no EDS assessment you can add evidence to" in page.content.decode()
