"""Inclusive Leader awards in the browser: nominate a colleague, the colleague consents, three
judges score it blind while a conflicted judge cannot see it, the chair shortlists and
announces a winner, the public page shows it. Axe on every page, error states included."""

import re

from playwright.sync_api import expect

from dueregard.awards.models import Nomination, Round
from dueregard.core.models import Notification

DEMO = "@demo.dueregard.test"
TITLE = "Inclusive Leader Awards 2026"


def _sign_in_with_password(page, email):
    """Extra demo people (judges, nominees) are not on the /demo/ page: sign in normally."""
    page.context.clear_cookies()
    page.goto("/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("dueregard-demo")
    page.get_by_role("button", name="Sign in").click()
    page.locator("h1", has_text="Home").wait_for()


def _link_from(template, recipient, pattern):
    body = (
        Notification.objects.filter(template=template, recipient=recipient)
        .latest("created_at")
        .body
    )
    return re.search(pattern, body).group(0)


def _score(page, assert_accessible, reference, values):
    page.goto("/awards/")
    page.get_by_role("link", name=f"Nominations to judge: {TITLE}").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"Read and score {reference}").click()
    main = page.locator("main")
    expect(main).not_to_contain_text("Rosa")
    expect(main).not_to_contain_text("Martinez")
    expect(main).not_to_contain_text("Jamie")
    expect(main).to_contain_text("[nominee]")
    assert_accessible(page)
    for i, value in enumerate(values, start=1):
        page.locator(f"fieldset:has(legend:text-is('Score for question {i}'))").locator(
            f"input[value='{value}']"
        ).check()
    page.get_by_role("button", name="Save your scores").click()
    expect(page.locator("main")).to_contain_text(f"Your scores for {reference} are saved")
    assert_accessible(page)


