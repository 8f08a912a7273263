"""API access in the browser: an EDI lead creates a token (shown once), uses it, revokes
it, adds a webhook; and the API docs page. axe (WCAG 2.2 AA) on every page and error state.
"""

import os
import re

import requests

LEAD = "priya.shah@demo.dueregard.test"
SHOTS = os.environ.get("API_SCREENSHOTS")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_token_pages(page, sign_in_as, assert_accessible, live_server):
    sign_in_as(LEAD)
    page.goto("/api-access/")
    assert_accessible(page)
    _shot(page, "tokens-empty")
    page.get_by_role("button", name="Create a token").click()
    assert_accessible(page)

    # Nothing chosen: the errors, accessible too.
    page.get_by_role("button", name="Create the token").click()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    _shot(page, "token-form-errors")

    page.get_by_label("Name").fill("Board papers (ModernGov)")
    page.locator("input[value='read:decisions']").check()
    page.get_by_label("90 days").check()
    page.get_by_role("button", name="Create the token").click()
    page.locator("h1", has_text="Your new token").wait_for()
    assert_accessible(page)
    _shot(page, "token-shown-once")
    token = page.locator("#secret-value").input_value()
    assert token.startswith("dr_")

    response = requests.get(
        f"{live_server.url}/api/v1/decisions",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 200 and response.json()["count"] >= 1

    page.get_by_role("button", name="Done").click()
    assert "Board papers (ModernGov)" in page.content()
    assert token not in page.content()
    _shot(page, "tokens-list")
    page.get_by_role("link", name=re.compile("Revoke")).first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke the token").click()
    assert "Revoked" in page.content()
    gone = requests.get(
        f"{live_server.url}/api/v1/decisions",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert gone.status_code == 401


def test_webhook_pages(page, sign_in_as, assert_accessible):
    sign_in_as(LEAD)
    page.goto("/api-access/webhooks/new/")
    assert_accessible(page)
    page.get_by_label("Address (URL) to send events to").fill("http://intranet.example/h")
    page.get_by_role("button", name="Add the webhook").click()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Address (URL) to send events to").fill(
        "https://intranet.example.nhs.uk/hooks"
    )
    page.locator("input[value='decision.signed_off']").check()
    page.get_by_role("button", name="Add the webhook").click()
    page.locator("h1", has_text="signing secret").wait_for()
    assert page.locator("#secret-value").input_value().startswith("whsec_")
    assert_accessible(page)
    page.get_by_role("button", name="Done").click()
    page.get_by_role("link", name="https://intranet.example.nhs.uk/hooks").click()
    assert_accessible(page)
    _shot(page, "webhook")


def test_docs_page(page, assert_accessible):
    page.goto("/api/v1/docs")
    assert_accessible(page)
    _shot(page, "docs")
    assert page.locator("h3").count() >= 20
    page.get_by_role("link", name="Webhooks").first.click()
    assert page.url.endswith("#webhooks")
