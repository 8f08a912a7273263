"""Who lives here in the browser: the demo's Census 2021 profile, loading the ONS TS021
file (a wrong file first), choosing the areas served; axe at 1280 and 320 px."""

import re
from pathlib import Path

from playwright.sync_api import expect

DEMO = "@demo.dueregard.test"
FIXTURE = Path(__file__).parent.parent / "population" / "census2021-ts021-ltla.csv"


def test_who_lives_here_from_the_census(page, sign_in_as, assert_accessible, tmp_path):
    sign_in_as(f"priya.shah{DEMO}")
    page.goto("/population/")
    expect(page.locator("#areas-served")).to_contain_text("Riverside (E06999901, 2021)")
    expect(page.locator("#total")).to_have_text("232,930")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Load an ONS Census file").click()
    wrong = tmp_path / "not-census.csv"
    wrong.write_text("name,count\nRiverside,3\n")
    page.locator("input[type=file]").set_input_files(str(wrong))
    page.get_by_role("button", name="Load the file").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("not an ONS TS021")
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(str(FIXTURE))
    page.get_by_role("button", name="Load the file").click()
    expect(page.locator("main")).to_contain_text("Loaded 2 areas.")

    page.get_by_role("button", name="Choose the areas you serve").click()
    page.get_by_label("Riverside (E06999901)").uncheck()
    page.get_by_role("button", name="Save the areas").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose at least one area")
    assert_accessible(page)
    page.get_by_label("Hartlepool (E06000001)").check()
    page.get_by_role("button", name="Save the areas").click()
    expect(page.locator("#areas-served")).to_contain_text("Hartlepool")
    expect(page.locator("#total")).to_have_text("3,070")
    expect(page.locator("#share-asian")).to_have_text("4.9%")
    assert_accessible(page)
