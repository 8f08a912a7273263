"""Staff networks in the browser: the EDI lead registers a network and appoints a chair,
a colleague joins privately, only the chair sees the members; axe on every page, at 1280
and 320 px, error states included."""

import re

from playwright.sync_api import expect

from dueregard.networks.demo import RACE_NETWORK
from dueregard.networks.models import Network

DEMO = "@demo.dueregard.test"


def test_network_with_chairs_and_private_membership(page, sign_in_as, assert_accessible):
    sign_in_as(f"priya.shah{DEMO}")
    page.goto("/networks/")
    expect(page.locator("h1")).to_contain_text("Staff networks")
    expect(page.locator("table")).to_contain_text(RACE_NETWORK)
    assert_accessible(page)

    page.get_by_role("button", name="Add a network to the register").click()
    page.get_by_label("Name").fill("LGBTQ+ Network")
    page.get_by_label("Budget agreed (pounds a year)").fill("lots")
    page.get_by_role("button", name="Add the network").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose the kind of network")
    expect(summary).to_contain_text("Enter the executive sponsor")
    expect(summary).to_contain_text("Enter the budget as a whole number of pounds")
    expect(page.get_by_label("Name")).to_have_value("LGBTQ+ Network")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("LGBTQ+").check()
    page.get_by_label("Executive sponsor").fill("Helen Moore, Non-executive Director")
    page.get_by_label("Protected time agreed").fill("Chairs 1 day a month")
    page.get_by_label("Budget agreed (pounds a year)").fill("2500")
    page.get_by_role("button", name="Add the network").click()
    expect(page.locator("h1")).to_contain_text("LGBTQ+ Network")
    expect(page.locator("main")).to_contain_text("£2,500")
    assert_accessible(page)

    # Appoint a chair: someone from elsewhere first (refused), then Jamie Lee.
    page.get_by_label("E-mail address of the new chair").fill("nobody@example.org")
    page.get_by_role("button", name="Appoint chair").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Nobody with this e-mail")
    assert_accessible(page)
    page.get_by_label("E-mail address of the new chair").fill(f"jamie.lee{DEMO}")
    page.get_by_role("button", name="Appoint chair").click()
    expect(page.locator(".nhsuk-list").first).to_contain_text("Jamie Lee")
    network = Network.objects.get(name="LGBTQ+ Network")
    # The EDI lead is not a chair: no list of members.
    expect(page.get_by_role("link", name="See the members (chairs only)")).to_have_count(0)
    assert page.goto(f"/networks/{network.pk}/members/").status == 403

    # Helen Moore joins; she sees her own membership, and the count stays suppressed.
    page.context.clear_cookies()
    sign_in_as(f"helen.moore{DEMO}")
    page.goto(f"/networks/{network.pk}/")
    page.get_by_role("button", name="Join the network").click()
    expect(page.locator("#membership-status")).to_contain_text("You are a member")
    expect(page.locator("#member-count")).to_contain_text("*")
    assert_accessible(page)

    # The chair sees who the members are, the exact count, and records the national group.
    page.context.clear_cookies()
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto(f"/networks/{network.pk}/")
    expect(page.locator("#member-count")).to_have_text("1")
    page.get_by_role("link", name="See the members (chairs only)").click()
    expect(page.locator("table")).to_contain_text("Helen Moore")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/networks/{network.pk}/groups/new/")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the name of the group")
    assert_accessible(page)
    page.get_by_label("Group").fill("Power of Staff Networks")
    page.get_by_label("National").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Power of Staff Networks – National")
    page.get_by_role("link", name="Record a meeting").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("First meeting")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("First meeting")
    assert_accessible(page)
