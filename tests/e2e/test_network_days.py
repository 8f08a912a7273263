"""A network development day in the browser: the organiser's agenda with breakouts and a
failed submit, a member registering with their network, and the registrations by network;
axe on every page at 1280 and 320 px."""

import re

from playwright.sync_api import expect

from dueregard.networks.demo_day import DAY_TITLE

DEMO = "@demo.dueregard.test"


def test_network_day_with_registration_by_network(page, sign_in_as, assert_accessible):
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto("/events/")
    page.get_by_role("link", name=DAY_TITLE).click()
    page.get_by_role("link", name=re.compile(r"\d{4}")).first.click()
    expect(page.locator("#places-per-organisation")).to_contain_text("up to 6 places")
    agenda = page.locator("table", has_text="Welcome and introductions")
    expect(agenda).to_contain_text("Breakout: using WRES data")
    expect(page.locator("table", has_text="Race Equality Network")).to_contain_text("4")
    assert_accessible(page)
    page.get_by_role("link", name="Edit the agenda").click()
    page.get_by_label("Starts").fill("half ten")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter a start time like 10:30")
    expect(summary).to_contain_text("Enter an end time")
    assert_accessible(page)
    page.get_by_label("Starts").fill("11:15")
    page.get_by_label("Ends").fill("12:30")
    page.get_by_label("Title", exact=True).fill("Breakout: allyship")
    page.get_by_label("Room (optional)").fill("room 1")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(summary).to_contain_text("already in this room")
    page.get_by_label("Room (optional)").fill("Room 4")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator("table").first).to_contain_text("Breakout: allyship")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    session_url = page.get_by_role("link", name="Back to the session").get_attribute("href")

    # A member of staff registers with their network: the failed submit first.
    page.context.clear_cookies()
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto(session_url)
    page.get_by_role("button", name="Book a place").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose the staff network you are registering with"
    )
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Race Equality Network").check()
    page.get_by_role("button", name="Book a place").click()
    expect(page.locator("h1")).to_contain_text("Your booking")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto(session_url)
    expect(page.locator("table", has_text="Registrations")).to_contain_text("5")
