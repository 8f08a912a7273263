"""Communities in the browser (issue 19, ADR 0046): an organiser starts a community, puts a
workshop on its calendar, shares a link and a file and posts an announcement; a colleague
joins and sees them; someone who has not joined cannot reach the resources. Then an EDI
lead names a staff network as a local interest on the EDS panel. Axe on every page at
1280 and 320 px (no sideways scroll), error states included."""

import datetime as dt
import os
import re
from pathlib import Path

from playwright.sync_api import expect

from dueregard.communities.models import Community, Resource
from dueregard.eds.models import Assessment

DEMO = "@demo.dueregard.test"
SHOTS = Path(os.environ.get("COMMUNITY_SCREENSHOTS", "/tmp/community-screenshots"))
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _both_widths(page, assert_accessible, shot=""):
    """Axe at 1280 and 320 px; at 320 nothing scrolls sideways."""
    assert_accessible(page)
    if shot:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
    if shot:
        page.screenshot(path=str(SHOTS / f"{shot}-320.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_community_calendar_resources_announcements_and_private_membership(
    page, sign_in_as, assert_accessible, tmp_path
):
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto("/communities/")
    expect(page.locator("h1")).to_contain_text("Communities")
    expect(page.locator("table")).to_contain_text("Radar")  # the demo's community
    _both_widths(page, assert_accessible, "index")

    # Start a community: first with nothing filled in (errors), then properly.
    page.get_by_role("button", name="Start a community").click()
    page.get_by_role("button", name="Start the community").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the community's name")
    expect(summary).to_contain_text("Choose who can join the community")
    _both_widths(page, assert_accessible)
    page.get_by_label("Name").fill("Radar workshops circle")
    page.get_by_label("Staff of every organisation in").check()
    page.get_by_role("button", name="Start the community").click()
    expect(page.locator("h1")).to_contain_text("Radar workshops circle")
    community = Community.objects.get(name="Radar workshops circle")
    assert community.organisation is None
    assert_accessible(page)

    # A workshop on the calendar: the events app's session form, its checks included.
    page.get_by_role("link", name="Add a workshop to the calendar").click()
    page.get_by_label("Workshop title").fill("Radar: speaking up")
    page.get_by_label("Places").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Places must be 1 or more")
    _both_widths(page, assert_accessible, "workshop-errors")
    day = dt.date.today() + dt.timedelta(days=30)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("13:00")
    page.get_by_label("End time").fill("15:30")
    page.get_by_label("Online").check()
    page.get_by_label("Places").fill("20")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#workshops")).to_contain_text("Radar: speaking up")

    # A link: a javascript: address is refused, then a real one.
    page.get_by_role("link", name="Share a link").click()
    page.get_by_label("Title").fill("WRES data")
    page.get_by_label("Web address").fill("javascript:alert(1)")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("starting with https://")
    _both_widths(page, assert_accessible)
    page.get_by_label("Web address").fill("https://www.england.nhs.uk/")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#resource-list")).to_contain_text("WRES data")

    # A file: a text file is refused, a PDF is kept.
    page.get_by_role("link", name="Share a file").click()
    wrong = tmp_path / "notes.txt"
    wrong.write_text("hello")
    page.get_by_label("Title").fill("Handout")
    page.locator("input[type=file]").set_input_files(str(wrong))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("must be a PDF")
    _both_widths(page, assert_accessible, "file-errors")
    handout = tmp_path / "handout.pdf"
    handout.write_bytes(PDF)
    page.get_by_label("Title").fill("Handout")
    page.locator("input[type=file]").set_input_files(str(handout))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#resource-list")).to_contain_text("Handout")
    file_url = f"/communities/resources/{Resource.objects.get(title='Handout').pk}/file/"

    # An announcement: the empty form says what is missing, then it is posted.
    page.get_by_role("link", name="Post an announcement").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the message")
    _both_widths(page, assert_accessible)
    page.get_by_label("Title").fill("First workshop booked")
    page.get_by_label("Message").fill("Join us online for Radar: speaking up.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#announcements")).to_contain_text("First workshop booked")
    _both_widths(page, assert_accessible, "organiser")

    # Jamie Lee (another trust: the community is system-wide) joins and sees everything.
    page.context.clear_cookies()
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto(f"/communities/{community.pk}/")
    expect(page.locator("#resources-closed")).to_be_visible()
    expect(page.locator("#member-count")).to_contain_text("0")
    page.get_by_role("button", name="Join the community").click()
    expect(page.locator("#membership-status")).to_contain_text("You are a member")
    expect(page.locator("#workshops")).to_contain_text("Radar: speaking up")
    expect(page.locator("#resource-list")).to_contain_text("WRES data")
    expect(page.locator("#resource-list")).to_contain_text("Handout")
    expect(page.locator("#announcements")).to_contain_text("First workshop booked")
    expect(page.locator("#member-count")).to_contain_text("*")  # 1 member: suppressed
    _both_widths(page, assert_accessible, "member")
    with page.expect_download() as download:
        page.get_by_role("link", name="Handout").click()
    assert Path(download.value.path()).read_bytes() == PDF

    # Mei Chen has not joined: no resources or announcements, and the file is refused.
    page.context.clear_cookies()
    sign_in_as(f"mei.chen{DEMO}")
    page.goto(f"/communities/{community.pk}/")
    expect(page.locator("#resources-closed")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Handout")
    expect(page.locator("main")).not_to_contain_text("First workshop booked")
    expect(page.locator("#workshops")).to_contain_text("Radar: speaking up")
    _both_widths(page, assert_accessible, "non-member")
    assert page.goto(file_url).status == 403
    assert page.goto(f"/communities/{community.pk}/members/").status == 403

    # Only the organiser sees who the members are.
    page.context.clear_cookies()
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto(f"/communities/{community.pk}/")
    expect(page.locator("#member-count")).to_have_text("1")
    page.get_by_role("link", name="See the members (organisers only)").click()
    expect(page.locator("table")).to_contain_text("Jamie Lee")
    _both_widths(page, assert_accessible, "members")


def test_staff_network_named_as_eds_local_interest(page, sign_in_as, assert_accessible):
    """The demo names the Race Equality Network on both years' panels; the EDI lead adds
    the system's disability network to this year's and it shows on the panel and report."""
    sign_in_as(f"priya.shah{DEMO}")
    current = Assessment.objects.get(organisation__ods_code="XRV02", period="2025-26")
    published = Assessment.objects.get(organisation__ods_code="XRV02", period="2024-25")
    page.goto(f"/eds/{current.pk}/")
    expect(page.locator("main")).to_contain_text("Race Equality Network")
    page.get_by_role("link", name="Name a staff network as a local interest").click()
    page.get_by_role("button", name="Add to the panel").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose the staff network to name as a local interest"
    )
    _both_widths(page, assert_accessible, "eds-local-interest-errors")
    page.get_by_label("Staff network").select_option(
        label="Disability and Long-term Conditions Network"
    )
    page.get_by_role("button", name="Add to the panel").click()
    expect(page.locator("main")).to_contain_text("Disability and Long-term Conditions Network")
    _both_widths(page, assert_accessible, "eds-panel")
    page.goto(f"/eds/{current.pk}/report/")
    expect(page.locator("main")).to_contain_text("Staff networks on the panel")
    expect(page.locator("main")).to_contain_text("Disability and Long-term Conditions Network")
    expect(page.locator("main")).not_to_contain_text("Adaeze Obi")  # a member, never named

    # The published report names the network on last year's panel, by name only.
    page.context.clear_cookies()
    page.goto(f"/eds/published/{published.public_slug}/")
    expect(page.locator("main")).to_contain_text("Staff networks on the panel")
    expect(page.locator("main")).to_contain_text("Race Equality Network")
    _both_widths(page, assert_accessible, "eds-published")
