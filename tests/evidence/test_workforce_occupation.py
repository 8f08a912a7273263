"""The workspace mapping offers the ESR occupation code for a staff file, finds it by its
header, and the import derives clinical/non-clinical from it when no flag is given."""

import io

import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest
from django.urls import reverse

from dueregard.analytics.synth.workforce import generate
from dueregard.evidence.models import Dataset
from dueregard.evidence.services import analyses, datasets

from .conftest import csv_file

pytestmark = pytest.mark.django_db


def _staff_with_codes(codes_for_admin: str = "G1A") -> bytes:
    t = generate(staff=300, seed=5)["staff"]
    admin = pc.match_substring_regex(t["Staff Group"], "(?i)admin|estates")
    codes = pc.if_else(admin, codes_for_admin, "N0A")
    t = t.drop_columns(["Staff Group"]).append_column("Occupation Code", codes)
    buffer = io.BytesIO()
    pacsv.write_csv(t, buffer)
    return buffer.getvalue()


def _upload(scope, actor, content):
    return datasets.upload(
        scope,
        actor,
        name="Staff",
        kind="wf-staff",
        file=csv_file(content, "staff.csv"),
        period="2025-26",
    )


def _import(d, actor):
    codes = {c: {raw: v or "Unknown" for raw, v in m.items()} for c, m in d.code_maps.items()}
    datasets.save_mapping(d, actor, columns=d.mapping, codes=codes)
    datasets.start_import(d, actor)
    d.refresh_from_db()
    return d


def test_mapping_offers_the_occupation_code_and_wres1_splits_by_it(
    client_for, analyst_a, analyst_scope
):
    d = _upload(analyst_scope, analyst_a, _staff_with_codes())
    assert d.mapping["occupation_code"] == "Occupation Code"
    assert not d.mapping.get("clinical")
    page = client_for(analyst_a).get(reverse("evidence:mapping", args=[d.pk]))
    html = page.content.decode()
    assert 'name="col_occupation_code"' in html and "Occupation code" in html
    d = _import(d, analyst_a)
    assert d.status == Dataset.Status.READY, d.errors
    a = analyses.request(d, analyst_a, kind="wres")
    a.refresh_from_db()
    assert a.status == "ready", a.error
    wres1 = next(t for t in a.result["tables"] if t["name"] == "wres1")
    at = wres1["columns"].index("cluster")
    clusters = {r[at] for r in wres1["rows"]}
    assert clusters == {"Clinical", "Non-clinical"}


def test_codes_that_say_neither_stop_the_import_and_are_named(analyst_scope, analyst_a):
    d = _upload(analyst_scope, analyst_a, _staff_with_codes("Z9Q"))
    # The data-quality report records it at upload, before any import is tried.
    assert "Z9Q" in str(d.quality.get("problems"))
    d = _import(d, analyst_a)
    assert d.status != Dataset.Status.READY
    assert "Z9Q" in str(d.errors) and "Occupation Code" in str(d.errors)
