"""Views: the whole flow in the browser's terms, 400 keeping input, 403, audit of views
and exports, EDS and IDMF links."""

import pytest
from django.urls import reverse

from dueregard.core.models import AuditEvent
from dueregard.core.roles import Role
from dueregard.evidence.models import Analysis, Dataset, IdmfEvidenceLink
from dueregard.evidence.services import analyses, synthetic

from .conftest import csv_file

pytestmark = pytest.mark.django_db


def _upload(client, **extra):
    data = {
        "name": "Flu uptake",
        "kind": "uptake",
        "file": csv_file(synthetic.uptake_csv(), "flu.csv"),
        "keep": "delete",
    }
    data.update(extra)
    return client.post(reverse("evidence:upload"), data)


def test_upload_map_import_analyse(client_for, analyst_a):
    client = client_for(analyst_a)
    assert client.get(reverse("evidence:index")).status_code == 200
    assert client.get(reverse("evidence:upload")).status_code == 200
    response = _upload(client)
    assert response.status_code == 302
    d = Dataset.objects.get()
    page = client.get(reverse("evidence:mapping", args=[d.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Data-quality report" in html and synthetic.MESSY_LABEL in html
    form = {f"col_{k}": v for k, v in d.mapping.items()}
    form["col_deprivation_decile"] = "IMD Decile (2019)"
    eth = list(d.code_maps["ethnicity"])
    for i, raw in enumerate(eth):
        form[f"code_ethnicity_{i}"] = d.code_maps["ethnicity"][raw] or "Black"
    form["check"] = "1"
    assert client.post(reverse("evidence:mapping", args=[d.pk]), form).status_code == 302
    d.refresh_from_db()
    assert d.mapping["deprivation_decile"] == "IMD Decile (2019)"
    assert d.quality["columns"][-1]["column"] == "deprivation_decile"
    form.pop("check")
    form["import"] = "1"
    response = client.post(reverse("evidence:mapping", args=[d.pk]), form)
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == "ready"
    page = client.get(reverse("evidence:dataset", args=[d.pk]))
    assert "Run an analysis" in page.content.decode()
    response = client.post(reverse("evidence:analyse", args=[d.pk]), {"kind": "deprivation"})
    assert response.status_code == 302
    a = Analysis.objects.get()
    page = client.get(reverse("evidence:analysis", args=[a.pk])).content.decode()
    assert "slope index of inequality" in page and "<svg" in page and "Analyst view" in page
    assert AuditEvent.objects.filter(
        action="evidence.analysis.viewed", object_id=str(a.pk)
    ).exists()


def test_failed_upload_is_400_and_keeps_input(client_for, analyst_a):
    client = client_for(analyst_a)
    response = _upload(client, file=csv_file(b"", "empty.csv"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "is empty" in html and 'value="Flu uptake"' in html
    assert "<title>Error:" in html
    response = _upload(client, keep="until")
    assert response.status_code == 400
    assert "Enter the date to keep the rows until" in response.content.decode()


def test_failed_analysis_request_is_400(client_for, analyst_a, ready_dataset):
    d = ready_dataset(keep_days=5)
    client = client_for(analyst_a)
    response = client.post(reverse("evidence:analyse", args=[d.pk]), {"kind": "by-group"})
    assert response.status_code == 400
    assert "Choose the groups to compare" in response.content.decode()


def test_failed_import_page_shows_what_failed_where(client_for, analyst_a):
    client = client_for(analyst_a)
    client.post(
        reverse("evidence:upload"),
        {
            "name": "Bad",
            "kind": "uptake",
            "file": csv_file("Ethnicity,Vaccinated\nMartian,1\n"),
            "keep": "delete",
        },
    )
    d = Dataset.objects.get()
    form = {"col_ethnicity": "Ethnicity", "col_numerator": "Vaccinated", "import": "1"}
    # A label no map knows is refused at the mapping step, named, before any import.
    response = client.post(reverse("evidence:mapping", args=[d.pk]), form)
    assert response.status_code == 400
    assert (
        "Some labels are not mapped to a group: Ethnicity: “Martian”" in response.content.decode()
    )
    d.refresh_from_db()
    assert d.status == Dataset.Status.MAPPING
    # mapped to Unknown it imports; a count above its denominator fails, saying where
    client.post(
        reverse("evidence:upload"),
        {
            "name": "Bad 2",
            "kind": "uptake",
            "file": csv_file("Ethnicity,Vaccinated,Eligible\nWhite British,3,2\n", "b.csv"),
            "keep": "delete",
        },
    )
    d = Dataset.objects.get(name="Bad 2")
    form = {
        "col_ethnicity": "Ethnicity",
        "col_numerator": "Vaccinated",
        "col_denominator": "Eligible",
        "import": "1",
    }
    client.post(reverse("evidence:mapping", args=[d.pk]), form)
    html = client.get(reverse("evidence:dataset", args=[d.pk])).content.decode()
    assert "The import failed: nothing was kept" in html and "More than the denominator" in html


def test_permissions(client_for, make_user, org_a, ready_dataset, analyst_a):
    d = ready_dataset()
    a = analyses.request(d, analyst_a, kind="deprivation")
    staff = make_user("staff@a.nhs.uk", Role.STAFF, organisation=org_a)
    client = client_for(staff)
    for url in (
        reverse("evidence:index"),
        reverse("evidence:upload"),
        reverse("evidence:dataset", args=[d.pk]),
        reverse("evidence:analysis", args=[a.pk]),
        reverse("evidence:export", kwargs={"pk": a.pk, "fmt": "csv"}),
    ):
        assert client.get(url).status_code == 403, url
    lead = make_user("lead@a.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    client = client_for(lead)
    assert client.get(reverse("evidence:upload")).status_code == 403
    assert client.get(reverse("evidence:dataset", args=[d.pk])).status_code == 403
    assert client.get(reverse("evidence:rerun", args=[a.pk])).status_code == 403
    page = client.get(reverse("evidence:analysis", args=[a.pk])).content.decode()
    assert "Disclosure-controlled" in page and "hidden: small number" in page


def test_export_is_disclosure_controlled_and_audited(
    client_for, make_user, org_a, ready_dataset, analyst_a
):
    d = ready_dataset()
    a = analyses.request(d, analyst_a, kind="deprivation")
    lead = make_user("lead@a.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    response = client_for(lead).get(reverse("evidence:export", kwargs={"pk": a.pk, "fmt": "csv"}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "*" in body
    event = AuditEvent.objects.get(action="evidence.analysis.exported")
    assert event.actor == lead and event.after["disclosure_controlled"] is True


def test_attach_to_eds_outcome_and_published_report(
    client_for, make_user, org_a, frameworks, ready_dataset, analyst_a
):
    from dueregard.core.tenancy import Scope
    from dueregard.eds.models import Evidence, Service
    from dueregard.eds.services import assessments, publication

    lead = make_user("lead@a.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    scope = Scope(lead.pk, org_a.system, org_a, frozenset({Role.EDI_LEAD}))
    eds = assessments.create(scope, lead, framework_code="eds-2022", title="EDS", period="2025-26")
    d = ready_dataset()
    a = analyses.request(d, analyst_a, kind="deprivation")
    client = client_for(lead)
    url = reverse("evidence:attach-eds", args=[a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"target": ""})
    assert response.status_code == 400
    service = Service.objects.create(assessment=eds, name="Flu vaccination")
    response = client.post(url, {"target": f"{eds.pk}:1A:{service.pk}", "may_be_published": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    ev = Evidence.objects.get(analysis=a)
    assert ev.outcome_code == "1A" and ev.characteristics == ["deprivation-core20"]
    assert ev.service == service
    page = client.get(reverse("eds:outcome", args=[eds.pk, "1A"]) + f"?service={service.pk}")
    html = page.content.decode()
    assert "Figures computed" in html and "slope index of inequality" in html
    # the evidence shows the analysis's current figures (a re-run updates them everywhere)
    a.refresh_from_db()
    public = dict(a.public, readings=["Re-run reading."])
    Analysis.objects.filter(pk=a.pk).update(public=public)
    page = client.get(reverse("eds:outcome", args=[eds.pk, "1A"]) + f"?service={service.pk}")
    assert "Re-run reading." in page.content.decode()
    document = publication.build_document(eds)
    text = str(document.as_dict())
    assert "Evidence for 1A" in text and "'*'" in text and "Re-run reading." in text


def test_attach_to_idmf_step_2(client_for, make_user, org_a, frameworks, ready_dataset, analyst_a):
    from dueregard.idmf.models import Assessment as IdmfAssessment

    d = ready_dataset()
    a = analyses.request(d, analyst_a, kind="deprivation")
    lead = make_user("lead@a.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    from dueregard.idmf.services import decisions

    decision = decisions.create_decision(
        actor=lead, system=org_a.system, organisation=org_a, title="Close a clinic"
    )
    assessment = IdmfAssessment.objects.get(decision=decision)
    client = client_for(lead)
    url = reverse("evidence:attach-idmf", args=[a.pk])
    assert client.post(url, {"assessment": ""}).status_code == 400
    response = client.post(url, {"assessment": str(assessment.pk), "note": "Uptake gap"})
    assert response.status_code == 302
    assert IdmfEvidenceLink.objects.filter(analysis=a, assessment=assessment).exists()
    IdmfAssessment.objects.filter(pk=assessment.pk).update(screening_result="relevant")
    page = client.get(reverse("idmf:step", kwargs={"pk": decision.pk, "step": "evidence"}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Analyses attached as evidence" in html and "Uptake gap" in html
    # a note that puts a small number next to people is warned about (it is published)
    other = decisions.create_decision(
        actor=lead, system=org_a.system, organisation=org_a, title="Move a clinic"
    )
    second = IdmfAssessment.objects.get(decision=other)
    response = client.post(
        url, {"assessment": str(second.pk), "note": "Only 3 patients declined"}, follow=True
    )
    assert "Your note says “3 patients”" in response.content.decode()


def test_database_task_backend_queues_and_the_progress_page_polls(client_for, analyst_a):
    from django.test import override_settings

    from dueregard.evidence.services import datasets

    client = client_for(analyst_a)
    _upload(client)
    d = Dataset.objects.get()
    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=backend):
        form = {f"col_{k}": v for k, v in d.mapping.items()}
        form.update({"col_deprivation_decile": "IMD Decile (2019)", "import": "1"})
        for i, raw in enumerate(d.code_maps["ethnicity"]):
            form[f"code_ethnicity_{i}"] = d.code_maps["ethnicity"][raw] or "Black"
        client.post(reverse("evidence:mapping", args=[d.pk]), form)
        d.refresh_from_db()
        assert d.status == Dataset.Status.QUEUED
        page = client.get(reverse("evidence:dataset", args=[d.pk])).content.decode()
        assert "data-progress-url" in page and "dueregard/progress.js" in page
        state = client.get(reverse("evidence:dataset-status", args=[d.pk])).json()
        assert state == {
            "status": "queued",
            "label": "Queued, waiting for a worker to start it",
            "progress": 0,
            "done": False,
        }
    datasets.run_import(d.pk)  # what the worker does
    state = client.get(reverse("evidence:dataset-status", args=[d.pk])).json()
    assert state["done"] and state["status"] == "ready"


def test_analyst_deletes_kept_rows_now(client_for, analyst_a, ready_dataset):
    from dueregard.evidence.models import RowData

    d = ready_dataset(keep_days=30)
    client = client_for(analyst_a)
    assert (
        "Delete the rows now"
        in client.get(reverse("evidence:dataset", args=[d.pk])).content.decode()
    )
    response = client.post(reverse("evidence:delete-rows", args=[d.pk]))
    assert response.status_code == 302
    assert not RowData.objects.filter(dataset=d).exists()
    event = AuditEvent.objects.get(action="evidence.dataset.rows_deleted")
    assert event.actor == analyst_a and event.after["reason"] == "deleted by the analyst"
