"""The evidence workspace in the browser, as a new user would try it in the demo: upload a
synthetic staff file and a service file, map a messy column, see the quality report, run
WRES and an access-by-deprivation analysis, attach both to EDS outcomes, and see them in
the report with small numbers suppressed. Axe on every page, error states included."""

import io
import re

import pyarrow.csv as pacsv
from playwright.sync_api import expect

from dueregard.analytics.synth.workforce import generate
from dueregard.evidence.models import Analysis
from dueregard.evidence.services import synthetic

DEMO = "@demo.dueregard.test"


def _staff_csv() -> bytes:
    buffer = io.BytesIO()
    pacsv.write_csv(generate(staff=300, seed=7)["staff"], buffer)
    return buffer.getvalue()


def _upload(page, assert_accessible, *, name, kind_label, filename, content, period=""):
    page.goto("/evidence/datasets/upload/")
    page.get_by_label("Name of the dataset").fill(name)
    page.get_by_label(kind_label).check()
    if period:
        page.get_by_label("Reporting year (workforce files)").fill(period)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": filename, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Upload and check the columns").click()
    expect(page.locator("h1")).to_contain_text("Map the columns")
    expect(page.locator("#quality-report")).to_be_visible()
    assert_accessible(page)


def _import(page, assert_accessible):
    page.get_by_role("button", name="Import the data").click()
    expect(page.locator("#dataset-status")).to_have_text("Ready to analyse")
    assert_accessible(page)


def _run(page, assert_accessible, analysis_label, group=None):
    page.get_by_label(analysis_label).check()
    if group:
        page.get_by_label("Groups to compare").select_option(label=group)
    page.get_by_role("button", name="Run the analysis").click()
    expect(page.locator("#readings")).to_be_visible()
    assert_accessible(page)


