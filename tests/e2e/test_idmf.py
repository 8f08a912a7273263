"""IDMF in the browser: a project lead screens and assesses, the checks catch a missing
mitigation, the decision maker signs off, the review reminder appears, outputs match.

axe (WCAG 2.2 AA) runs on every step and on its error states.
"""

import datetime as dt
import io
import re

from django.core.management import call_command
from docx import Document as WordDocument
from playwright.sync_api import expect
from pypdf import PdfReader

from dueregard.core.models import Notification
from dueregard.idmf.models import Assessment, Decision
from dueregard.idmf.services import document as documents

DEMO = "@demo.dueregard.test"
LEAD = f"jamie.lee{DEMO}"
MAKER = f"alan.brooks{DEMO}"
TITLE = "Closing the Riverside walk-in centre at weekends"

FILL_EVERYTHING = """
() => {
  const form = document.querySelector('#main-form');
  form.querySelectorAll('textarea').forEach(t => {
    if (!t.value && t.name !== 'mitigate-justification') t.value = 'Answer from the project lead';
  });
  form.querySelectorAll('input[type=text]').forEach(i => {
    if (i.value) return;
    const m = i.name.match(/_(\\d)$/);
    i.value = m ? ['15', '1', '2027'][+m[1]] : 'Answer from the project lead';
  });
  const names = new Set([...form.querySelectorAll('input[type=radio]')].map(r => r.name));
  names.forEach(n => {
    const radios = [...form.querySelectorAll(`input[type=radio][name="${n}"]`)];
    if (radios.some(r => r.checked)) return;
    const neutral = radios.find(r => r.value === 'neutral');
    (neutral || radios[0]).checked = true;
  });
}
"""


def sign_out(page):
    page.goto("/sign-out/")
    page.get_by_role("button", name="Sign out", exact=True).click()


def squeezed(text):
    return "".join(text.split())


