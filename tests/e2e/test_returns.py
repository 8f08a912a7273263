"""WRES in the browser: the analyst uploads the year's staff (with ESR occupation codes,
no clinical flag), recruitment, formal cases and training files in the evidence workspace
and runs the WRES pack on them; the EDI lead takes the year from the survey summary and the
board register, links that pack, to a board-approved published report with indicators 1–4
from the uploaded files and trends over two years; the system view shows the demo trusts on
a funnel and the late returns. axe (WCAG 2.2 AA) at 1280 and 320 px on every page and its
error states."""

import io
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.csv as pacsv
from playwright.sync_api import expect

from dueregard.analytics.synth.workforce import generate
from dueregard.evidence.models import Analysis

DEMO = "@demo.dueregard.test"
LEAD = f"priya.shah{DEMO}"
ANALYST = f"mei.chen{DEMO}"
ADMIN = f"sam.admin{DEMO}"
FIXTURE = (
    Path(__file__).resolve().parent.parent
    / "analytics/workforce/fixtures/wres-survey-benchmark.csv"
)
UPLOADS = (
    ("staff", "Browser staff 2025-26", "Workforce: Staff snapshot"),
    ("recruitment", "Browser recruitment 2025-26", "Workforce: Recruitment"),
    ("cases", "Browser cases 2025-26", "Workforce: Formal disciplinary"),
    ("training", "Browser training 2025-26", "Workforce: Non-mandatory training"),
)


def both_widths(page, check):
    check(page)
    page.set_viewport_size({"width": 320, "height": 800})
    check(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def _csv(table) -> bytes:
    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer)
    return buffer.getvalue()


def _files() -> dict[str, bytes]:
    """The synthetic year, the staff file as ESR gives it: occupation codes, no flag."""
    files = generate(staff=600, seed=11, period="2025-26")
    staff = files["staff"]
    admin = pc.match_substring_regex(staff["Staff Group"], "(?i)admin|estates")
    codes = pc.if_else(admin, "G0A", "N1B")
    staff = staff.drop_columns(["Staff Group"]).append_column("Occupation Code", codes)
    return {
        "staff": _csv(staff),
        **{k: _csv(files[k]) for k in ("recruitment", "cases", "training")},
    }


def _upload_and_import(page, assert_accessible, kind, name, kind_label, content):
    page.goto("/evidence/datasets/upload/")
    if kind == "staff":
        both_widths(page, assert_accessible)
    page.get_by_label("Name of the dataset").fill(name)
    page.get_by_label(kind_label).check()
    page.get_by_label("Reporting year (workforce files)").fill("2025-26")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": f"{kind}.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Upload and check the columns").click()
    expect(page.locator("h1")).to_contain_text("Map the columns")
    if kind == "staff":
        # No clinical flag: the occupation code is found, and clinical derived from it.
        expect(page.get_by_label("Occupation code", exact=True)).to_have_value("Occupation Code")
        expect(page.get_by_label("Clinical", exact=True)).to_have_value("")
        both_widths(page, assert_accessible)
    # The synthetic files hold labels no map knows; the analyst calls them unknown.
    page.evaluate(
        """() => document.querySelectorAll('select[name^="code_"]').forEach(s => {
            if (!s.value) { s.value = 'Unknown'; } })"""
    )
    page.get_by_role("button", name="Import the data").click()
    expect(page.locator("#dataset-status")).to_have_text("Ready to analyse")
    if kind == "staff":
        both_widths(page, assert_accessible)


def _analyst_runs_the_wres_pack(page, sign_in_as, assert_accessible) -> Analysis:
    sign_in_as(ANALYST)
    for (kind, name, label), content in zip(UPLOADS, _files().values(), strict=True):
        _upload_and_import(page, assert_accessible, kind, name, label, content)
    page.goto("/evidence/")
    page.get_by_role("link", name=UPLOADS[0][1]).first.click()
    page.get_by_label("WRES indicators").check()
    for _kind, name, _label in UPLOADS[1:]:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Run the analysis").click()
    expect(page.locator("#readings")).to_be_visible()
    expect(page.locator("main")).to_contain_text("WRES 4")
    both_widths(page, assert_accessible)
    return Analysis.objects.get(kind="wres", dataset__name=UPLOADS[0][1])