def test_upload_analyse_attach_and_publish(page, sign_in_as, assert_accessible):
    sign_in_as(f"mei.chen{DEMO}")
    page.goto("/evidence/")
    expect(page.locator("h1")).to_contain_text("Evidence workspace")
    assert_accessible(page)

    # A failed upload keeps what was typed and says why.
    page.goto("/evidence/datasets/upload/")
    assert_accessible(page)
    page.get_by_label("Name of the dataset").fill("Nothing yet")
    page.get_by_role("button", name="Upload and check the columns").click()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_label("Name of the dataset")).to_have_value("Nothing yet")
    assert_accessible(page)

    # 1. A synthetic staff file: the workforce package maps ESR headers and codes.
    _upload(
        page,
        assert_accessible,
        name="Staff snapshot (browser)",
        kind_label="Workforce: Staff snapshot",
        filename="staff.csv",
        content=_staff_csv(),
        period="2025-26",
    )
    expect(page.get_by_label("Ethnicity (required)")).to_have_value("Ethnic Origin")
    # Labels no map knows are the analyst's to map; here they are unknown.
    page.evaluate(
        """() => document.querySelectorAll('select[name^="code_"]').forEach(s => {
            if (!s.value) { s.value = 'Unknown'; } })"""
    )
    _import(page, assert_accessible)
    _run(page, assert_accessible, "WRES indicators")
    expect(page.locator("main")).to_contain_text("WRES indicator 1")
    expect(page.locator("main")).to_contain_text("Analyst view")
    wres = Analysis.objects.get(kind="wres", dataset__name="Staff snapshot (browser)")

    # 2. A service file with a messy deprivation column and an unknown ethnicity label.
    _upload(
        page,
        assert_accessible,
        name="Flu uptake (browser)",
        kind_label="Programme uptake",
        filename="flu.csv",
        content=synthetic.uptake_csv(seed=3),
    )
    expect(page.locator("#quality-report")).to_contain_text(synthetic.MESSY_LABEL)
    page.get_by_label("Deprivation decile (1 = most deprived)").select_option("IMD Decile (2019)")
    page.get_by_label(f"\u201c{synthetic.MESSY_LABEL}\u201d", exact=True).select_option("Black")
    page.get_by_role("button", name="Save and check the quality").click()
    expect(page.locator("main")).to_contain_text("Mapping saved")
    expect(page.locator("#quality-report")).to_contain_text("Deprivation decile")
    expect(page.locator("#quality-report")).not_to_contain_text(synthetic.MESSY_LABEL)
    assert_accessible(page)
    _import(page, assert_accessible)
    page.get_by_role("button", name="Run the analysis").click()  # nothing chosen
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page)
    _run(page, assert_accessible, "Inequality by deprivation")
    expect(page.locator("#readings")).to_contain_text("slope index of inequality")
    expect(page.locator("figure svg title").first).to_contain_text("Taken up")
    access = Analysis.objects.get(kind="deprivation", dataset__name="Flu uptake (browser)")

    # Re-running needs the same file once the rows are gone; another file is refused.
    page.goto(f"/evidence/analyses/{access.pk}/rerun/")
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "flu.csv", "mimeType": "text/csv", "buffer": synthetic.uptake_csv(9)}],
    )
    page.get_by_role("button", name="Run again").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("not the file")
    assert_accessible(page)

    # 3. The analyst attaches both to EDS outcomes with the picker, and one to IDMF step 2.
    from django.urls import reverse

    from dueregard.eds.models import Assessment, Service
    from dueregard.idmf.models import Assessment as IdmfAssessment

    eds = Assessment.objects.get(organisation__ods_code="XRV02", period="2025-26")
    maternity = Service.objects.get(assessment=eds, name="Maternity")
    page.goto(f"/evidence/analyses/{access.pk}/")
    page.get_by_role("button", name="Attach to an EDS outcome").click()
    assert_accessible(page)
    page.get_by_role("button", name="Attach as evidence").click()  # nothing chosen
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page)
    page.get_by_label("Search assessments, outcomes and services").fill("1A Maternity")
    page.get_by_label("Year").select_option("2025-26")
    page.get_by_role("button", name="Find outcomes").click()
    expect(page.locator("main")).to_contain_text("outcome(s) match")
    assert_accessible(page)
    page.locator(f'input[value="{eds.pk}:1A:{maternity.pk}"]').check()
    page.get_by_label("May be published").check()
    page.get_by_role("button", name="Attach as evidence").click()
    expect(page.locator("main")).to_contain_text("Attached as evidence to the EDS outcome")

    page.goto(f"/evidence/analyses/{wres.pk}/attach/eds/?q=2A&year=2025-26")
    page.locator(f'input[value="{eds.pk}:2A"]').check()
    page.get_by_label("May be published").check()
    page.get_by_role("button", name="Attach as evidence").click()
    expect(page.locator("main")).to_contain_text("Attached as evidence to the EDS outcome")

    idmf = (
        IdmfAssessment.objects.filter(decision__organisation__ods_code="XRV02", signed_off_at=None)
        .select_related("decision")
        .first()
    )
    page.goto(f"/evidence/analyses/{access.pk}/")
    page.get_by_role("button", name="Attach to a decision (IDMF step 2)").click()
    page.get_by_label("Search decisions").fill(idmf.decision.title)
    page.get_by_role("button", name="Find decisions").click()
    assert_accessible(page)
    page.locator(f'input[value="{idmf.pk}"]').check()
    page.get_by_label("What this evidence shows for the decision (optional)").fill(
        "Uptake falls with deprivation"
    )
    page.get_by_role("button", name="Attach as evidence").click()
    expect(page.locator("main")).to_contain_text("Attached as evidence to step 2")
    page.screenshot(path="/tmp/ev/attached.png", full_page=True)

    # Both records show the figures, disclosure-controlled, to the EDI lead.
    sign_in_as(f"priya.shah{DEMO}")
    page.goto(f"/evidence/analyses/{access.pk}/")
    expect(page.locator("main")).to_contain_text("Disclosure-controlled")
    expect(page.locator("main")).to_contain_text("hidden: small number")
    assert_accessible(page)
    page.goto(f"/eds/{eds.pk}/outcomes/1A/?service={maternity.pk}")
    expect(page.locator("main")).to_contain_text("Figures computed")
    expect(page.locator("main")).to_contain_text("slope index of inequality")
    assert_accessible(page)
    page.goto(reverse("idmf:record", args=[idmf.pk]))
    expect(page.locator("main")).to_contain_text(f"Analysis: {access.title}")
    expect(page.locator("main")).to_contain_text("slope index of inequality")
    expect(page.locator("main")).to_contain_text("Uptake falls with deprivation")
    page.screenshot(path="/tmp/ev/idmf-record.png", full_page=True)
    assert_accessible(page)

    # 4. The report: current figures, small numbers suppressed.
    page.goto(f"/eds/{eds.pk}/report/")
    main = page.locator("main")
    expect(main).to_contain_text("Evidence for 1A")
    expect(main).to_contain_text("Evidence for 2A")
    expect(main).to_contain_text("small numbers suppressed")
    expect(main.locator("td", has_text=re.compile(r"^\*$")).first).to_be_visible()
    assert_accessible(page)


