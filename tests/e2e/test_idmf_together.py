"""IDMF together (issue 22) in the browser: a trust's project lead and an ICB colleague
co-author one assessment, comment on an impact-grid row and resolve it, read the history;
an EDI specialist review asks for changes. axe at 1280 and 320 px on every page, errors
included."""

import re

from playwright.sync_api import expect

from dueregard.core.models import Organisation
from dueregard.idmf.models import DecisionType
from dueregard.idmf.services import decisions
from tests.idmf.helpers import complete_assessment

DEMO = "@demo.dueregard.test"
LEAD = f"jamie.lee{DEMO}"
PARTNER = f"fatima.rahman{DEMO}"  # works at the ICB, another organisation of the system
SPECIALIST = f"priya.shah{DEMO}"
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def sign_out(page):
    page.goto("/sign-out/")
    page.get_by_role("button", name="Sign out", exact=True).click()


def check_widths(page, assert_accessible):
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{page.url} scrolls sideways at {width}px"


def _decision():
    from dueregard.core.models import User

    trust = Organisation.objects.get(ods_code="XRV02")
    lead = User.objects.get(email=LEAD)
    decision = decisions.create_decision(
        actor=lead,
        system=trust.system,
        organisation=trust,
        title="Evening phlebotomy at the community hub",
        design_group="Planned care design group",
        decision_body="Trust executive board",
        decision_type=DecisionType.SERVICE_CHANGE,
    )
    complete_assessment(decision, lead)
    return decision


def test_coauthors_comments_history_and_specialist_review(page, sign_in_as, assert_accessible):
    decision = _decision()
    detail = f"/decisions/{decision.pk}/"

    # The project lead adds a co-author from the ICB (after a failed first try)
    sign_in_as(LEAD)
    page.goto(detail)
    page.get_by_role("link", name="Manage co-authors").click()
    check_widths(page, assert_accessible)
    page.get_by_role("button", name="Add the co-author").click()
    expect(page).to_have_title(re.compile("^Error: "))
    check_widths(page, assert_accessible)
    page.get_by_label("Co-author's e-mail address").fill(PARTNER)
    page.get_by_role("button", name="Add the co-author").click()
    expect(page.locator("table")).to_contain_text("Fatima Rahman")
    sign_out(page)

    # The co-author at the ICB writes step 1 and comments on the age row of the grid
    sign_in_as(PARTNER)
    page.goto(f"/decisions/{decision.pk}/steps/define/")
    check_widths(page, assert_accessible)
    page.locator("textarea[name='define-partners']").fill("The ICB commissions the hub.")
    page.get_by_role("button", name="Save and come back later").click()
    page.goto(f"/decisions/{decision.pk}/steps/assess-impact/")
    page.get_by_role("button", name="Add the comment").click()
    page.locator(".nhsuk-error-message, .nhsuk-error-summary, [role=alert]").first.wait_for()
    check_widths(page, assert_accessible)
    page.get_by_label("About").select_option("age")
    page.get_by_label("Add a comment").fill("Evening slots may not suit older people.")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.locator(".dr-comment")).to_contain_text("Evening slots may not suit")
    check_widths(page, assert_accessible)
    sign_out(page)

    # The lead resolves it and reads who changed what
    sign_in_as(LEAD)
    page.goto(f"/decisions/{decision.pk}/steps/assess-impact/")
    page.get_by_role("button", name=re.compile("^Resolve")).click()
    expect(page.locator(".dr-comment")).to_contain_text("Resolved")
    page.goto(detail)
    page.get_by_role("link", name="History of changes").click()
    check_widths(page, assert_accessible)
    history = page.locator("main").inner_text()
    assert "Fatima Rahman" in history and "Step 1: Define" in history
    assert "Resolved a comment" in history

    # ... and asks for the EDI specialist review
    page.goto(f"/decisions/{decision.pk}/specialist-review/")
    check_widths(page, assert_accessible)
    page.get_by_role("button", name="Ask for an EDI specialist review").click()
    expect(page.locator("table")).to_contain_text("Waiting for the review")
    sign_out(page)

    # The specialist asks for changes (the note is needed)
    sign_in_as(SPECIALIST)
    page.goto("/organisation/")
    page.get_by_label(re.compile("Riverside University Hospitals")).check()
    page.get_by_role("button", name=re.compile("^(Switch|Continue|Save|Change)")).first.click()
    page.goto(f"/decisions/{decision.pk}/specialist-review/")
    page.get_by_label("Ask for changes").check()
    page.get_by_role("button", name="Record my review").click()
    expect(page).to_have_title(re.compile("^Error: "))
    check_widths(page, assert_accessible)
    page.get_by_label("What needs to change, or any comments").fill("Add evidence on carers.")
    page.get_by_role("button", name="Record my review").click()
    expect(page.locator("table")).to_contain_text("Changes asked for")
    sign_out(page)

    # Sign-off waits: the decision maker sees why
    sign_in_as(f"alan.brooks{DEMO}")
    page.goto(f"/decisions/{decision.pk}/sign-off/")
    expect(page.locator("#checks")).to_contain_text("asked for changes")
    check_widths(page, assert_accessible)
