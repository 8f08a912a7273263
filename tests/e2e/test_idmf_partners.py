"""A partner from outside the system co-authors one assessment (issue 22): the lead invites
them by e-mail, they sign in with the e-mailed link, write step 1 and comment, reach nothing
else, and lose access when the lead withdraws it. axe at 1280 and 320 px, errors included."""

import datetime as dt
import re

from playwright.sync_api import expect

from dueregard.core.models import Notification, Organisation, User
from dueregard.idmf.models import DecisionType
from dueregard.idmf.services import decisions
from tests.idmf.helpers import RELEVANT

from .test_idmf_together import LEAD, check_widths, sign_out

OUTSIDER = "sam.patel@riverside-council.example.org"


def test_a_partner_outside_the_system_co_authors_one_decision(page, sign_in_as, assert_accessible):
    trust = Organisation.objects.get(ods_code="XRV02")
    decision = decisions.create_decision(
        actor=User.objects.get(email=LEAD),
        system=trust.system,
        organisation=trust,
        title="Community hub opening hours",
        decision_body="Trust executive board",
        decision_type=DecisionType.SERVICE_CHANGE,
    )
    decisions.screen(decision.current_assessment(), RELEVANT, actor=decision.owner)
    detail = f"/decisions/{decision.pk}/"

    sign_in_as(LEAD)
    page.goto(f"/decisions/{decision.pk}/co-authors/")
    page.get_by_role("link", name=re.compile("partner organisation outside the system")).click()
    check_widths(page, assert_accessible)
    page.get_by_role("button", name="Invite and send the link").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter their e-mail address")
    check_widths(page, assert_accessible)
    ends = dt.date.today() + dt.timedelta(days=60)
    page.get_by_label("Their full name").fill("Sam Patel")
    page.get_by_label("Their organisation").fill("Riverside Council")
    page.get_by_label("Their e-mail address").fill(OUTSIDER)
    page.get_by_label("Day").fill(str(ends.day))
    page.get_by_label("Month").fill(str(ends.month))
    page.get_by_label("Year").fill(str(ends.year))
    page.get_by_role("button", name="Invite and send the link").click()
    expect(page.get_by_role("table", name="Invited partners")).to_contain_text("Sam Patel")
    check_widths(page, assert_accessible)
    sign_out(page)

    # The partner opens the e-mailed link and lands on the decision
    body = Notification.objects.get(template="idmf_partner_invited", recipient=OUTSIDER).body
    link = re.search(r"https?://\S+(/sign-in/link/use/\S+)", body).group(1)
    page.goto(link)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"{detail}$"))
    expect(page.locator("main")).to_contain_text("You see this decision only")
    expect(page.locator(f"a[href='{detail}sign-off/']")).to_have_count(0)  # never signs off
    check_widths(page, assert_accessible)
    page.locator(f"a[href='{detail}steps/define/']").first.click()
    page.locator("textarea[name='define-partners']").fill("The council runs the hub building.")
    page.get_by_role("button", name="Save and come back later").click()
    page.goto(f"/decisions/{decision.pk}/steps/define/")
    expect(page.locator("textarea[name='define-partners']")).to_have_value(
        "The council runs the hub building."
    )
    page.get_by_label("Add a comment").fill("Our opening hours data is attached to step 2.")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.locator(".dr-comment")).to_contain_text("opening hours data")
    check_widths(page, assert_accessible)
    # nothing else of the system
    assert page.goto("/decisions/").status in (403, 404) or "sign-in" in page.url
    assert page.goto(f"/decisions/{decision.pk}/sign-off/").status == 404
    sign_out(page)

    # The lead sees who changed what, and withdraws the access
    sign_in_as(LEAD)
    page.goto(f"/decisions/{decision.pk}/history/")
    expect(page.locator("main")).to_contain_text("Sam Patel")
    expect(page.locator("main")).to_contain_text("The council runs the hub building.")
    page.goto(f"/decisions/{decision.pk}/partners/")
    page.get_by_role("button", name=re.compile("^Withdraw")).click()
    expect(page.get_by_role("table", name="Invited partners")).to_contain_text("Withdrawn on")
    check_widths(page, assert_accessible)
    partner = User.objects.get(email=OUTSIDER)
    assert not partner.memberships.exists()
