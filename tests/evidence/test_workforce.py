"""Workforce files through the workforce package: mapping, quality report, all-or-nothing
import, and the WRES, WDES, pay gap and recruitment funnel packs."""

import io

import pyarrow.csv as pacsv
import pytest

from dueregard.analytics.synth.workforce import generate
from dueregard.evidence import charts, presenters
from dueregard.evidence.models import Dataset, RowData
from dueregard.evidence.services import analyses, datasets, safety

from .conftest import csv_file

pytestmark = pytest.mark.django_db


def workforce_csv(kind: str, staff: int = 400, seed: int = 3) -> bytes:
    buffer = io.BytesIO()
    pacsv.write_csv(generate(staff=staff, seed=seed)[kind], buffer)
    return buffer.getvalue()


def _ready(scope, actor, kind, content, **upload):
    d = datasets.upload(
        scope,
        actor,
        name=kind,
        kind=f"wf-{kind}",
        file=csv_file(content, f"{kind}.csv"),
        period="2025-26",
        **upload,
    )
    # Map whatever the workforce code maps could not (the synthetic files are messy).
    codes = {c: {raw: v or "Unknown" for raw, v in m.items()} for c, m in d.code_maps.items()}
    datasets.save_mapping(d, actor, columns=d.mapping, codes=codes)
    datasets.start_import(d, actor)
    d.refresh_from_db()
    return d


def test_staff_file_mapping_quality_and_wres(analyst_scope, analyst_a):
    d = datasets.upload(
        analyst_scope,
        analyst_a,
        name="Staff",
        kind="wf-staff",
        file=csv_file(workforce_csv("staff"), "staff.csv"),
        period="2025-26",
    )
    assert d.mapping["ethnic_category"] == "Ethnic Origin"
    assert d.mapping["pay_grade"] == "Pay Band"
    eth = next(c for c in d.quality["columns"] if c["column"] == "ethnic_category")
    assert eth["declared"] + eth["not_declared"] + eth["unknown"] + eth["unmapped"] == 400
    assert "ethnic_category" in d.code_maps
    d = _ready(analyst_scope, analyst_a, "staff", workforce_csv("staff"))
    assert d.status == Dataset.Status.READY, d.errors
    a = analyses.request(d, analyst_a, kind="wres")
    a.refresh_from_db()
    assert a.status == "ready", a.error
    names = [t["name"] for t in a.result["tables"]]
    assert "wres1" in names and "wres9" in names
    assert a.characteristics == ["race"] and a.parameters["period"] == "2025-26"
    assert not RowData.objects.filter(dataset=d).exists()
    safe = safety.view_of(a.result, analyst=False)
    assert safe["controlled"] and "*" in str(safe["tables"])


def test_recruitment_wres2_reading(analyst_scope, analyst_a):
    d = _ready(analyst_scope, analyst_a, "recruitment", workforce_csv("recruitment", 2000))
    assert d.status == Dataset.Status.READY, d.errors
    a = analyses.request(d, analyst_a, kind="wres")
    a.refresh_from_db()
    assert a.status == "ready", a.error
    text = " ".join(presenters.readings(safety.view_of(a.result, analyst=True)))
    assert "White applicants were" in text and "to be appointed from shortlisting" in text
    assert "(95% CI" in text
    assert charts.charts(safety.view_of(a.result, analyst=True))
    assert a.public["readings"]


def test_recruitment_funnel_for_every_characteristic(analyst_scope, analyst_a):
    d = _ready(
        analyst_scope,
        analyst_a,
        "recruitment",
        workforce_csv("recruitment", 2000),
        retain_until=None,
    )
    a = analyses.request(d, analyst_a, kind="recruitment")
    a.refresh_from_db()
    assert a.status == "ready", a.error
    funnel = next(t for t in a.result["tables"] if t["name"] == "funnel")
    characteristics = {row[0] for row in funnel["rows"]}
    assert {"Disability", "Sex", "Age"} <= characteristics and len(characteristics) >= 5


def test_bad_workforce_file_fails_whole_and_says_where(analyst_scope, analyst_a):
    content = (
        "Employee Number,Pay Band,Ethnic Origin,Disability Flag,Gender\n"
        "1,Band 5,A White - British,No,Female\n"
        "1,Band 6,Martian,No,Male\n"
    )
    d = datasets.upload(
        analyst_scope,
        analyst_a,
        name="bad",
        kind="wf-staff",
        file=csv_file(content),
        period="2025-26",
    )
    datasets.start_import(d, analyst_a)
    d.refresh_from_db()
    assert d.status == Dataset.Status.FAILED
    messages = " ".join(e["message"] for e in d.errors["listed"])
    assert "duplicate" in messages.lower()
    # lines of the file, as the page shows them for every import (the header is line 1)
    where = {(e["row"], e["column"]) for e in d.errors["listed"]}
    assert {(2, "Employee Number"), (3, "Employee Number"), (3, "Ethnic Origin")} <= where
    assert RowData.objects.get(dataset=d).canonical is None


