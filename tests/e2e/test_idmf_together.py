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
    page.get_by_role("button", name="Save and continue").click()
    page.locator("h1", has_text="Step 2").wait_for()
    page.goto(f"/decisions/{decision.pk}/steps/assess-impact/")
    page.get_by_label("About").select_option("age")
    page.get_by_role("button", name="Add the comment").click()
    # the error is on the step page itself, in the error summary, linked to the comment box
    expect(page).to_have_title(re.compile("^Error: Step 4"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Write your comment")
    check_widths(page, assert_accessible)
    summary.get_by_role("link", name="Write your comment").click()
    expect(page.locator("#comment-body")).to_be_focused()
    expect(page.get_by_label("About")).to_have_value("age")  # what was chosen is kept
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
    # field by field: the question as asked, the answer before and after
    partners = page.locator("tr", has_text="Fatima Rahman").filter(has_text="Saved a step")
    expect(partners.first).to_contain_text("The ICB commissions the hub.")
    expect(partners.first).to_contain_text("→")

    # ... and asks for the EDI specialist review
    page.goto(f"/decisions/{decision.pk}/specialist-review/")
    check_widths(page, assert_accessible)
    page.get_by_role("button", name="Ask for an EDI specialist review").click()
    expect(page.get_by_role("table", name="Reviews of this version")).to_contain_text(
        "Waiting for the review"
    )
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
    expect(page.get_by_role("table", name="Reviews of this version")).to_contain_text(
        "Changes asked for"
    )
    sign_out(page)

    # Sign-off waits: the decision maker sees why
    sign_in_as(f"alan.brooks{DEMO}")
    page.goto(f"/decisions/{decision.pk}/sign-off/")
    expect(page.locator("#checks")).to_contain_text("asked for changes")
    check_widths(page, assert_accessible)


def test_a_word_eqia_is_imported_after_review(page, sign_in_as, assert_accessible, tmp_path):
    from dueregard.core.models import User
    from dueregard.idmf.models import Assessment
    from tests.idmf.helpers import RELEVANT
    from tests.idmf.test_word_import import eqia_docx

    trust = Organisation.objects.get(ods_code="XRV02")
    decision = decisions.create_decision(
        actor=User.objects.get(email=LEAD),
        system=trust.system,
        organisation=trust,
        title="Saturday blood tests",
        decision_body="Trust executive board",
        decision_type=DecisionType.SERVICE_CHANGE,
    )
    decisions.screen(decision.current_assessment(), RELEVANT, actor=decision.owner)
    word = tmp_path / "old-eqia.docx"
    word.write_bytes(eqia_docx())
    (tmp_path / "notes.txt").write_text("not a Word document")

    sign_in_as(LEAD)
    page.goto(f"/decisions/{decision.pk}/")
    page.get_by_role("link", name="Import answers from a Word impact assessment").click()
    check_widths(page, assert_accessible)
    page.locator("input[type=file]").set_input_files(str(tmp_path / "notes.txt"))
    page.get_by_role("button", name="Read the document").click()
    expect(page).to_have_title(re.compile("^Error: "))
    check_widths(page, assert_accessible)
    page.locator("input[type=file]").set_input_files(str(word))
    page.get_by_role("button", name="Read the document").click()
    page.locator("h1", has_text="Check what was found").wait_for()
    check_widths(page, assert_accessible)
    for box in page.locator("input[name='keep']").all():
        box.uncheck()
    page.get_by_role("button", name="Save into the assessment").click()
    expect(page).to_have_title(re.compile("^Error: "))
    check_widths(page, assert_accessible)
    page.get_by_label(re.compile("What are the aims of the proposal")).check()
    page.get_by_label(re.compile("Step 4: Age")).check()
    page.get_by_role("button", name="Save into the assessment").click()
    page.locator(".nhsuk-notification-banner", has_text="answers were saved").wait_for()
    assessment = Assessment.objects.get(decision=decision)
    assert assessment.answers["define-aims"].startswith("Move blood tests")
    assert assessment.impacts.get(group="age").rating == "negative"


def test_comments_and_changes_on_the_screening_page(page, sign_in_as, assert_accessible):
    from dueregard.core.models import User

    trust = Organisation.objects.get(ods_code="XRV02")
    decision = decisions.create_decision(
        actor=User.objects.get(email=LEAD),
        system=trust.system,
        organisation=trust,
        title="Closing the minor injuries unit at night",
        decision_body="Trust executive board",
        decision_type=DecisionType.SERVICE_CHANGE,
    )
    screening = f"/decisions/{decision.pk}/screening/"
    sign_in_as(LEAD)
    page.goto(screening)
    expect(page.get_by_role("heading", name="Comments on the screening")).to_be_visible()
    page.get_by_role("button", name="Add the comment").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Write your comment")
    check_widths(page, assert_accessible)
    page.get_by_label("Add a comment").fill("Check the night-shift staff survey first.")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.locator(".dr-comment")).to_contain_text("night-shift staff survey")
    check_widths(page, assert_accessible)

    # Screen it, then change one answer: the page says what changed, question by question
    page.locator("input[name='screen-affects-people'][value='yes']").check()
    page.locator("input[name='screen-different-effect'][value='no']").check()
    page.locator("input[name='screen-access-experience-outcomes'][value='no']").check()
    page.locator("input[name='screen-health-inequalities'][value='no']").check()
    page.locator("textarea[name='screen-rationale']").fill("Night patients go elsewhere.")
    page.get_by_role("button", name="Save the screening").click()
    page.goto(screening)
    page.locator("input[name='screen-health-inequalities'][value='yes']").check()
    page.get_by_role("button", name="Save the screening").click()
    page.goto(screening)
    changes = page.locator(".dr-changes").first
    expect(changes).to_contain_text("No")
    expect(changes).to_contain_text("Yes")
    assert changes.locator("li").count() == 1  # only the answer that changed
    check_widths(page, assert_accessible)
