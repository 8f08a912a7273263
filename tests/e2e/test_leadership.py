"""Leadership and the community in the browser: the demo's three years of staff snapshots
against the Census fixture (residents aged 16 to 64), suppression on the board, the BLFI
objectives (pick a measure, see its trend, a wrong target first), and "who lives here" on
IDMF step 2; axe at 1280 and 320 px."""

import re

from playwright.sync_api import expect

from dueregard.idmf.models import Decision

DEMO = "@demo.dueregard.test"


def _both_widths(page, assert_accessible):
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, f"{page.url} scrolls sideways at 320 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_dashboard_on_the_demo(page, sign_in_as, assert_accessible):
    sign_in_as(f"helen.moore{DEMO}")
    page.goto("/leadership/")
    expect(page.locator("h1")).to_contain_text("Leadership and the community")
    # The demo loads the ethnic group by age table for every area served: working age.
    expect(page.locator("#population-share")).to_contain_text("aged 16 to 64")
    expect(page.locator("#population-share")).to_contain_text("%")
    expect(page.locator("#comparison-note")).to_contain_text("usual residents aged 16 to 64")
    expect(page.locator("#areas-served")).to_contain_text("Riverside (E06999901)")
    # The board is small: its ethnic minority count and share are suppressed.
    board = page.locator("#level-board")
    expect(board.locator("td").first).to_have_text("*")
    expect(page.locator("#level-bands_8a_9")).to_contain_text("% to ")
    trend = page.locator("#trend tbody tr")
    expect(trend).to_have_count(3)
    expect(page.locator("#trend")).to_contain_text("2023-24")
    expect(page.locator("#trend")).to_contain_text("2025-26")
    expect(page.locator("svg.dr-chart")).to_be_visible()
    page.screenshot(path="/tmp/leadership-1280.png", full_page=True)
    _both_widths(page, assert_accessible)
    page.set_viewport_size({"width": 320, "height": 800})
    page.screenshot(path="/tmp/leadership-320.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Characteristic").select_option("disability")
    page.get_by_label("Reporting year").select_option("2024-25")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#year-heading")).to_have_text("Disability, 2024-25")
    expect(page.locator("main")).to_contain_text("against all staff only")
    _both_widths(page, assert_accessible)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "leadership-and-community.csv"


def test_objectives_pick_a_measure_and_see_its_trend(page, sign_in_as, assert_accessible):
    sign_in_as(f"priya.shah{DEMO}")
    page.goto("/leadership/objectives/")
    expect(page.locator("h1")).to_contain_text("Riverside University Hospitals")
    expect(page.locator("#objective-aspiration")).to_be_visible()
    _both_widths(page, assert_accessible)
    page.get_by_label("Raise aspiration on inclusion").check()
    page.get_by_label("Measure").select_option("disabled_8a_9")
    page.get_by_label("Target", exact=True).fill("150")
    page.get_by_label("Target year").fill("2030")
    page.get_by_role("button", name="Add the measure").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter a target from 0 to 100")
    _both_widths(page, assert_accessible)
    page.get_by_label("Target", exact=True).fill("12.5")
    page.get_by_label("Target year").fill("2030-31")
    page.get_by_role("button", name="Add the measure").click()
    expect(page.locator("main")).to_contain_text("The measure is added.")
    trend = page.locator("#trend-disabled_8a_9-aspiration")
    expect(trend.locator("tbody tr")).to_have_count(3)
    expect(trend).to_contain_text("2023-24")
    expect(page.locator("main")).to_contain_text("Target: 12.5%")
    _both_widths(page, assert_accessible)
    page.screenshot(path="/tmp/leadership-objectives.png", full_page=True)


def test_idmf_step_two_shows_who_lives_here(page, sign_in_as, assert_accessible):
    sign_in_as(f"priya.shah{DEMO}")
    decision = Decision.objects.get(title="Digital-first outpatient booking")
    page.goto(f"/decisions/{decision.pk}/steps/evidence/")
    expect(page.locator("#who-lives-here")).to_have_text("Who lives here")
    expect(page.locator("main")).to_contain_text("Riverside (E06999901)")
    expect(page.locator("main")).to_contain_text("232,930")
    _both_widths(page, assert_accessible)
    page.get_by_role("link", name="See every ethnic group of the areas served").click()
    expect(page.locator("h1")).to_contain_text("Who lives here")
