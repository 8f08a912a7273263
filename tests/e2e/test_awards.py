"""Inclusive Leader awards in the browser: nominate a colleague, the colleague consents, three
judges score it blind while a conflicted judge cannot see it, the chair shortlists and
announces a winner, the public page shows it. Axe on every page, error states included."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from dueregard.awards.models import Answer, Nomination, NomineeKind, Round, Stage
from dueregard.awards.services import decisions
from dueregard.core.models import Notification, Organisation, User

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

    # The chair sees the results. While nominations are open, no decision can be made.
    sign_in_as(f"fatima.rahman{DEMO}")
    rnd = Round.objects.get(title=TITLE)
    page.goto(f"/awards/rounds/{rnd.pk}/results/")
    results = page.locator("#results")
    expect(results.locator("tr", has_text=reference)).to_contain_text("4.42")
    expect(results.locator("tr", has_text="N-001")).to_contain_text("Too few judges")
    expect(page.locator("#announce-not-yet")).to_contain_text("Nominations close on")
    expect(page.get_by_role("button", name="Announce the winners")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=f"Decide {reference}").click()
    page.get_by_label("Shortlist", exact=True).check()
    page.get_by_label("Reason for the decision").fill("Too early")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Nominations close on")
    assert_accessible(page)

    # Nominations close; the chair decides.
    today = timezone.localdate()
    Round.objects.filter(pk=rnd.pk).update(
        opens_on=today - dt.timedelta(days=40), closes_on=today - dt.timedelta(days=1)
    )
    rnd.refresh_from_db()
    page.goto(f"/awards/rounds/{rnd.pk}/results/")
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
    assert not Notification.objects.filter(template="awards_winner").exists()  # not yet told

    # The round cannot be announced early: the decisions are not final while others wait.
    expect(page.get_by_role("button", name="Announce the winners")).to_have_count(0)
    page.get_by_role("button", name="Make the decisions final").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("no decision yet")
    assert_accessible(page)
    chair = User.objects.get(email=f"fatima.rahman{DEMO}")
    for other in rnd.nominations.filter(stage=Stage.JUDGING):
        decisions.decide(
            other,
            outcome=Stage.NOT_SHORTLISTED,
            reason="Panel decision",
            override_reason="Judged by the panel in the meeting",
            actor=chair,
        )
    page.goto(f"/awards/rounds/{rnd.pk}/results/")
    page.get_by_role("button", name="Make the decisions final").click()
    expect(page.locator("main")).to_contain_text("The decisions are final")
    page.get_by_role("button", name="Announce the winners").click()
    expect(page.locator("main")).to_contain_text("The round is announced")
    expect(page.locator("#round-stage")).to_have_text("Announced")
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
    # a11y: every format of the winners page, and the request form, at 320 px too
    page.set_viewport_size({"width": 320, "height": 900})
    assert_accessible(page)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    with page.expect_download() as info:
        page.get_by_role("link", name="Large print (web page, 18 point)").click()
    large = info.value.path().read_text(encoding="utf-8")
    assert "font-size: 18pt" in large and "everyone counts" in large
    page.get_by_role("link", name="Ask for this page in another format or language").click()
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


# (answer, what the judges read): names as whole words and known variants; ordinary words
# kept. The nominee is Grace Will of Riverside University Hospitals NHS Trust.
TRICKY = [
    (
        "Grace Will led it. I will say that Riverside University Hospitals (RUH) learned.",
        "[nominee] led it. I will say that [organisation] ([organisation]) learned.",
    ),
    (
        "With grace and goodwill, Will's team at RUHT helped young people.",
        "With grace and goodwill, [nominee] team at [organisation] helped young people.",
    ),
    (
        "{nominator} and the Vale Community and Mental Health NHS Trust board agree.",
        "[nominator] and the [organisation] board agree.",
    ),
    (
        "Gracefully, Willow from the Riverside walk group helped.",
        "Gracefully, Willow from the Riverside walk group helped.",
    ),
]


def test_tricky_name_redaction_table_previewed_by_the_organiser_and_read_by_a_judge(
    page, sign_in_as, assert_accessible
):
    rnd = Round.objects.get(title=TITLE)
    kemi = Nomination.objects.filter(round=rnd).first().nominator
    nomination = Nomination.objects.create(
        round=rnd,
        category=rnd.categories.first(),
        nominator=kemi,
        nominator_organisation=Organisation.objects.get(ods_code="XRV03"),
        kind=NomineeKind.INDIVIDUAL,
        nominee_name="Grace Will",
        nominee_email=f"grace.will{DEMO}",
        nominee_job_title="Ward manager",
        nominee_organisation=Organisation.objects.get(ods_code="XRV02"),
        stage=Stage.JUDGING,
        reference="N-099",
    )
    questions = list(rnd.categories.first().questions.all())
    rows = [(a.format(nominator=kemi.full_name), b) for a, b in TRICKY]
    for question, (text, _expected) in zip(questions, rows, strict=True):
        Answer.objects.create(nomination=nomination, question=question, text=text)

    # The organiser previews what the judges will see: each hidden word struck through.
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto(f"/awards/nominations/{nomination.pk}/")
    page.get_by_role("link", name="Preview what the judges will see").click()
    expect(page.locator("h1")).to_contain_text("What the judges will see")
    hidden = page.locator("main del").all_inner_texts()
    for original in ("Grace Will", "RUH", "RUHT", kemi.full_name, "Will's"):
        assert any(original in h for h in hidden), (original, hidden)
    for ordinary in ("grace", "goodwill", "young people", "Willow", "Riverside walk"):
        assert not any(ordinary == h.strip() for h in hidden), ordinary
    assert_accessible(page)

    # A judge reads exactly the redacted text, case by case.
    _sign_in_with_password(page, f"aisha.khan{DEMO}")
    page.goto(f"/awards/nominations/{nomination.pk}/score/")
    main = page.locator("main").inner_text()
    for original, expected in rows:
        assert expected in main, (original, expected)
    assert "Grace Will" not in main and "RUHT" not in main
    assert_accessible(page)


def test_a_used_consent_link_says_what_happened(page, assert_accessible):
    nomination = Nomination.objects.filter(stage=Stage.AWAITING_CONSENT).first()
    from dueregard.awards.services import nominations

    nominations.send_for_consent(nomination)
    link = _link_from("awards_consent", nomination.nominee_email, r"/awards/consent/[^/\s]+/")
    page.goto(link)
    page.get_by_label("No, I do not want to be nominated").check()
    page.get_by_role("button", name=re.compile("Send")).click()
    page.goto(link)
    expect(page.locator("h1")).to_have_text("This link has already been used")
    expect(page.locator("main")).to_contain_text("you declined the nomination")
    assert_accessible(page)
