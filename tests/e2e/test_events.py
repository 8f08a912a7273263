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


def _session_with_jamie(sign_in_as, page):
    """Jamie books the first date through the page; returns that session."""
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto("/events/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name=re.compile("Details and booking")).first.click()
    page.get_by_role("button", name="Book a place").click()
    expect(page.locator("main .nhsuk-tag")).to_have_text("Booked")
    return Booking.objects.get(user__email=f"jamie.lee{DEMO}").session


def test_organiser_changes_then_cancels_a_session_and_the_attendee_gets_calendar_files(
    page, sign_in_as, assert_accessible
):
    from django.core import mail
    from icalendar import Calendar

    from dueregard.core.models import User
    from dueregard.events.models import BookingStatus

    session = _session_with_jamie(sign_in_as, page)
    colleague = User.objects.create_user(f"sam.colleague{DEMO}", "x" * 16, full_name="Sam C")
    Booking.objects.create(session=session, user=colleague, status=BookingStatus.CONFIRMED)
    mail.outbox.clear()
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto(f"/events/sessions/{session.pk}/attendees/")
    assert_accessible(page)

    # Change the start time: lowering the places below those booked is refused first.
    page.get_by_role("link", name="Change the session or its places").click()
    assert_accessible(page)
    page.get_by_label("Places").fill("1")
    page.get_by_role("button", name="Save the changes").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("cannot go below")
    assert_accessible(page)
    page.get_by_label("Places").fill("30")
    page.get_by_label("Start time").fill("09:30")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator("main")).to_contain_text("Everyone booked was told what changed")
    (changed,) = [m for m in mail.outbox if m.to == [f"jamie.lee{DEMO}"]]
    update = Calendar.from_ical(changed.attachments[0][1]).walk("VEVENT")[0]
    assert update["SEQUENCE"] == 1 and "09:30" in changed.body

    # Message everyone booked, with an error first.
    page.get_by_role("link", name="Message everyone booked").click()
    page.get_by_role("button", name="Send the message").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Subject").fill("Room change")
    page.get_by_label("Message").fill("We are now in room 4.")
    page.get_by_role("button", name="Send the message").click()
    expect(page.locator("main")).to_contain_text("Your message was sent to")

    # Cancel the session: the box must be ticked.
    mail.outbox.clear()
    page.get_by_role("link", name="Cancel the session").click()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel and tell everyone").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Tick the box")
    assert_accessible(page)
    page.get_by_label("Message to the people booked (optional)").fill("Our trainer is unwell.")
    page.get_by_label("Yes, cancel it and tell everyone booked").check()
    page.get_by_role("button", name="Cancel and tell everyone").click()
    expect(page.locator("main")).to_contain_text("The session is cancelled")
    assert_accessible(page)

    (cancelled,) = [m for m in mail.outbox if m.to == [f"jamie.lee{DEMO}"]]
    assert "Our trainer is unwell." in cancelled.body
    name, content, mimetype = cancelled.attachments[0]
    assert (name, mimetype) == ("workshop.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(update["UID"]) and event["SEQUENCE"] > update["SEQUENCE"]

    # The attendee sees it cancelled on their booking.
    sign_in_as(f"jamie.lee{DEMO}")
    booking = Booking.objects.get(user__email=f"jamie.lee{DEMO}")
    page.goto(f"/events/bookings/{booking.pk}/")
    expect(page.locator("main .nhsuk-tag")).to_have_text("Cancelled")
    expect(page.locator("main")).to_contain_text("The organisers cancelled this session")
    assert_accessible(page)


def test_check_in_on_a_phone(browser, live_server, demo_world, assert_accessible, tmp_path):
    session = max(Series.objects.get(title=TITLE).sessions.all(), key=lambda s: s.bookings.count())
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    try:
        page.goto("/demo/")
        page.locator(f"form:has(input[value='fatima.rahman{DEMO}']) button").click(force=True)
        page.locator("h1", has_text="Home").wait_for()
        page.goto(f"/events/sessions/{session.pk}/check-in/")
        expect(page.locator("h1")).to_contain_text("Check in")
        assert_accessible(page)
        first = page.locator("main li").first
        name = first.locator("strong").first.inner_text()
        first.get_by_role("button", name=re.compile("^Check in")).click()
        expect(page.locator("main")).to_contain_text(f"{name} is checked in")
        expect(page.locator("#arrived-count")).to_contain_text("1 of")
        assert_accessible(page)
        width = page.evaluate("document.querySelector('main').scrollWidth")
        assert width <= 375, f"the check-in page scrolls sideways on a phone ({width}px)"
        page.screenshot(path=str(tmp_path / "check-in-phone.png"), full_page=False)
        booking = Booking.objects.get(session=session, user__full_name=name)
        assert booking.attended is True  # the register is the same field
    finally:
        context.close()
