"""Who our programmes reach, on the demo: the overview, a workshop's reach table with
suppressed cells, and the WRES indicator 4 view (with an error, then likelihoods); axe at
1280 and 320 px."""

from playwright.sync_api import expect

from dueregard.reach.demo import WORKSHOP

DEMO = "@demo.dueregard.test"


def _both_widths(page, assert_accessible):
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_overview_workshop_table_and_wres4(page, sign_in_as, assert_accessible):
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto("/reach/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Who our programmes reach")
    expect(
        page.get_by_role("heading", name="Workshops and network development days")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Awards")).to_be_visible()
    _both_widths(page, assert_accessible)

    page.get_by_role("link", name=WORKSHOP).click()
    table = page.locator("table")
    expect(table).to_contain_text("Booked and attended by shared characteristic")
    expect(table.locator("td", has_text="*").first).to_be_visible()
    expect(table.get_by_role("row", name="Ethnic minority group")).to_contain_text("20")
    _both_widths(page, assert_accessible)

    page.goto("/reach/")
    page.get_by_role(
        "link", name="Access to non-mandatory training and development (WRES indicator 4)"
    ).click()
    page.get_by_label("White staff in post").fill("many")
    page.get_by_role("button", name="Work out the likelihoods").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the number of White staff in post as a whole number, like 1200"
    )
    _both_widths(page, assert_accessible)

    page.get_by_label("White staff in post").fill("4000")
    page.get_by_label("BME staff in post").fill("1500")
    page.get_by_role("button", name="Work out the likelihoods").click()
    together = page.get_by_role("row", name="All the programmes together")
    expect(together).to_contain_text(" to ")
    expect(together).to_contain_text("0.80 to 1.25")
    expect(page.locator("table")).to_contain_text("does not ask for the ethnic group")
    _both_widths(page, assert_accessible)