def test_period_is_required_for_workforce(analyst_scope, analyst_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="reporting year"):
        datasets.upload(
            analyst_scope,
            analyst_a,
            name="x",
            kind="wf-staff",
            file=csv_file(workforce_csv("staff")),
        )


def test_mapping_page_for_a_workforce_file(client_for, analyst_a, analyst_scope):
    from django.urls import reverse

    d = datasets.upload(
        analyst_scope,
        analyst_a,
        name="Staff",
        kind="wf-staff",
        file=csv_file(workforce_csv("staff"), "staff.csv"),
        period="2025-26",
    )
    page = client_for(analyst_a).get(reverse("evidence:mapping", args=[d.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ethnic Origin" in html and "A White British" in html and "Data-quality report" in html


def test_withheld_pack_summary_gives_no_reading_or_chart():
    from dueregard.evidence.services.workforce import reading

    table = {
        "title": "WRES 2: relative likelihood of white applicants being appointed from "
        "shortlisting compared to BME applicants — not shown: small numbers",
        "summary": {"relative_likelihood": 1.5, "lower95": 1.1, "upper95": 2.0},
        "columns": [],
        "rows": [],
    }
    assert reading(table) is None
    assert charts.charts({"type": "pack", "tables": [table]}) == []
    shown = dict(table, title=table["title"].split(" — ")[0] + " = 1.500 (95% CI 1.1–2.0)")
    assert reading(shown) == (
        "White applicants were 1.50 times as likely as BME applicants to be appointed from "
        "shortlisting (95% CI 1.10 to 2.00). This is outside the 0.80 to 1.25 range treated "
        "as parity, and the 95% interval excludes 1."
    )


def test_full_wres_from_staff_with_cases_training_survey_and_representation(
    analyst_scope, analyst_a
):
    files = {
        k: workforce_csv(k, 1500, seed=5)
        for k in ("staff", "recruitment", "cases", "training", "survey", "reference")
    }
    staff = _ready(analyst_scope, analyst_a, "staff", files["staff"])
    others = {k: _ready(analyst_scope, analyst_a, k, files[k]) for k in files if k != "staff"}
    assert all(d.status == Dataset.Status.READY for d in others.values()), {
        k: d.errors for k, d in others.items()
    }
    choices = dict(analyses.extra_choices(staff))
    assert set(choices) == {str(d.pk) for d in others.values()}
    a = analyses.request(staff, analyst_a, kind="wres", also=list(choices))
    a.refresh_from_db()
    assert a.status == "ready", a.error
    names = {t["name"] for t in a.result["tables"]}
    assert names == {"wres1", "wres1_all", "wres2", "wres3", "wres4", "wres9", "wres_survey"}
    assert len(a.parameters["inputs"]) == 5
    # every input's rows are gone once the analysis is stored
    assert not RowData.objects.filter(dataset__in=[staff, *others.values()]).exists()


def test_representation_needs_a_reference_file(analyst_scope, analyst_a):
    staff = _ready(analyst_scope, analyst_a, "staff", workforce_csv("staff"), retain_until=None)
    a = analyses.request(staff, analyst_a, kind="representation")
    a.refresh_from_db()
    assert a.status == "failed" and "reference population" in a.error
    staff = _ready(analyst_scope, analyst_a, "staff", workforce_csv("staff"))
    reference = _ready(analyst_scope, analyst_a, "reference", workforce_csv("reference"))
    a = analyses.request(staff, analyst_a, kind="representation", also=[reference.pk])
    a.refresh_from_db()
    assert a.status == "ready", a.error
    assert [t["name"] for t in a.result["tables"]] == ["representation"]


def test_board_reading_and_table_formatting():
    from dueregard.evidence.services.workforce import board_readings

    table = {
        "title": "WRES 9",
        "columns": ["population", "BME", "known", "BME %", "difference_pp"],
        "rows": [
            ["Board: voting members", 5, 12, 41.66, 12.52],
            ["Overall workforce", 160, 549, 29.14, None],
        ],
        "summary": None,
    }
    assert board_readings(table) == [
        "Board: voting members: 41.7% BME, 12.5 percentage points above the workforce."
    ]
    shown = presenters.pack_tables({"tables": [table]})[0]
    assert shown["head"] == [
        "Population",
        "BME",
        "Known",
        "BME %",
        "Difference (percentage points)",
    ]
    assert shown["rows"][0] == ["Board: voting members", "5", "12", "41.7", "12.5"]
