"""Services: mapping, quality report, all-or-nothing import, analyses, retention,
re-run with checksum, disclosure outside the analyst role, audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dueregard.core.models import AuditEvent
from dueregard.core.services.retention import dispose_expired
from dueregard.evidence import charts, presenters
from dueregard.evidence.models import Analysis, Dataset, RowData
from dueregard.evidence.services import analyses, datasets, mapping, safety, synthetic
from dueregard.evidence.services.schemas import SERVICE_SCHEMAS, match_columns

from .conftest import csv_file

pytestmark = pytest.mark.django_db

SCHEMA = SERVICE_SCHEMAS["uptake"]


def test_columns_are_recognised_and_the_messy_one_is_not():
    found = match_columns(list(synthetic.HEADERS), SCHEMA)
    assert found["ethnicity"] == "Ethnic group"
    assert found["numerator"] == "Vaccinated"
    assert found["denominator"] == "Eligible"
    assert found["area"] == "GP practice area"
    assert "deprivation_decile" not in found  # "IMD Decile (2019)": the analyst maps it


def test_code_maps_and_quality_report():
    frame = mapping.read_table(synthetic.uptake_csv(), "f.csv")
    cols = dict(match_columns(list(frame.columns), SCHEMA), deprivation_decile="IMD Decile (2019)")
    maps = mapping.default_code_maps(frame, SCHEMA, cols)
    assert maps["ethnicity"]["A White - British"] == (
        "English, Welsh, Scottish, Northern Irish or British"
    )
    assert maps["ethnicity"]["H Indian"] == "Indian"
    assert maps["ethnicity"]["Z"] == "Not declared"
    assert maps["ethnicity"]["Not known"] == "Unknown"
    assert maps["ethnicity"][synthetic.MESSY_LABEL] == ""
    report = mapping.quality_report(frame, SCHEMA, cols, maps)
    eth = next(c for c in report["columns"] if c["column"] == "ethnicity")
    assert eth["unmapped_labels"] == [synthetic.MESSY_LABEL]
    assert eth["unmapped"] > 0 and eth["not_declared"] > 0 and eth["unknown"] > 0
    assert (
        eth["declared"] + eth["not_declared"] + eth["unknown"] + eth["unmapped"] == report["rows"]
    )
    maps["ethnicity"][synthetic.MESSY_LABEL] = "Black"
    report = mapping.quality_report(frame, SCHEMA, cols, maps)
    assert next(c for c in report["columns"] if c["column"] == "ethnicity")["unmapped"] == 0


def test_bad_files_are_refused(analyst_scope, analyst_a):
    for content, name, message in (
        (b"", "x.csv", "empty"),
        (b"a,b\n1,2\n", "x.txt", "not a CSV"),
    ):
        with pytest.raises(ValidationError, match=message):
            datasets.upload(
                analyst_scope, analyst_a, name="x", kind="uptake", file=csv_file(content, name)
            )
    assert not Dataset.objects.exists()
    # Read in the background check (issue 23): refused there, and the file is not kept.
    refused = datasets.upload(
        analyst_scope, analyst_a, name="x", kind="uptake", file=csv_file(b"a,b\n", "x.csv")
    )
    assert refused.status == Dataset.Status.FAILED
    assert "no rows" in refused.errors["listed"][0]["message"]
    assert not refused.has_rows


def test_failed_import_keeps_nothing_and_says_what_failed_where(analyst_scope, analyst_a):
    content = (
        "Ethnicity,IMD decile,Eligible,Vaccinated\n"
        "White British,1,10,5\n"
        "Martian,2,10,4\n"
        "White British,11,10,3\n"
        "Indian,3,ten,2\n"
        "Indian,3,5,9\n"
    )
    d = datasets.upload(analyst_scope, analyst_a, name="Bad", kind="uptake", file=csv_file(content))
    # Labels no map knows are refused before the import, by name (mapped or excluded).
    with pytest.raises(ValidationError, match="“Martian”.*“11”"):
        datasets.start_import(d, analyst_a)
    codes = {c: {raw: v or "Unknown" for raw, v in m.items()} for c, m in d.code_maps.items()}
    datasets.save_mapping(d, analyst_a, columns=d.mapping, codes=codes)
    d.refresh_from_db()
    datasets.start_import(d, analyst_a)
    d.refresh_from_db()
    assert d.status == Dataset.Status.FAILED
    assert RowData.objects.get(dataset=d).canonical is None
    where = {(e["row"], e["column"]) for e in d.errors["listed"]}
    assert (5, "Eligible") in where  # "ten"
    assert (6, "Vaccinated") in where  # 9 of 5
    assert d.errors["total"] == 2
    assert AuditEvent.objects.filter(action="evidence.dataset.import_failed").exists()
    with pytest.raises(ValidationError, match="Import the dataset"):
        analyses.request(d, analyst_a, kind="deprivation")


def test_required_column_must_be_mapped(analyst_scope, analyst_a):
    d = datasets.upload(
        analyst_scope, analyst_a, name="x", kind="uptake", file=csv_file("Ethnicity,Foo\nA,1\n")
    )
    assert d.quality["missing_required"] == ["Taken up"]
    with pytest.raises(ValidationError, match="Taken up"):
        datasets.start_import(d, analyst_a)


def test_patient_level_rows_count_one_each(analyst_scope, analyst_a):
    content = "Sex,Vaccinated\n" + "F,1\n" * 30 + "F,0\n" * 10 + "M,1\n" * 20 + "M,0\n" * 20
    d = datasets.upload(analyst_scope, analyst_a, name="p", kind="uptake", file=csv_file(content))
    datasets.start_import(d, analyst_a)
    d.refresh_from_db()
    a = analyses.request(d, analyst_a, kind="by-group", group="sex")
    a.refresh_from_db()
    rows = {r["group"]: r for r in a.result["rows"]}
    assert rows["Female"]["denominator"] == 40 and rows["Female"]["value"] == pytest.approx(75)
    assert a.result["reference"] == "Male"
    ratio = a.result["ratios"][0]
    assert ratio["group"] == "Female" and ratio["value"] == pytest.approx(1.5)


def test_deprivation_analysis_stores_aggregates_and_deletes_rows(ready_dataset, analyst_a):
    d = ready_dataset()
    a = analyses.request(d, analyst_a, kind="deprivation")
    a.refresh_from_db()
    d.refresh_from_db()
    assert a.status == Analysis.Status.READY, a.error
    assert a.input_checksum == d.checksum and a.engine_version.startswith("dueregard ")
    assert a.parameters["group"] == "" and a.characteristics == ["deprivation-core20"]
    sii = a.result["sii"]
    assert sii["value"] > 0 and sii["lower"] < sii["value"] < sii["upper"]
    assert [r["group"] for r in a.result["rows"]][:3] == ["1", "2", "3"]
    # safe by design: the rows are gone, only aggregates kept
    assert not RowData.objects.filter(dataset=d).exists()
    assert d.status == Dataset.Status.DISPOSED
    assert a.public["readings"] and "slope index of inequality" in " ".join(a.public["readings"])


def test_kept_rows_allow_several_analyses_then_retention_deletes_them(ready_dataset, analyst_a):
    d = ready_dataset(keep_days=10)
    for kind, group in (("by-group", "ethnicity"), ("funnel", ""), ("deprivation", "")):
        a = analyses.request(d, analyst_a, kind=kind, group=group)
        a.refresh_from_db()
        assert a.status == "ready", a.error
    assert RowData.objects.filter(dataset=d).exists()
    counts = dispose_expired(timezone.now() + dt.timedelta(days=11))
    assert counts["evidence rows"] == 1
    assert not RowData.objects.filter(dataset=d).exists()
    assert AuditEvent.objects.filter(action="evidence.dataset.rows_deleted").exists()


def test_by_ethnicity_reading_with_interval(ready_dataset, analyst_a):
    d = ready_dataset()
    a = analyses.request(d, analyst_a, kind="by-group", group="ethnicity")
    a.refresh_from_db()
    text = " ".join(presenters.readings(safety.view_of(a.result, analyst=True)))
    assert "Black people were 0." in text and "times as likely as White people" in text
    assert "(95% CI 0." in text


def test_rerun_needs_the_same_file(ready_dataset, analyst_a, uptake_file):
    d = ready_dataset()
    a = analyses.request(d, analyst_a, kind="deprivation")
    a.refresh_from_db()
    first = a.result
    with pytest.raises(ValidationError, match="upload the same file"):
        analyses.rerun(a, analyst_a)
    other = csv_file(synthetic.uptake_csv(seed=2), "flu.csv")
    with pytest.raises(ValidationError, match="not the file the analysis was run on"):
        analyses.rerun(a, analyst_a, file=other)
    assert AuditEvent.objects.filter(action="evidence.analysis.rerun_refused").exists()
    analyses.rerun(a, analyst_a, file=uptake_file())
    a.refresh_from_db()
    assert a.runs == 2 and a.result == first  # same input, same seed, same result
    assert not RowData.objects.filter(dataset=d).exists()


def test_disclosure_control_outside_the_analyst_role(ready_dataset, analyst_a):
    d = ready_dataset()
    a = analyses.request(d, analyst_a, kind="deprivation")
    a.refresh_from_db()
    full = safety.view_of(a.result, analyst=True)
    safe = safety.view_of(a.result, analyst=False)
    ten_full = next(r for r in full["rows"] if r["group"] == "10")
    assert 1 <= ten_full["denominator"] <= 7
    ten = next(r for r in safe["rows"] if r["group"] == "10")
    assert ten["suppressed"] and ten["numerator"] is None and ten["value"] is None
    assert "10" in safe["suppressed_groups"]
    for r in safe["rows"]:
        if r["numerator"] is not None:
            assert r["numerator"] % 5 == 0 and r["denominator"] % 5 == 0
    table = presenters.table(safe)
    assert any(row[0] == "10" and row[1] == "*" for row in table["rows"])
    assert "10" in " ".join(presenters.readings(safe))  # named as suppressed, no figures
    svg = str(charts.charts(safe)[0]["svg"])
    assert "hidden: small number" in svg
    assert a.public["table"]["rows"] == table["rows"]


def test_demo_loads_analyses_once(frameworks):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert Dataset.objects.count() == 3
    assert {d.organisation.ods_code for d in Dataset.objects.all()} == {"XRV02"}
    kinds = sorted(Analysis.objects.values_list("kind", flat=True))
    assert kinds == ["by-group", "deprivation", "funnel", "wres", "wres"]
    assert all(a.status == "ready" for a in Analysis.objects.all())


def test_complaints_rates_and_age_standardised_rates(analyst_scope, analyst_a):
    from dueregard.analytics.stats import ESP2013_BANDS

    lines = ["Sex,Age group,Complaints,Population"]
    for i, band in enumerate(ESP2013_BANDS):
        lines.append(f"F,{band},{3 + i},{1000 + 50 * i}")
        lines.append(f"M,{band},{2 + i},{1000 + 40 * i}")
    content = "\n".join(lines) + "\n"
    d = datasets.upload(
        analyst_scope,
        analyst_a,
        name="Complaints",
        kind="complaints",
        file=csv_file(content),
        retain_until=timezone.localdate() + dt.timedelta(days=2),
    )
    assert d.mapping == {
        "age_band": "Age group",
        "sex": "Sex",
        "numerator": "Complaints",
        "denominator": "Population",
    }
    datasets.start_import(d, analyst_a)
    d.refresh_from_db()
    crude = analyses.request(d, analyst_a, kind="by-group", group="sex")
    std = analyses.request(d, analyst_a, kind="standardised", group="sex")
    crude.refresh_from_db()
    std.refresh_from_db()
    assert crude.status == std.status == "ready", (crude.error, std.error)
    female = next(r for r in crude.result["rows"] if r["group"] == "Female")
    assert female["value"] == pytest.approx(female["numerator"] / female["denominator"] * 1000)
    assert std.result["statistic"] == "Age-standardised rate per 1,000"
    assert sorted(std.characteristics) == ["age", "sex"]
    assert all(r["lower"] < r["value"] < r["upper"] for r in std.result["rows"])
    # a proportion analysis does not apply to rates
    with pytest.raises(ValidationError):
        analyses.request(d, analyst_a, kind="funnel")


def test_dispose_expired_command_reports_evidence_rows(ready_dataset, analyst_a):
    from io import StringIO

    from django.core.management import call_command

    d = ready_dataset(keep_days=1)
    Dataset.objects.filter(pk=d.pk).update(retain_until=timezone.localdate() - dt.timedelta(days=1))
    out = StringIO()
    call_command("dispose_expired", stdout=out)
    assert "1 evidence rows" in out.getvalue()
    assert not RowData.objects.filter(dataset=d).exists()


def test_rows_never_analysed_are_deleted_after_the_declared_period(analyst_scope, analyst_a):
    d = datasets.upload(
        analyst_scope, analyst_a, name="x", kind="uptake", file=csv_file("Sex,Vaccinated\nF,1\n")
    )
    assert dispose_expired(timezone.now() + dt.timedelta(days=29)).get("evidence rows") is None
    assert RowData.objects.filter(dataset=d).exists()
    counts = dispose_expired(timezone.now() + dt.timedelta(days=RowData.retention_days + 1))
    assert counts["evidence rows"] == 1
    d.refresh_from_db()
    assert d.status == Dataset.Status.DISPOSED


def test_damaged_spreadsheets_are_refused_and_exports_defuse_formulas(analyst_scope, analyst_a):
    refused = datasets.upload(
        analyst_scope, analyst_a, name="x", kind="uptake", file=csv_file(b"a,b\n1,2\n", "x.xlsx")
    )
    assert refused.status == Dataset.Status.FAILED
    assert "could not be read" in refused.errors["listed"][0]["message"]
    assert presenters.defuse("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert presenters.defuse("-1.5") == "-1.5"
    assert presenters.defuse("Riverside") == "Riverside"


@pytest.mark.parametrize("suffix", ["xlsx", "parquet"])
def test_excel_and_parquet_files(analyst_scope, analyst_a, suffix):
    import io

    frame = mapping.read_table(synthetic.uptake_csv(), "f.csv")
    buffer = io.BytesIO()
    if suffix == "xlsx":
        frame.to_excel(buffer, index=False)
    else:
        frame.to_parquet(buffer, index=False)
    d = datasets.upload(
        analyst_scope,
        analyst_a,
        name="x",
        kind="uptake",
        file=csv_file(buffer.getvalue(), f"flu.{suffix}"),
    )
    assert d.headers == list(synthetic.HEADERS)
    assert d.quality["rows"] == len(frame)


def test_free_characteristics_keep_answers_and_spot_missing_ones(analyst_scope, analyst_a):
    content = (
        "Religion,Sexual orientation,Positive\n"
        "None,Heterosexual,1\nChristian,Prefer not to say,0\n,Gay or lesbian,1\nMuslim,,1\n"
    )
    d = datasets.upload(
        analyst_scope, analyst_a, name="x", kind="experience", file=csv_file(content)
    )
    assert (
        d.mapping["religion"] == "Religion"
        and d.mapping["sexual_orientation"] == "Sexual orientation"
    )
    religion = next(c for c in d.quality["columns"] if c["column"] == "religion")
    assert (religion["declared"], religion["unknown"]) == (3, 1)
    orientation = next(c for c in d.quality["columns"] if c["column"] == "sexual_orientation")
    assert (orientation["declared"], orientation["not_declared"], orientation["unknown"]) == (
        2,
        1,
        1,
    )


def test_funnel_flags_the_area_that_stands_out(ready_dataset, analyst_a):
    d = ready_dataset()
    a = analyses.request(d, analyst_a, kind="funnel")
    a.refresh_from_db()
    view = safety.view_of(a.result, analyst=True)
    positions = presenters.funnel_positions(view)
    assert positions["Vale East"] == "Below the 99.8% limit"
    assert "1 area(s) are below" in " ".join(presenters.readings(view))
    chart = charts.charts(view)[0]
    assert chart["title"].startswith("Funnel plot") and "Vale East: below" in chart["desc"]
