"""The EDS cycle in the browser, as the demo people would do it, with axe on every page."""

import io
import os
import re
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from dueregard.eds.models import Assessment, Service, Stage
from dueregard.eds.services import assessments, evidence, grading

DEMO = "@demo.dueregard.test"


SHOTS = Path(os.environ.get("EDS_SCREENSHOTS", "/tmp/eds-screenshots"))


def _shot(page, name):
    """Screenshots to look at (not assertions): the pages as each person sees them."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _complete_the_rest(assessment):
    """Evidence and grades the panel gave at its meeting, and the grades the chair then
    recorded as agreed, for every outcome not done in the browser (the browser covers
    outcome 1A; a person would repeat the same forms)."""
    from dueregard.core.models import User

    lead = User.objects.get(email=f"priya.shah{DEMO}")
    members = [
        User.objects.get(email=f"grace.okafor{DEMO}"),
        User.objects.get(email=f"ravi.patel{DEMO}"),
    ]
    framework = assessments.framework_of(assessment)
    services = list(Service.objects.filter(assessment=assessment))
    for goal in framework.goals:
        for outcome in goal.outcomes:
            for service in services if goal.per_service else [None]:
                if outcome.code == "1A":
                    continue
                evidence.add(
                    assessment,
                    lead,
                    outcome_code=outcome.code,
                    kind="text",
                    title=f"{outcome.code} data",
                    text="Figures by group.",
                    characteristics=["age", "race"],
                    service=service,
                )
                for source in ("organisation", "panel_agreed"):
                    grading.record(
                        assessment,
                        lead,
                        outcome_code=outcome.code,
                        source=source,
                        grade_code="achieving",
                        reasons={"summary": "Figures by group."},
                        service=service,
                    )
                for m in members:
                    grading.record(
                        assessment,
                        m,
                        outcome_code=outcome.code,
                        source="panel_member",
                        grade_code="achieving",
                        reasons={"summary": "Figures by group."},
                        service=service,
                        grader=m,
                        represents=f"{m.full_name}'s group",
                    )


def test_eds_2022_cycle(page, sign_in_as, assert_accessible, live_server):
    # The EDI lead starts an assessment; a mistake first, then right.
    sign_in_as(f"priya.shah{DEMO}")
    page.goto("/eds/")
    assert_accessible(page)
    page.get_by_role("button", name="Start an assessment").click()
    assert_accessible(page)
    page.get_by_role("button", name="Create the assessment").click()
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page)
    page.get_by_label("Equality Delivery System 2022 (version 1)").check()
    page.get_by_label("Title").fill("EDS 2022")
    page.get_by_label("Period").fill("2026-27")
    page.get_by_label("Agreed by the panel in discussion, entered by the chair").check()
    page.get_by_role("button", name="Create the assessment").click()
    page.wait_for_url(re.compile(r"/eds/\d+/$"))
    assert_accessible(page)
    pk = int(re.search(r"/eds/(\d+)/", page.url).group(1))

    # Panel members do not see the assessment while it is a draft.
    sign_in_as(f"grace.okafor{DEMO}")
    assert page.goto(f"/eds/{pk}/").status == 404
    sign_in_as(f"priya.shah{DEMO}")

    for name in ("Maternity", "Diabetes", "Community mental health"):
        page.goto(f"/eds/{pk}/services/new/")
        page.get_by_label("Service name").fill(name)
        page.get_by_role("button", name="Add the service").click()
        expect(page.locator("main")).to_contain_text(f"Service \u201c{name}\u201d added.")
    page.get_by_label("Move to stage").select_option("grading")
    page.get_by_role("button", name="Change stage").click()
    expect(page.locator("main")).to_contain_text("Stage changed to Grading")

    # Evidence for outcome 1A in each of the three services; an error state first.
    services = list(Service.objects.filter(assessment_id=pk).order_by("name"))
    page.goto(f"/eds/{pk}/outcomes/1A/")
    assert_accessible(page)
    page.locator("summary", has_text="Add evidence").click()
    page.get_by_role("button", name="Add the evidence").click()
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page)
    for service in services:
        page.goto(f"/eds/{pk}/outcomes/1A/?service={service.pk}")
        page.locator("summary", has_text="Add evidence").click()
        page.get_by_role("radio", name="Written evidence").check()
        page.get_by_label("Title").fill(f"Access audit – {service.name}")
        page.get_by_label("Evidence (for written evidence)").fill(
            "Access by ethnicity, age and deprivation."
        )
        page.get_by_label("Service", exact=True).select_option(str(service.pk))
        page.get_by_label("Age", exact=True).check()
        page.get_by_label("Race", exact=True).check()
        page.get_by_label("This evidence may be published with the report").check()
        page.get_by_role("button", name="Add the evidence").click()
        expect(page.locator("main")).to_contain_text(f"Access audit – {service.name}")
        # The organisation proposes Achieving.
        page.get_by_label("The organisation's proposed grade").check()
        page.get_by_label("Achieving (2)").check()
        page.get_by_label("Reasons for this grade").fill("Most groups have good access.")
        page.get_by_role("button", name="Save the grade").click()
        expect(page.locator("main")).to_contain_text("Grade for outcome 1A saved.")
    page.goto(f"/eds/{pk}/outcomes/1A/?service={services[0].pk}")
    # No lead yet: the lead form is open.
    page.get_by_label("Lead's name", exact=True).fill("Amara Jones")
    page.get_by_label("Lead's role").fill("Chief Nurse")
    page.get_by_role("button", name="Save the lead contact").click()
    expect(page.locator("main")).to_contain_text("Lead contact for outcome 1A saved.")
    page.goto(f"/eds/{pk}/coverage/")
    assert_accessible(page)

    # Two panel members grade 1A blind: no other grade anywhere before their own.
    for email in (f"grace.okafor{DEMO}", f"ravi.patel{DEMO}"):
        sign_in_as(email)
        for path in (f"/eds/{pk}/", f"/eds/{pk}/report/", f"/eds/{pk}/checks/"):
            page.goto(path)
            assert_accessible(page)
            # Last year's published grades are public; this year's stay hidden.
            assert "Most groups have good access." not in page.content(), path
        _shot(page, f"panel-{email.split('.')[0]}-checks")
        for service in services:
            page.goto(f"/eds/{pk}/outcomes/1A/?service={service.pk}")
            assert "Most groups have good access." not in page.content()
            expect(page.locator("main")).to_contain_text("Give your own grade first")
            assert_accessible(page)
            if service == services[0]:
                _shot(page, f"panel-{email.split('.')[0]}-before")
            page.get_by_label("Developing (1)").check()
            page.get_by_label("Reasons for this grade").fill("Only some groups were covered.")
            page.get_by_label("Organisation you represent").fill("Riverside Healthwatch")
            page.get_by_role("button", name="Save the grade").click()
            expect(page.locator("main")).to_contain_text("Most groups have good access.")
            expect(page.locator("main")).to_contain_text("No agreed grade yet")
        _shot(page, f"panel-{email.split('.')[0]}-after")
        assert_accessible(page)

    # Grace changes her mind after the discussion: a new version, with its reason.
    sign_in_as(f"grace.okafor{DEMO}")
    page.goto(f"/eds/{pk}/outcomes/1A/?service={services[0].pk}")
    page.get_by_label("Undeveloped (0)").check()
    page.get_by_role("button", name="Save the grade").click()
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page)
    page.get_by_label("Why are you changing this grade?").fill(
        "The carers' forum told us access is worse than the data showed."
    )
    page.get_by_role("button", name="Save the grade").click()
    expect(page.locator("main")).to_contain_text("Changed after discussion")

    # The chair records the grade the panel agreed, service by service.
    sign_in_as(f"priya.shah{DEMO}")
    page.goto(f"/eds/{pk}/")
    page.get_by_label("Move to stage").select_option("agreement")
    page.get_by_role("button", name="Change stage").click()
    expect(page.locator("main")).to_contain_text("Stage changed to Agreeing grades")
    page.goto(f"/eds/{pk}/checks/")
    expect(page.locator("main")).to_contain_text("no agreed grade yet")
    for service in services:
        page.goto(f"/eds/{pk}/outcomes/1A/?service={service.pk}")
        page.get_by_label("The grade the panel agreed in discussion (entered by the chair)").check()
        page.get_by_label("Developing (1)").check()
        page.get_by_label("Reasons for this grade").fill(
            "Access is good for most groups but not for carers; the panel agreed Developing."
        )
        page.get_by_label("These reasons may be published with the report", exact=False).check()
        page.get_by_role("button", name="Save the grade").click()
        expect(page.locator("main")).to_contain_text("Grade for outcome 1A saved.")
    expect(page.locator("main")).to_contain_text("Agreed grade: Developing (1)")
    assert_accessible(page)
    _shot(page, "chair-outcome")

    assessment = Assessment.objects.get(pk=pk)
    _complete_the_rest(assessment)
    page.goto(f"/eds/{pk}/checks/")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("No problems found")

    # The board member signs off; the EDI lead publishes.
    sign_in_as(f"helen.moore{DEMO}")
    page.goto(f"/eds/{pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign off the agreed grades").click()
    expect(page.locator("main")).to_contain_text("Signed off")
    sign_in_as(f"priya.shah{DEMO}")
    page.goto(f"/eds/{pk}/")
    page.get_by_role("button", name="Publish the report").click()
    expect(page.locator("main")).to_contain_text("Published. The public page is live.")
    assessment.refresh_from_db()
    assert assessment.stage == Stage.PUBLISHED

    # The public page (no sign-in): narrative, reasons, disagreements, year-on-year.
    page.context.clear_cookies()
    page.goto(f"/eds/published/{assessment.public_slug}/")
    assert_accessible(page)
    _shot(page, "public-report")
    body = page.locator("main").inner_text()
    # Domain 1: 1A Developing (1) + 1B-1D Achieving (2) = 7 per service; median 7.
    # Domains 2 and 3: 7 outcomes x 2 = 14. Total 21: Developing (8 to 21).
    assert "Domain 1 score: 7" in body
    assert "Total score 21 of 33: Developing." in body
    assert "Access by ethnicity, age and deprivation." in body  # narrative
    assert "the panel agreed Developing" in body  # reasons
    assert "Lead contact: Chief Nurse" in body and "Amara Jones" not in body
    assert body.count("the local interests' view prevails") == 1  # disagreements, once
    assert "Grades changed after discussion" in body and "carers' forum" in body
    assert "Year-on-year comparison" in body and "2024-25" in body
    pdf = page.request.get(
        f"{live_server.url}/eds/published/{assessment.public_slug}/download.pdf"
    ).body()
    pdf_text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "Total score 21 of 33: Developing." in pdf_text
    assert pdf_text.count("the local interests' view prevails") == 1
    for fmt in ("docx", "csv", "json"):
        response = page.request.get(
            f"{live_server.url}/eds/published/{assessment.public_slug}/download.{fmt}"
        )
        assert response.status == 200 and len(response.body()) > 100


def _choose_report(page, path):
    page.goto("/eds/import/")
    page.get_by_label("Equality Delivery System for the NHS (2011) (version 1)").check()
    page.get_by_label("Period").fill("2011-12")
    # The NHS.UK file upload component draws its own button over the input.
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Read the report").click()


def _at_both_widths(page, assert_accessible, name):
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        _shot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def _import_in_the_background(page, assert_accessible, seed, tmp_path):
    """Issue 23: the report is read by a background job; the page says it is queued while
    no worker runs, says why a file was refused, then shows the stored review."""
    import datetime as dt

    from django.test import override_settings
    from django.utils import timezone

    from dueregard.background.models import BackgroundJob
    from dueregard.eds.models import ReportImport
    from dueregard.eds.services import import_jobs

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    _choose_report(page, scan)  # read at once (the immediate backend of the tests)
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator("main")).to_contain_text("The report was refused")
    _at_both_widths(page, assert_accessible, "import-refused")
    if not seed.exists():
        return
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        _choose_report(page, seed)
    expect(page.locator("main")).to_contain_text("Queued, waiting for a worker")
    _at_both_widths(page, assert_accessible, "import-queued")
    # A worker takes the job and is killed: its heartbeat stops; the page says so.
    beat = timezone.now() - dt.timedelta(minutes=10)
    BackgroundJob.objects.filter(
        kind=import_jobs.KIND, object_id=ReportImport.objects.latest("pk").pk
    ).update(status=BackgroundJob.Status.RUNNING, started_at=beat, heartbeat_at=beat)
    page.get_by_role("link", name="Check progress").click()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator("main")).to_contain_text("The background worker doing this stopped")
    _at_both_widths(page, assert_accessible, "import-worker-died")
    page.get_by_role("button", name="Read the report again").click()  # read at once
    expect(page.locator("main")).to_contain_text("18 of 18 outcomes have a recognised grade")
    assert_accessible(page)


def test_import_and_other_eds_pages_are_accessible(page, sign_in_as, assert_accessible, tmp_path):
    from pathlib import Path

    seed = (
        Path(__file__).resolve().parents[3]
        / "shared"
        / "seeds"
        / "eds-2012-report-leicestershire-partnership.txt"
    )
    sign_in_as(f"priya.shah{DEMO}")
    page.goto("/eds/import/")
    assert_accessible(page)
    page.get_by_role("button", name="Read the report").click()
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page)
    _import_in_the_background(page, assert_accessible, seed, tmp_path)
    assessment = Assessment.objects.filter(
        organisation__ods_code="XRV02", stage=Stage.PUBLISHED
    ).first()
    for path in (
        "/eds/objectives/",
        f"/eds/{assessment.pk}/plan/",
        f"/eds/{assessment.pk}/report/",
        f"/eds/{assessment.pk}/coverage/",
        f"/eds/{assessment.pk}/outcomes/2A/",
    ):
        page.goto(path)
        assert_accessible(page)
    page.goto("/eds/objectives/")
    page.get_by_role("button", name="Add the objective").click()
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page)
    # The system view, as the system administrator: the grid, filtered, and its CSV.
    sign_in_as(f"sam.admin{DEMO}")
    page.goto("/eds/system/")
    assert_accessible(page)
    _shot(page, "system-view")
    assert "Riverside University Hospitals NHS Trust 2024-25" in page.content()
    page.get_by_label("Stage").select_option("published")
    page.get_by_role("button", name="Filter").click()
    assert_accessible(page)
    main = page.locator("main").inner_text()
    assert "2024-25" in main and "2025-26" not in main
    csv = page.request.get(page.url.replace("/eds/system/", "/eds/system/grades.csv")).text()
    assert "Riverside University Hospitals NHS Trust" in csv and "2025-26" not in csv
    # Organisations with no assessment are listed as not started, at both widths.
    page.get_by_label("Stage").select_option("not_started")
    page.get_by_role("button", name="Filter").click()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    _shot(page, "system-view-not-started-320")
    page.set_viewport_size({"width": 1280, "height": 900})
    main = page.locator("main").inner_text()
    assert "Vale County Council" in main and "Not started" in main
    assert "2024-25" not in main
