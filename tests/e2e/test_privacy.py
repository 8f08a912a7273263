"""Issue 23: the personal-data tools in the browser, as the demo's system administrator:
the record of processing and DPIA starter, then find a person, export, correct (an error
first) and erase (refused without the confirmation first). Axe at 1280 and 320 px."""

from pathlib import Path

from playwright.sync_api import expect

DEMO = "@demo.dueregard.test"


def _both_widths(page, assert_accessible):
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_record_dpia_and_subject_rights(page, sign_in_as, assert_accessible):
    sign_in_as(f"sam.admin{DEMO}")
    page.goto("/personal-data/")
    expect(page.locator("h1")).to_contain_text("Personal data")
    expect(page.get_by_role("region", name="What the app holds about people")).to_be_visible()
    _both_widths(page, assert_accessible)
    with page.expect_download() as dpia:
        page.get_by_role("link", name="Download a DPIA starter (Markdown)").click()
    text = Path(dpia.value.path()).read_text(encoding="utf-8")
    assert "Data protection impact assessment" in text and "access_needs" in text

    page.get_by_label("E-mail address or name").fill("ja")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("at least 3 characters")
    _both_widths(page, assert_accessible)
    page.get_by_label("E-mail address or name").fill(f"jamie.lee{DEMO}")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Jamie Lee").click()
    expect(page.locator("h1")).to_contain_text("Jamie Lee")
    _both_widths(page, assert_accessible)
    with page.expect_download() as exported:
        page.get_by_role("link", name="Download as JSON").click()
    assert f"jamie.lee{DEMO}" in Path(exported.value.path()).read_text(encoding="utf-8")

    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the person's full name")
    _both_widths(page, assert_accessible)
    page.get_by_label("Full name").fill("Jamie Lee-Smith")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator("h1")).to_contain_text("Jamie Lee-Smith")

    page.get_by_role("button", name="Erase this person").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Confirm that erasure")
    _both_widths(page, assert_accessible)
    page.get_by_label("I have checked that the law allows erasure").check()
    page.get_by_role("button", name="Erase this person").click()
    expect(page.locator("h1")).to_contain_text("Find a person")
    expect(page.get_by_text("anonymised")).to_be_visible()
    _both_widths(page, assert_accessible)