def test_nominate_consent_judge_blind_decide_and_publish(page, sign_in_as, assert_accessible):
    # Given Jamie Lee, staff at the hospital trust, nominates a colleague.
    sign_in_as(f"jamie.lee{DEMO}")
    page.get_by_role("link", name="Awards").first.click()
    expect(page.locator("h1")).to_contain_text("Awards")
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("main")).to_contain_text("Evidence of a reduction in health inequalities")
    assert_accessible(page)
    page.get_by_role("button", name="Nominate someone for Inclusive Leader").click()
    assert_accessible(page)

    # A failed submit: nothing filled in.
    page.get_by_role("button", name="Send the nomination").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the nominee's name")
    assert_accessible(page)

    page.get_by_label("Nominee's name, or the team's name").fill("Rosa Martinez")
    page.get_by_label("Nominee's e-mail address").fill(f"rosa.martinez{DEMO}")
    page.get_by_label("Nominee's job title, or what the team does").fill("Ward manager")
    page.get_by_label("Nominee's organisation").select_option(
        label="Riverside University Hospitals NHS Trust"
    )
    page.get_by_label("Your job title").fill("Staff nurse")
    for i in range(1, 5):
        page.locator("textarea[name^='answer_']").nth(i - 1).fill(
            f"Rosa Martinez and Jamie Lee at Riverside University Hospitals NHS Trust: example {i}."
        )
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.locator("main")).to_contain_text("Your nomination is saved")
    assert_accessible(page)
    page.get_by_role("button", name="Continue the nomination").click()
    expect(page.get_by_label("Nominee's name, or the team's name")).to_have_value("Rosa Martinez")
    page.get_by_role("button", name="Send the nomination").click()
    expect(page.locator("main")).to_contain_text("We have asked Rosa Martinez to agree")
    assert_accessible(page)
    nomination = Nomination.objects.get(nominee_email=f"rosa.martinez{DEMO}")
    reference = nomination.reference

    # When Rosa opens the e-mailed link (no sign-in) and agrees.
    page.context.clear_cookies()
    page.goto(_link_from("awards_consent", f"rosa.martinez{DEMO}", r"/awards/consent/[^/\s]+/"))
    assert_accessible(page)
    page.get_by_role("button", name="Send my answer").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Yes, I agree to the nomination going to the judges").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator("h1")).to_have_text("Thank you")
    assert_accessible(page)

    # The organiser records that Dan Wright (Rosa's line manager) is conflicted.
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto("/awards/")
    page.get_by_role("link", name=TITLE).click()
    assert_accessible(page)
    page.get_by_role("link", name="Record a conflict of interest").click()
    page.get_by_role("button", name="Record the conflict").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Judge").select_option(label="Dan Wright")
    page.get_by_label("Nomination").select_option(label=f"{reference} – Rosa Martinez")
    page.get_by_label("Line manager or managed by them").check()
    page.get_by_role("button", name="Record the conflict").click()
    expect(page.locator("main")).to_contain_text(f"Dan Wright will not see {reference}")

    # Then three judges score it blind ...
    for email, values in (
        ("aisha.khan", (5, 4, 5, 4)),
        ("ben.carter", (4, 4, 4, 4)),
        ("chloe.davies", (5, 5, 4, 5)),
    ):
        _sign_in_with_password(page, f"{email}{DEMO}")
        _score(page, assert_accessible, reference, values)

    # ... while the conflicted judge cannot see it anywhere.
    _sign_in_with_password(page, f"dan.wright{DEMO}")
    page.goto(f"/awards/rounds/{nomination.round_id}/judging/")
    expect(page.locator("main")).not_to_contain_text(reference)
    assert_accessible(page)
    response = page.goto(f"/awards/nominations/{nomination.pk}/score/")
    assert response.status == 404
    response = page.goto(f"/awards/nominations/{nomination.pk}/")
    assert response.status == 404

    # The chair sees the results, shortlists, then announces the winner.
    sign_in_as(f"fatima.rahman{DEMO}")
    rnd = Round.objects.get(title=TITLE)
    page.goto(f"/awards/rounds/{rnd.pk}/results/")
    results = page.locator("#results")
    expect(results.locator("tr", has_text=reference)).to_contain_text("4.42")
    expect(results.locator("tr", has_text="N-001")).to_contain_text("Too few judges")
    assert_accessible(page)
    page.get_by_role("link", name=f"Decide {reference}").click()
    page.get_by_label("Shortlist", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Give the reason")
    assert_accessible(page)
    page.get_by_label("Reason for the decision").fill("Highest mean mark, consistent across judges")
    page.get_by_role("button", name="Record the decision").click()
    expect(results.locator("tr", has_text=reference)).to_contain_text("Shortlisted")
    page.get_by_role("link", name=f"Decide {reference}").click()
    page.get_by_label("Winner", exact=True).check()
    page.get_by_label("Reason for the decision").fill("The panel's unanimous choice")
    page.get_by_label("Citation (for a winner)").fill(
        "Rosa made her ward a place where everyone counts, and changed how the trust listens."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(results.locator("tr", has_text=reference)).to_contain_text("Winner")
    page.get_by_role("button", name="Announce the winners").click()
    expect(page.locator("main")).to_contain_text("The winners are announced")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Nominations and results (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")

    # The winner approves the citation by the e-mailed link; the public page shows it.
    page.context.clear_cookies()
    page.goto(_link_from("awards_winner", f"rosa.martinez{DEMO}", r"/awards/citation/[^/\s]+/"))
    assert_accessible(page)
    page.get_by_label("Yes, publish it").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator("#approved")).to_be_visible()
    page.goto(f"/awards/winners/{rnd.public_slug}/")
    expect(page.locator("main")).to_contain_text("Rosa Martinez")
    expect(page.locator("main")).to_contain_text("everyone counts")
    assert_accessible(page)


def test_organiser_pages_and_their_errors(page, sign_in_as, assert_accessible):
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto("/awards/")
    page.get_by_role("button", name="Set up an awards round").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Team Awards 2027")
    for prefix, values in (("opens_on", ("1", "3", "2027")), ("closes_on", ("1", "2", "2027"))):
        for i, value in enumerate(values):
            page.locator(f"#id_{prefix}_{i}").fill(value)
    page.get_by_label("Riverside City Council").check()
    page.get_by_role("button", name="Save the round").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The closing date must be after the opening date"
    )
    expect(page.get_by_label("Title")).to_have_value("Team Awards 2027")
    assert_accessible(page)
    page.locator("#id_closes_on_1").fill("5")
    page.get_by_role("button", name="Save the round").click()
    expect(page.locator("h1")).to_contain_text("Team Awards 2027")
    expect(page.locator("main")).to_contain_text("Evidence of a reduction in health inequalities")
    assert_accessible(page)

    page.get_by_role("link", name="Add a category").click()
    page.get_by_role("button", name="Add the category").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Category name").fill("Team of the year")
    page.get_by_role("button", name="Add the category").click()
    expect(page.locator("h1")).to_contain_text("Add a question")
    page.get_by_label("Question", exact=True).fill("What did the team change for patients?")
    page.get_by_label("Word limit").fill("0")
    page.get_by_role("button", name="Add the question").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The word limit must be 1 or more")
    assert_accessible(page)
    page.get_by_label("Word limit").fill("250")
    page.get_by_role("button", name="Add the question").click()
    expect(page.locator("main")).to_contain_text("up to 250 words")

    page.get_by_role("link", name="Add a judge").click()
    page.get_by_role("button", name="Add the judge").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Full name").fill("Pat Reynolds")
    page.get_by_label("E-mail address").fill("pat.reynolds@example.org")
    page.get_by_label("Patient or public representative").check()
    page.get_by_role("button", name="Add the judge").click()
    expect(page.locator("main")).to_contain_text("Pat Reynolds – Patient or public representative")
    assert Notification.objects.filter(
        template="invitation", recipient="pat.reynolds@example.org"
    ).exists()


def test_judge_pages_errors_and_declaring_a_conflict(page, assert_accessible):
    rnd = Round.objects.get(title=TITLE)
    wellbeing = rnd.nominations.get(reference="N-002")
    _sign_in_with_password(page, f"dan.wright{DEMO}")
    page.goto(f"/awards/rounds/{rnd.pk}/judging/")
    expect(page.locator("main")).not_to_contain_text("N-001")  # his declared conflict
    page.get_by_role("link", name="Read and score N-002").click()
    expect(page.locator("main")).not_to_contain_text("Wellbeing Team")
    page.get_by_role("button", name="Save your scores").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a score for question 1")
    assert_accessible(page)
    page.goto(f"/awards/nominations/{wellbeing.pk}/conflict/")
    page.get_by_role("button", name="Declare the conflict").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Personal relationship").check()
    page.get_by_role("button", name="Declare the conflict").click()
    expect(page.locator("main")).to_contain_text("you will not see this nomination again")
    expect(page.locator("main")).not_to_contain_text("N-002")
    assert_accessible(page)
    assert page.goto(f"/awards/nominations/{wellbeing.pk}/score/").status == 404

    page.context.clear_cookies()
    page.goto("/awards/consent/not-a-real-token/")
    expect(page.locator("h1")).to_have_text("This link cannot be used")
    assert_accessible(page)
