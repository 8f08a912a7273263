"""A change-maker cohort in the browser, from application (with the line manager's support
through the signed link) to selection by the panel, the offer, the change project,
attendance, completion and the 6-month follow-up; axe on every page at 1280 and 320 px."""

import datetime as dt
import re
from urllib.parse import urlparse

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from dueregard.cohorts.demo import TITLE
from dueregard.cohorts.models import FollowUp, Monitoring
from dueregard.core.models import Notification

DEMO = "@demo.dueregard.test"


def _link(template: str, recipient: str) -> str:
    body = Notification.objects.filter(template=template, recipient=recipient).latest("pk").body
    # The e-mail's link (absolute when SITE_URL is set): the browser follows its path.
    return urlparse(re.search(r"\S*/change-makers/\S+", body).group(0)).path


def test_change_maker_cohort_from_application_to_follow_up(page, sign_in_as, assert_accessible):
    def check_both_widths():
        assert_accessible(page)
        page.set_viewport_size({"width": 320, "height": 800})
        assert_accessible(page)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), (
            page.url
        )
        page.set_viewport_size({"width": 1280, "height": 900})

    # The organiser puts today's module on the open cohort's calendar (a failed submit first).
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto("/change-makers/")
    check_both_widths()
    page.get_by_role("link", name=TITLE).click()
    check_both_widths()
    page.get_by_role("link", name="2027 intake").click()
    check_both_widths()
    cohort_url = page.url
    page.get_by_role("button", name="Add a module or action-learning set").click()
    page.get_by_role("button", name="Add it to the calendar").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a start time")
    check_both_widths()
    page.get_by_label("Module", exact=True).check()
    page.get_by_label("Title", exact=True).fill("Leading change for equality")
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Start time").fill("23:00")
    page.get_by_label("End time").fill("23:30")
    page.get_by_label("Online").check()
    page.get_by_role("button", name="Add it to the calendar").click()
    expect(page.locator("table")).to_contain_text("Leading change for equality")

    # The organiser puts Priya on the selection panel.
    page.get_by_role("link", name="Selection panel").click()
    page.get_by_label("E-mail address of the panel member").fill("nobody@example.org")
    page.get_by_role("button", name="Add to the panel").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("has no account")
    check_both_widths()
    page.get_by_label("E-mail address of the panel member").fill(f"priya.shah{DEMO}")
    page.get_by_role("button", name="Add to the panel").click()
    expect(page.locator("main")).to_contain_text("Priya Shah")

    # A member of staff applies: what is wrong is said first, then the application goes in.
    page.context.clear_cookies()
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto(cohort_url)
    page.get_by_role("button", name="Apply to this cohort").click()
    page.get_by_role("button", name="Send my application").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter your job title")
    expect(summary).to_contain_text("Enter your line manager's e-mail address")
    check_both_widths()
    page.get_by_label("Job title").fill("Staff nurse")
    page.get_by_label("Your pay band").select_option("9")
    page.get_by_label("Your staff group").select_option("nursing")
    page.get_by_label("Why do you want to take part").fill(
        "I want our ward's shortlisting to be fair to internationally educated nurses."
    )
    page.get_by_label("Your line manager's name").fill("Angela Morris")
    page.get_by_label("Your line manager's e-mail address").fill("angela.morris@example.nhs.uk")
    # Voluntary monitoring (ADR 0044): "Prefer not to say" is ticked until they untick it.
    page.get_by_label("Black, Asian, mixed or another ethnic minority group").check()
    page.get_by_label("Disability", exact=True).check()
    page.get_by_role("button", name="Send my application").click()
    expect(summary).to_contain_text("or Prefer not to say, not both")
    check_both_widths()
    page.locator("input[name=shared][value=prefer-not-to-say]").uncheck()
    page.get_by_role("button", name="Send my application").click()
    expect(summary).to_contain_text("This cohort is for Band 5")
    page.get_by_label("Your pay band").select_option("6")
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator("h1")).to_contain_text("Your application")
    expect(page.locator("main")).to_contain_text("Waiting for the line manager")
    check_both_widths()
    application_url = page.url
    shared = Monitoring.objects.get(application__user__email=f"jamie.lee{DEMO}")
    assert (shared.codes, shared.ethnic_group) == (["disability", "race"], "minority")

    # The line manager supports it through the signed link in their e-mail.
    page.context.clear_cookies()
    page.goto(_link("cohorts_support_request", "angela.morris@example.nhs.uk"))
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose whether you support")
    check_both_widths()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator("#support-answer")).to_contain_text("supported by the line manager")
    check_both_widths()

    # The panel member scores it, and never sees what Jamie shared.
    sign_in_as(f"priya.shah{DEMO}")
    page.goto(cohort_url + "panel/")
    check_both_widths()
    page.get_by_role("link", name="Jamie Lee").click()
    expect(page.locator("main")).not_to_contain_text("Disability")
    expect(page.locator("main")).not_to_contain_text("ethnic minority")
    page.get_by_role("button", name="Save my score").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a score from 1 to 5")
    check_both_widths()
    page.get_by_label("5", exact=True).check()
    page.get_by_role("button", name="Save my score").click()
    expect(page.locator("table")).to_contain_text("5")

    # The organiser offers a place.
    page.context.clear_cookies()
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto(cohort_url + "applications/")
    check_both_widths()
    page.get_by_role("link", name="Jamie Lee").click()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a decision")
    check_both_widths()
    page.get_by_label("Offer a place").check()
    page.get_by_label("Reason for the decision").fill("Strong statement, supported, top score.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("table")).to_contain_text("Offered a place")

    # Jamie accepts, and sets up the change project with a milestone, done.
    page.context.clear_cookies()
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto(application_url)
    page.get_by_role("button", name="Accept the place").click()
    expect(page.locator("main")).to_contain_text("Participant")
    check_both_widths()
    page.get_by_role("link", name="Your change project and milestones").click()
    page.get_by_role("button", name="Save the project").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter your project's title")
    check_both_widths()
    page.get_by_label("Project title").fill("Fair shortlisting on our ward")
    page.get_by_label("What you want to change").fill("Anonymised shortlisting for Band 6 posts.")
    page.get_by_role("button", name="Save the project").click()
    page.get_by_label("Milestone", exact=True).fill("Pilot on two wards")
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Add the milestone").click()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator("table")).not_to_contain_text("Mark as done")
    check_both_widths()

    # The organiser records attendance (an events register) and completion.
    page.context.clear_cookies()
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto(cohort_url)
    page.get_by_role("link", name=re.compile("^Attendance")).click()
    check_both_widths()
    page.get_by_label("Jamie Lee").check()
    page.get_by_role("button", name="Save the register").click()
    page.goto(application_url)
    check_both_widths()
    page.get_by_role("button", name="Record completion").click()
    expect(page.locator("main")).to_contain_text("6-month follow-up")

    # Six months on, the daily job reminds Jamie (twice run, one e-mail) and Jamie answers.
    FollowUp.objects.filter(application__user__email=f"jamie.lee{DEMO}", months=6).update(
        due_on=today - dt.timedelta(days=1)
    )
    call_command("cohort_follow_ups", verbosity=0)
    call_command("cohort_follow_ups", verbosity=0)
    reminders = Notification.objects.filter(
        template="cohorts_follow_up", recipient=f"jamie.lee{DEMO}"
    )
    assert reminders.count() == 1
    page.context.clear_cookies()
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto(_link("cohorts_follow_up", f"jamie.lee{DEMO}"))
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose whether you have moved")
    check_both_widths()
    page.locator("input[name=new_role][value=yes]").check()
    page.locator("input[name=promotion][value=yes]").check()
    page.locator("input[name=band_change][value=yes]").check()
    page.get_by_label("Your band now").select_option("7")
    page.locator("input[name=still_in_nhs][value=yes]").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("main")).to_contain_text("answered")
    page.get_by_role("link", name="6-month follow-up").click()
    expect(page.locator("main")).to_contain_text("Band 7")
    check_both_widths()

    # The reach table, disclosure-controlled.
    page.context.clear_cookies()
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto("/change-makers/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Who the programme reaches").click()
    expect(page.locator("table")).to_contain_text("*")
    check_both_widths()