def test_demo_analyses_and_a_decision_step_2(page, sign_in_as, assert_accessible):
    """The demo's analyses (funnel, by ethnicity, WRES) render accessibly; the EDI lead
    attaches one to step 2 of a decision, where its figures show disclosure-controlled."""
    sign_in_as(f"mei.chen{DEMO}")
    for kind in ("funnel", "by-group", "wres"):
        analysis = Analysis.objects.filter(kind=kind).first()
        page.goto(f"/evidence/analyses/{analysis.pk}/")
        expect(page.locator("#readings li").first).to_be_visible()
        expect(page.locator("figure svg").first).to_be_visible()
        assert_accessible(page)
    # A failed import keeps nothing and says what failed where; a bad mapping is refused.
    _upload(
        page,
        assert_accessible,
        name="Bad file",
        kind_label="Programme uptake",
        filename="bad.csv",
        content=b"Ethnicity,Vaccinated,Eligible\nMartian,1,1\nWhite British,3,2\n",
    )
    page.get_by_label("Area").select_option("Ethnicity")
    page.get_by_role("button", name="Save and check the quality").click()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("more than one field")
    assert_accessible(page)
    page.get_by_label("Area").select_option("")
    page.get_by_role("button", name="Import the data").click()
    # A label no map knows is refused before the import, named.
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("“Martian”")
    assert_accessible(page)
    page.get_by_label("“Martian”", exact=True).select_option("Unknown")
    page.get_by_role("button", name="Import the data").click()
    expect(page.locator("#dataset-status")).to_have_text("Import failed")
    expect(page.locator("#import-errors")).to_contain_text("More than the denominator")
    assert_accessible(page)

    demo_dataset = Analysis.objects.get(kind="funnel").dataset
    page.goto(f"/evidence/datasets/{demo_dataset.pk}/")
    expect(page.locator("#dataset-status")).to_have_text("Ready to analyse")
    assert_accessible(page)

    by_ethnicity = Analysis.objects.get(kind="by-group")
    sign_in_as(f"priya.shah{DEMO}")
    page.goto(f"/evidence/analyses/{by_ethnicity.pk}/attach/decision/")
    assert_accessible(page)
    page.get_by_role("button", name="Attach as evidence").click()
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page)
    # The picker lists the decisions as radios (searchable above them).
    page.get_by_label("Digital-first outpatient booking (version 1)").check()
    page.get_by_label("What this evidence shows for the decision (optional)").fill(
        "Uptake is lower for Black and Asian patients."
    )
    page.get_by_role("button", name="Attach as evidence").click()
    expect(page.locator("main")).to_contain_text("Attached as evidence to step 2")
    page.get_by_role("link", name=re.compile("Digital-first outpatient booking, step 2")).click()
    main = page.locator("main")
    expect(main).to_contain_text("Analyses attached as evidence")
    expect(main).to_contain_text("Uptake is lower for Black and Asian patients.")
    expect(main).to_contain_text("Figures computed")
    assert_accessible(page)
