"""Every foundation page passes axe (WCAG 2.2 AA), error states included."""

import re

import pytest
from playwright.sync_api import expect

DEMO = "@demo.dueregard.test"

PUBLIC_PAGES = [
    "/",
    "/sign-in/",
    "/password-reset/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/language/",
    "/demo/",
    "/no-such-page/",
    "/invitations/not-a-real-token/",
    "/password-reset/MQ/bad-token/",
]

SIGNED_IN_PAGES = {
    f"priya.shah{DEMO}": [
        "/",
        "/members/",
        "/members/invite/",
        "/audit/",
        "/organisation/",
        "/sign-out/",
    ],
    f"sam.admin{DEMO}": ["/", "/system/", "/members/", "/audit/"],
    f"jamie.lee{DEMO}": ["/", "/members/"],  # the second is the 403 page
    f"grace.okafor{DEMO}": ["/"],
}


def test_public_pages_are_accessible(page, assert_accessible):
    for path in PUBLIC_PAGES:
        page.goto(path)
        assert_accessible(page)


@pytest.mark.parametrize("email", sorted(SIGNED_IN_PAGES))
def test_signed_in_pages_are_accessible(email, page, sign_in_as, assert_accessible):
    sign_in_as(email)
    for path in SIGNED_IN_PAGES[email]:
        page.goto(path)
        assert_accessible(page)


def test_failed_sign_in_shows_a_linked_error_summary(page, assert_accessible):
    page.goto("/sign-in/")
    page.get_by_label("E-mail address").fill("not an email")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    assert "Enter an e-mail address in the correct format" in summary.inner_text()
    assert_accessible(page)
    # The summary's link takes keyboard users to the field.
    summary.get_by_role("link", name=re.compile("Enter your password")).click()
    assert page.evaluate("document.activeElement.id") == "id_password"


def test_failed_forms_are_accessible(page, sign_in_as, assert_accessible):
    page.goto("/password-reset/")
    page.get_by_role("button", name="Send the reset link").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    sign_in_as(f"priya.shah{DEMO}")
    page.goto("/members/invite/")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.goto("/audit/?date_from=2026-12-01&date_to=2026-01-01")
    assert_accessible(page)


def test_keyboard_only_sign_in(page):
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.keyboard.press("Enter")
    page.locator("#id_email").focus()
    page.keyboard.type(f"priya.shah{DEMO}")
    page.keyboard.press("Tab")
    page.keyboard.type("dueregard-demo")
    page.keyboard.press("Enter")
    page.locator("header", has_text="Priya Shah").wait_for()
    assert page.locator("h1").inner_text().endswith("Home")


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_unreviewed_right_to_left_languages_never_label_an_english_page(
    lang, page, assert_accessible
):
    """The Arabic and Urdu catalogues are unreviewed drafts: they are not offered, and a
    browser asking for them gets the English page labelled as English (left to right)."""
    page.context.set_extra_http_headers({"Accept-Language": lang})
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.locator("html").get_attribute("dir") in (None, "ltr")
    page.goto("/language/")
    expect(page.locator(f"#language-{lang}")).to_have_count(0)
    assert_accessible(page)


def test_edi_lead_invites_then_switches_organisation(page, sign_in_as):
    sign_in_as(f"priya.shah{DEMO}")
    page.goto("/members/invite/")
    page.get_by_label("E-mail address").fill("new.panel@example.org")
    page.get_by_label("Local-interest panel member").check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("main")).to_contain_text("Invitation sent to new.panel@example.org")
    page.goto("/organisation/")
    page.get_by_label("Vale Community and Mental Health NHS Trust").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_contain_text("Vale Community and Mental Health NHS Trust")
