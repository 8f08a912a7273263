"""Workshops and events in the browser: book, confirm, cancel; organisers; axe everywhere."""

import re

from playwright.sync_api import expect

from dueregard.events.models import Booking, Series

DEMO = "@demo.dueregard.test"
TITLE = "Inclusive Decision Making Framework workshops"


def _series_pk():
    return Series.objects.get(title=TITLE).pk


def test_staff_book_see_confirmation_and_cancel(page, sign_in_as, assert_accessible):
    sign_in_as(f"jamie.lee{DEMO}")
    page.get_by_role("link", name="Workshops").first.click()
    expect(page.locator("h1")).to_contain_text("Workshops and events")
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Details and booking")).first.click()
    expect(page.get_by_role("button", name="Book a place")).to_be_visible()
    assert_accessible(page)

    # A failed submit: "Something else" without saying what.
    page.get_by_label("Something else", exact=True).check()
    page.get_by_role("button", name="Book a place").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Tell us what else you need")
    assert_accessible(page)

    page.get_by_label("If something else, tell us what you need").fill("Slides in advance")
    page.get_by_label("Live captions").check()
    page.get_by_role("button", name="Book a place").click()
    expect(page.locator("h1")).to_contain_text("Your booking")
    expect(page.locator("main .nhsuk-tag")).to_have_text("Booked")
    expect(page.locator("main")).to_contain_text("Slides in advance")
    expect(page.locator("#link-pending")).to_be_visible()  # the link is not shown yet
    assert_accessible(page)

    page.get_by_role("link", name="Cancel your booking").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel").click()
    expect(page.locator("main .nhsuk-tag")).to_have_text("Cancelled")
    assert_accessible(page)


def test_full_session_waiting_list(page, sign_in_as, assert_accessible):
    series = Series.objects.get(title=TITLE)
    nearly_full = sorted(series.sessions.all(), key=lambda s: s.date)[1]
    nearly_full.capacity = 18  # now full
    nearly_full.save()
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto(f"/events/sessions/{nearly_full.pk}/")
    expect(page.locator("h2", has_text="Join the waiting list")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.locator("main .nhsuk-tag")).to_have_text("On the waiting list")
    expect(page.locator("main")).to_contain_text("You are number 1 on the waiting list")
    assert_accessible(page)


def test_organiser_pages_attendees_register_and_exports(page, sign_in_as, assert_accessible):
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto("/events/")
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Attendees")).nth(1).click()
    expect(page.locator("main")).to_contain_text("British Sign Language interpreter")
    assert_accessible(page)
    page.get_by_label("Workshop attendee 1 Present").check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.locator("main")).to_contain_text("The register is saved")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download attendees (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download attendees (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.get_by_role("link", name="Invite people to held places").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send the invitations").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_role("link", name="Back to attendees").click()
    page.get_by_role("link", name="Feedback", exact=True).click()
    assert_accessible(page)

    pk = _series_pk()
    for path in (f"/events/series/{pk}/feedback/", f"/events/series/{pk}/sessions/new/"):
        page.goto(path)
        assert_accessible(page)
    page.get_by_role("button", name="Add the session").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.goto("/events/series/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Save the series").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)


def test_attendee_feedback_and_certificate(page, sign_in_as, assert_accessible):
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto("/events/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name=re.compile("Details and booking")).first.click()
    page.get_by_role("button", name="Book a place").click()
    Booking.objects.filter(user__email=f"jamie.lee{DEMO}").update(attended=True)
    page.reload()
    page.get_by_role("link", name="Tell us what you thought").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send your feedback").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.locator("#id_overall-5, [name=overall][value='5']").first.check()
    page.locator("[name=usefulness][value='4']").check()
    page.locator("[name=confidence][value='4']").check()
    page.get_by_label("What will you do differently as a result?").fill("Use the six steps")
    page.get_by_role("button", name="Send your feedback").click()
    expect(page.locator("main")).to_contain_text("Thank you for your feedback")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("certificate of attendance")).click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_staff_see_403_on_organiser_pages(page, sign_in_as, assert_accessible):
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto("/events/series/new/")
    assert_accessible(page)
