"""Every export link of every analysis page answers with a real file (CSV, JSON, XLSX),
for the analyst and for a disclosure-controlled viewer, and the audit trail records
exactly the downloads that were made."""

import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dueregard.core.models import AuditEvent
from dueregard.core.roles import Role
from dueregard.evidence.models import Analysis
from dueregard.evidence.services import analyses, datasets

from .conftest import csv_file
from .test_workforce import _ready, workforce_csv

pytestmark = pytest.mark.django_db

BANDS = ("0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44")
BANDS += ("45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89")
BANDS += ("90+",)
GROUPS = ("White - British", "Indian", "Black or Black British - African")


def activity_csv() -> str:
    lines = ["Area,Age band,Ethnic group,Population,Attendances"]
    for a, area in enumerate(("North", "South", "East")):
        for b, band in enumerate(BANDS):
            for e, group in enumerate(GROUPS):
                population = 400 + 37 * b + 90 * e + 55 * a
                lines.append(f"{area},{band},{group},{population},{20 + 3 * b + 4 * e + a}")
    return "\n".join(lines) + "\n"


def _activity(scope, actor):
    d = datasets.upload(
        scope, actor, name="A&E", kind="activity", file=csv_file(activity_csv(), "ae.csv")
    )
    datasets.save_mapping(d, actor, columns=d.mapping, codes={})
    datasets.start_import(d, actor)
    d.refresh_from_db()
    assert d.status == "ready", d.errors
    return d


def _all_analyses(analyst_scope, analyst_a, ready_dataset):
    uptake = ready_dataset(keep_days=5)
    made = [
        analyses.request(uptake, analyst_a, kind="by-group", group="ethnicity"),
        analyses.request(uptake, analyst_a, kind="deprivation"),
        analyses.request(uptake, analyst_a, kind="funnel"),
    ]
    activity = _activity(analyst_scope, analyst_a)
    datasets.Dataset.objects.filter(pk=activity.pk).update(retain_until="2099-01-01")
    made += [
        analyses.request(activity, analyst_a, kind="by-group", group="ethnicity"),
        analyses.request(activity, analyst_a, kind="standardised", group="ethnicity"),
    ]
    staff = _ready(analyst_scope, analyst_a, "staff", workforce_csv("staff"))
    datasets.Dataset.objects.filter(pk=staff.pk).update(retain_until="2099-01-01")
    made += [analyses.request(staff, analyst_a, kind=k) for k in ("wres", "wdes", "paygap")]
    for a in made:
        a.refresh_from_db()
        assert a.status == Analysis.Status.READY, (a.kind, a.error)
    return made


def test_every_export_link_of_every_analysis(
    analyst_scope, analyst_a, ready_dataset, client_for, make_user, org_a
):
    made = _all_analyses(analyst_scope, analyst_a, ready_dataset)
    lead = make_user("lead@a.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    downloads = 0
    for user in (analyst_a, lead):
        client = client_for(user)
        for a in made:
            page = client.get(reverse("evidence:analysis", args=[a.pk])).content.decode()
            links = re.findall(r'href="([^"]*/export\.(\w+))"', page)
            assert {fmt for _, fmt in links} == {"csv", "xlsx", "json"}, a.kind
            for url, fmt in links:
                response = client.get(url)
                assert response.status_code == 200, (a.kind, fmt)
                downloads += 1
                body = response.content
                if fmt == "xlsx":
                    book = load_workbook(io.BytesIO(body))
                    assert len(book.sheetnames) >= 2
                    about = book[book.sheetnames[-1]]
                    assert any(row[1] == a.engine_version for row in about.values)
                elif fmt == "json":
                    assert json.loads(body)["title"] == a.title
                else:
                    assert body.decode("utf-8-sig").count("\n") > 2
    assert AuditEvent.objects.filter(action="evidence.analysis.exported").count() == downloads


def test_unknown_export_format_is_404_and_not_audited(client_for, analyst_a, ready_dataset):
    a = analyses.request(ready_dataset(), analyst_a, kind="deprivation")
    response = client_for(analyst_a).get(
        reverse("evidence:export", kwargs={"pk": a.pk, "fmt": "exe"})
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="evidence.analysis.exported").exists()