def test_edi_lead_takes_a_wres_year_to_publication(page, sign_in_as, assert_accessible):
    pack = _analyst_runs_the_wres_pack(page, sign_in_as, assert_accessible)
    assert pack.status == Analysis.Status.READY, pack.error
    sign_in_as(LEAD)
    page.get_by_role("link", name="WRES and WDES", exact=True).first.click()
    expect(page.locator("h1")).to_contain_text("WRES and WDES returns")
    page.get_by_role("button", name="Start the year").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose WRES or WDES")
    both_widths(page, assert_accessible)
    page.get_by_label("Workforce Race Equality Standard (WRES)").check()
    page.get_by_label("Data year").fill("2026")
    page.get_by_role("button", name="Start the year").click()
    expect(page.locator("h1")).to_contain_text("WRES 2026")
    expect(page.locator("dl").first).to_contain_text("31 October 2026")
    both_widths(page, assert_accessible)

    # The survey summary: an empty submit, then the benchmark-layout file.
    page.get_by_role("link", name="Upload the Staff Survey summary").click()
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the summary file")
    both_widths(page, assert_accessible)
    page.locator("input[type=file]").set_input_files(str(FIXTURE))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("16 survey figures loaded.")).to_be_visible()

    # The board register: an error, then four seats.
    page.get_by_role("link", name="Enter the board register").click()
    page.get_by_role("button", name="Add the seat").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the role on the board")
    both_widths(page, assert_accessible)
    seats = (
        ("Chair", True, False, "White"),
        ("Chief executive", True, True, "BME"),
        ("Chief nurse", True, True, "White"),
        ("Director of people", False, True, "BME"),
    )
    for role, voting, executive, group in seats:
        page.get_by_label("Role on the board").fill(role)
        if voting:
            page.get_by_label("Voting member").check()
        if executive:
            page.get_by_label("Executive member").check()
        page.get_by_label(group, exact=True).check()
        page.get_by_role("button", name="Add the seat").click()
    expect(page.locator("table")).to_contain_text("Director of people")
    both_widths(page, assert_accessible)
    page.get_by_role("link", name="Back to the return").click()

    # Checking too early lists what is missing; then link the evidence packs.
    page.get_by_role("button", name="Check the data is complete").click()
    expect(page.locator("body")).to_contain_text("Link the WRES analysis")
    page.get_by_role(
        "link", name="Link the workforce analysis (staff, recruitment, cases, training)"
    ).click()
    page.get_by_role("button", name="Link the analyses").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose at least one analysis")
    both_widths(page, assert_accessible)
    page.locator(f"input[type=checkbox][value='{pack.pk}']").check()
    page.get_by_role("button", name="Link the analyses").click()
    page.get_by_role("button", name="Check the data is complete").click()
    expect(page.locator("dl").first).to_contain_text("Data checked")

    # A narrative per indicator (one empty submit first) and an action.
    page.get_by_role("link", name="Indicator 1 narrative").click()
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the narrative")
    both_widths(page, assert_accessible)
    page.get_by_role("link", name="Back to the return").click()
    for code in range(1, 10):
        page.get_by_role("link", name=f"Indicator {code} narrative").click()
        text = f"What indicator {code} shows, and what we will do."
        if code == 5:  # a small number of people: warned about before publication (#14)
            text = "Only 4 BME staff reported harassment to a manager."
        page.get_by_label("Narrative").fill(text)
        page.get_by_role("button", name="Save the narrative").click()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_role("button", name="Add the action").click()
    both_widths(page, assert_accessible)
    page.get_by_label("Indicator").select_option("8")
    page.get_by_label("Action").fill("Bystander training for managers")
    page.get_by_label("Owner").fill("Director of people")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Add the action").click()
    # Last year's open action is carried onto this year's plan.
    expect(page.locator("table").first).to_contain_text("Diverse shortlisting")

    # The board's approval: a future date is refused, then recorded; then publish.
    page.get_by_role("link", name="Record the board's approval").click()
    page.get_by_label("Approved by (board or committee)").fill("Trust board")
    page.get_by_label("Who signed it off").fill("Chair of the board")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Record the approval").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("today or in the past")
    both_widths(page, assert_accessible)
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Month").fill("11")
    page.get_by_role("button", name="Record the approval").click()
    page.get_by_role("button", name="Publish the report").click()
    expect(page.locator("main")).to_contain_text("The narrative for indicator 5 says “4 BME staff”")
    expect(page.get_by_text("The report is published.")).to_have_count(0)
    both_widths(page, assert_accessible)
    page.get_by_role("button", name="Publish the report").click()  # checked: publish
    expect(page.get_by_text("The report is published.")).to_be_visible()
    both_widths(page, assert_accessible)

    # The published page: every indicator, trends over 2025 and 2026, the plan.
    page.locator("dl a").first.click()
    body = page.locator("main")
    # Indicators 1-4 from the uploaded files: WRES 1 split clinical/non-clinical by the
    # occupation codes, and the recruitment, cases and training likelihoods.
    for heading in (
        "WRES indicator 1: staff in each pay band",
        "WRES 2: relative",
        "WRES 3: relative",
        "WRES 4: relative",
    ):
        expect(body).to_contain_text(heading)
    expect(body).to_contain_text("Non-clinical")
    expect(body).not_to_contain_text("No figures: no linked evidence analysis")
    expect(body).to_contain_text("Indicator 9: Percentage difference")
    expect(body).to_contain_text("Survey indicators over the years")
    expect(body).to_contain_text("Bystander training for managers")
    expect(body).to_contain_text("Trust board, Chair of the board")
    expect(page.get_by_role("link", name="Download as PDF")).to_be_visible()
    both_widths(page, assert_accessible)


def test_system_view_shows_the_demo_trusts_and_late_returns(page, sign_in_as, assert_accessible):
    sign_in_as(ADMIN)
    page.goto("/returns/system/")
    expect(page.locator("h1")).to_contain_text("WRES and WDES across the system")
    main = page.locator("main")
    expect(main).to_contain_text("Riverside and Vale Integrated Care Board")
    expect(main).to_contain_text("Vale Community and Mental Health NHS Trust")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    # 2026: the ICB is still collecting and Riverside has not started, both past 31 October.
    late = page.get_by_role(
        "region", name="Organisations past the publication deadline without a published report"
    )
    expect(late).to_contain_text("Riverside University Hospitals NHS Trust")
    expect(late).to_contain_text("Collecting data")
    both_widths(page, assert_accessible)


def test_gender_pay_gap_page_is_accessible(page, sign_in_as, assert_accessible):
    sign_in_as(LEAD)
    page.goto("/returns/")
    page.get_by_role("link", name="Gender pay gap: the figures for the GOV.UK service").click()
    expect(page.locator("h1")).to_contain_text("Gender pay gap: the GOV.UK figures")
    both_widths(page, assert_accessible)