def test_project_lead_to_sign_off_and_review(page, sign_in_as, assert_accessible):
    # Given a project lead at the trust
    sign_in_as(LEAD)
    page.goto("/")
    page.get_by_role("link", name="Decisions", exact=True).first.click()
    assert_accessible(page)

    # When they add a proposal (after a failed first try)
    page.get_by_role("button", name="Add a proposal").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Proposal title").fill(TITLE)
    page.get_by_label("Design group").fill("Urgent care design group")
    page.get_by_label("Decision-making body").fill("Trust executive board")
    page.get_by_label("Service change").check()
    page.get_by_role("button", name="Save").click()

    # Then they screen it
    page.locator("h1", has_text="Screening").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Save the screening").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    for name in (
        "screen-affects-people",
        "screen-different-effect",
        "screen-access-experience-outcomes",
    ):
        page.check(f"input[name='{name}'][value='yes']")
    page.check("input[name='screen-health-inequalities'][value='unsure']")
    page.get_by_label("Explain your answers.").fill("Fewer weekend hours for urgent care.")
    page.get_by_role("button", name="Save the screening").click()
    page.locator("#progress", has_text="0 of 6").wait_for()
    assert_accessible(page)
    decision = Decision.objects.get(title=TITLE)

    # Step 1, with its error state, then every step in turn
    page.get_by_role("link", name="1. Define").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.evaluate(FILL_EVERYTHING)
    page.get_by_role("button", name="Save and continue").click()

    page.locator("h1", has_text="Step 2: Evidence").wait_for()
    assert_accessible(page)
    page.evaluate(FILL_EVERYTHING)
    page.get_by_role("button", name="Save and continue").click()

    # Step 3: the engagement log
    page.locator("h1", has_text="Step 3: Engage").wait_for()
    assert_accessible(page)
    # typed text survives the secondary button
    page.locator("textarea[name='engage-changes']").fill("We kept Saturday mornings.")
    page.get_by_role("button", name="Add engagement").click()
    page.locator("h1", has_text="Add engagement").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Add to the engagement log").click()
    assert_accessible(page)
    page.get_by_label("Who did you engage with?").fill("Riverside Healthwatch")
    page.locator("#id_held_on_0").fill("3")
    page.locator("#id_held_on_1").fill("11")
    page.locator("#id_held_on_2").fill("2026")
    page.get_by_label("How").fill("Evening drop-in with interpreters")
    page.get_by_role("checkbox", name="Age", exact=True).check()
    page.get_by_role("checkbox", name="Carers", exact=True).check()
    page.get_by_label("What did you hear?").fill("Parents of young children use it most.")
    page.get_by_label("What changed as a result?").fill("Saturday mornings stay open.")
    page.get_by_role("button", name="Add to the engagement log").click()
    page.locator("h1", has_text="Step 3: Engage").wait_for()
    assert "Riverside Healthwatch" in page.locator("table").first.inner_text()
    expect(page.locator("textarea[name='engage-changes']")).to_have_value(
        "We kept Saturday mornings."
    )
    page.evaluate(FILL_EVERYTHING)
    page.get_by_role("button", name="Save and continue").click()

    # Step 4: the impact grid (error state first), age is negative
    page.locator("h1", has_text="Step 4: Assess impact").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.check("input[name='age-rating'][value='negative']")
    page.locator("textarea[name='age-evidence']").fill("Attendance by age, 2025")
    page.evaluate(FILL_EVERYTHING)
    page.get_by_role("button", name="Save and continue").click()

    # Step 5: the check catches the missing mitigation
    page.locator("h1", has_text="Step 5: Mitigate and decide").wait_for()
    assert_accessible(page)
    callout = page.locator(".nhsuk-warning-callout")
    assert "Age: the impact is negative but there is no action" in callout.inner_text()
    page.evaluate(FILL_EVERYTHING)
    page.get_by_role("button", name="Save and continue").click()

    page.locator("h1", has_text="Step 6: Monitor and review").wait_for()
    assert_accessible(page)
    page.evaluate(FILL_EVERYTHING)
    page.get_by_role("button", name="Save and continue").click()
    page.locator("#progress", has_text="6 of 6").wait_for()
    assert_accessible(page)

    # The decision maker cannot sign off yet
    sign_out(page)
    sign_in_as(MAKER)
    page.goto(f"/decisions/{decision.pk}/sign-off/")
    assert "cannot be signed off yet" in page.content()
    assert "Age: the impact is negative" in page.locator("#checks").inner_text()
    assert_accessible(page)

    # The project lead adds the mitigation
    sign_out(page)
    sign_in_as(LEAD)
    page.goto(f"/decisions/{decision.pk}/steps/mitigate-decide/")
    page.get_by_role("button", name="Add an action for Age").click()
    page.locator("h1", has_text="Add an action").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Add the action").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Remove or reduce a negative impact").check()
    page.get_by_label("Action", exact=True).fill("Signpost the 111 service and the pharmacy")
    page.get_by_label("Owner", exact=True).fill("Urgent care service manager")
    page.locator("#id_due_date_0").fill("1")
    page.locator("#id_due_date_1").fill("3")
    page.locator("#id_due_date_2").fill("2027")
    page.get_by_role("button", name="Add the action").click()
    page.locator("h1", has_text="Step 5").wait_for()
    assert page.locator(".nhsuk-warning-callout").count() == 0

    # The committee's decision is recorded (an error first) and its summary downloaded
    page.goto(f"/decisions/{decision.pk}/")
    page.get_by_role("link", name="Record the committee's decision").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save the decision").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Minute reference").fill("TEB/2026/114")
    page.locator("#id_meeting_date_0").fill("4")
    page.locator("#id_meeting_date_1").fill("11")
    page.locator("#id_meeting_date_2").fill("2026")
    page.get_by_label("Approved with conditions").check()
    page.get_by_label("Conditions or reasons").fill("Report weekend use by age in six months.")
    page.get_by_label("Who attended").fill("Chair: Priya Shah\nDirector of nursing: Sam Okafor")
    page.get_by_role("button", name="Save the decision").click()
    page.locator("dd", has_text="TEB/2026/114").wait_for()
    assert_accessible(page)
    with page.expect_download() as got:
        page.get_by_role("link", name="PDF committee summary").click()
    summary = PdfReader(got.value.path())
    assert len(summary.pages) == 1
    assert "TEB/2026/114" in summary.pages[0].extract_text()

    # The decision maker signs off with a sentence for each due-regard principle
    sign_out(page)
    sign_in_as(MAKER)
    page.goto(f"/decisions/{decision.pk}/sign-off/")
    assert_accessible(page)
    expect(page.locator("#id_decided_on_0")).to_have_value("4")  # the meeting date
    page.get_by_role("button", name="Sign off").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    for box in page.locator("textarea[name^='statement-']").all():
        box.fill("Met: the board read the analysis before deciding.")
    page.get_by_role("button", name="Sign off").click()
    page.locator(".nhsuk-tag", has_text="Signed off").first.wait_for()
    assert_accessible(page)

    # The review reminder appears when due
    assessment = Assessment.objects.get(decision=decision)
    Assessment.objects.filter(pk=assessment.pk).update(
        review_date=dt.date.today() - dt.timedelta(days=1)
    )
    call_command("idmf_review_reminders", verbosity=0)
    assert Notification.objects.filter(template="idmf_review_due", recipient=LEAD).exists()
    sign_out(page)
    sign_in_as(LEAD)
    page.goto(f"/decisions/{decision.pk}/")
    assert "Review due" in page.locator("#review-due").inner_text()
    assert_accessible(page)

    # The record, and its PDF and DOCX, say the same
    page.get_by_role("link", name="Version 1").click()
    assert_accessible(page)
    shown = page.locator("main").inner_text()
    assessment.refresh_from_db()
    lines = documents.build(assessment).text_lines()
    pdf = page.request.get(f"/decisions/assessments/{assessment.pk}/pdf/")
    pdf_text = squeezed(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages))
    word = WordDocument(
        io.BytesIO(page.request.get(f"/decisions/assessments/{assessment.pk}/docx/").body())
    )
    docx_text = " ".join(p.text for p in word.paragraphs) + " ".join(
        c.text for t in word.tables for row in t.rows for c in row.cells
    )
    for line in lines:
        assert squeezed(line) in squeezed(shown), line
        assert squeezed(line) in pdf_text, line
        assert line in docx_text, line

    # At review it reopens as version 2; version 1 stays readable
    page.goto(f"/decisions/{decision.pk}/")
    page.get_by_role("button", name="Start the review").click()
    page.get_by_role("link", name="Version 1").wait_for()
    assert decision.assessments.count() == 2


def test_register_overview_and_public_summary(page, sign_in_as, assert_accessible):
    sign_in_as(f"priya.shah{DEMO}")
    for path in ("/decisions/", "/decisions/overview/", "/decisions/?status=signed_off"):
        page.goto(path)
        assert_accessible(page)
    signed = Decision.objects.get(title__startswith="Moving the phlebotomy")
    page.goto(f"/decisions/{signed.pk}/")
    page.get_by_role("button", name="Publish a public summary").click()
    signed.refresh_from_db()
    sign_out(page)
    page.goto(f"/decisions/public/{signed.public_slug}/")
    assert_accessible(page)
    assert "Due-regard statement" in page.content()
    sign_in_as(f"sam.admin{DEMO}")
    page.goto("/organisation/")
    page.goto("/decisions/overview/")
    assert_accessible(page)
