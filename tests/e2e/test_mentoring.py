"""Reciprocal mentoring in the browser: the organiser's whole cycle, applying, a partner's
view, and the summary; axe on every page, error states included."""

import re

from playwright.sync_api import expect

from dueregard.mentoring.demo import TITLE
from dueregard.mentoring.models import Application, Partnership, Programme

DEMO = "@demo.dueregard.test"


def _programme():
    return Programme.objects.get(title=TITLE)


def test_organiser_matches_overrides_introduces_and_sees_summary(
    page, sign_in_as, assert_accessible
):
    sign_in_as(f"fatima.rahman{DEMO}")
    page.get_by_role("link", name="Mentoring").first.click()
    expect(page.locator("h1")).to_contain_text("Reciprocal mentoring")
    assert_accessible(page)

    # Open a programme: the failed submit first.
    page.get_by_role("button", name="Set up a programme").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Board mentoring pilot")
    page.get_by_role("button", name="Open the programme").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the executive sponsor")
    expect(page.get_by_label("Title")).to_have_value("Board mentoring pilot")
    assert_accessible(page)
    page.get_by_label("Staff of every organisation in the system").check()
    for prefix, (d, m, y) in (("Cohort starts", (4, 1, 2027)), ("Cohort ends", (17, 12, 2027))):
        group = page.locator("fieldset", has_text=prefix)
        group.get_by_label("Day").fill(str(d))
        group.get_by_label("Month").fill(str(m))
        group.get_by_label("Year").fill(str(y))
    page.get_by_label("Race").check()
    page.get_by_label("Disability").check()
    page.get_by_label("Board commitment").fill("The board agreed to take part.")
    page.get_by_label("Executive sponsor").fill("Chief Executive")
    page.get_by_label("Every month").check()
    page.get_by_role("button", name="Open the programme").click()
    expect(page.locator("h1")).to_contain_text("Board mentoring pilot")
    assert_accessible(page)

    # The demo programme with its 20 applications.
    programme = _programme()
    page.goto(f"/mentoring/programmes/{programme.pk}/")
    expect(page.locator("main")).to_contain_text("10 leaders, 10 partners")
    assert_accessible(page)
    page.get_by_role("link", name="Applications").click()
    expect(page.locator("caption")).to_contain_text("20 applications")
    assert_accessible(page)
    page.get_by_role("link", name="Amara Nwosu").click()
    expect(page.locator("main")).to_contain_text("Focus groups shared (private to organisers)")
    assert_accessible(page)

    # Run the match, with a failed submit first.
    page.goto(f"/mentoring/programmes/{programme.pk}/match/")
    assert_accessible(page)
    page.get_by_label("Weight for shared topics").fill("eleven")
    page.get_by_role("button", name="Run the matching").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_label("Weight for shared topics")).to_have_value("eleven")
    assert_accessible(page)
    page.get_by_label("Weight for shared topics").fill("2")
    page.get_by_label("Seed (optional)").fill("2027")
    page.get_by_role("button", name="Run the matching").click()
    expect(page.locator("h1")).to_contain_text("Run 1")
    expect(page.locator("main")).to_contain_text("Every partner has a leader")
    expect(page.locator("tbody tr")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Check this run reproduces")).click()
    expect(page.locator("#reproduced")).to_contain_text("identical result")
    assert_accessible(page)

    # Review: change one pair's leader (a conflict is refused, with a reason).
    page.get_by_role("button", name="Review the pairs").click()
    assert_accessible(page)
    farah = Partnership.objects.get(partner__user__email=f"farah.iqbal{DEMO}")
    page.get_by_role("link", name="Change leader for Farah Iqbal").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save the change").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    claire = Application.objects.get(user__email=f"claire.fenton{DEMO}")
    page.get_by_label("New leader").select_option(str(claire.pk))
    page.get_by_label("Reason").fill("Wants to meet in person")
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("declared conflict")
    expect(page.get_by_label("Reason")).to_have_value("Wants to meet in person")
    assert_accessible(page)
    # Override to another leader: their proposed pair is released for the next run.
    farah.refresh_from_db()
    new_leader = (
        Application.objects.filter(programme=farah.programme, side="leader")
        .exclude(pk__in=[farah.leader_id, claire.pk])
        .filter(user__email__in=[f"david.osei{DEMO}", f"karen.hughes{DEMO}"])
        .first()
    )
    page.get_by_label("New leader").select_option(str(new_leader.pk))
    page.get_by_label("Reason").fill("Farah asked for a leader in public health")
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator("h1")).to_contain_text("Review pairs")
    expect(page.locator("main")).to_contain_text("Farah asked for a leader in public health")
    expect(page.locator("main")).to_contain_text("waits for a leader")
    assert_accessible(page)
    # Re-run: the accepted change is kept and everyone is paired again.
    page.get_by_role("link", name="Run the matching again").click()
    page.get_by_role("button", name="Run the matching").click()
    expect(page.locator("h1")).to_contain_text("Run 2")
    expect(page.locator("main")).to_contain_text("Every partner has a leader")
    expect(page.locator("main")).to_contain_text("accepted in an earlier run")
    assert_accessible(page)
    page.get_by_role("button", name="Review the pairs").click()
    farah.refresh_from_db()
    assert farah.leader_id == new_leader.pk

    page.get_by_role("button", name="Accept all proposed pairs").click()
    page.get_by_role("button", name="Send introductions").click()
    expect(page.locator("main")).to_contain_text("Introductions sent to 10 pairs")
    assert_accessible(page)

    # Log a meeting on a partnership (failed submit first), then the summary.
    page.get_by_role("link", name=re.compile("^Partnership")).first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Log a meeting").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save the meeting").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("Online").check()
    page.get_by_label("How long, in minutes").fill("60")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator("main")).to_contain_text("The meeting is logged")
    assert_accessible(page)

    page.goto(f"/mentoring/programmes/{programme.pk}/summary/")
    expect(page.locator("#count-pairs")).to_have_text("10")
    expect(page.locator("#count-meetings")).to_have_text("1")
    assert_accessible(page)


def test_staff_apply_with_error_and_partner_evaluates(page, sign_in_as, assert_accessible):
    programme = _programme()
    sign_in_as(f"jamie.lee{DEMO}")
    page.goto(f"/mentoring/programmes/{programme.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Apply to this programme").click()
    assert_accessible(page)
    page.get_by_label("Job title or role").fill("Healthcare assistant")
    page.get_by_role("button", name="Send my application").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_label("Job title or role")).to_have_value("Healthcare assistant")
    assert_accessible(page)
    page.get_by_label("Member of staff from an under-represented group").check()
    page.get_by_label("Career progression and promotion").check()
    page.get_by_label("What do you hope to learn?").fill("How the board decides")
    page.get_by_label("What do you hope to offer?").fill("The view from the ward")
    page.get_by_label("Tuesday morning").check()
    page.get_by_label("Online", exact=True).check()
    page.get_by_label("Race").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator("h1")).to_contain_text("Application from Jamie Lee")
    assert_accessible(page)


def test_partner_sees_partner_not_characteristics_and_evaluates(
    page, sign_in_as, assert_accessible
):
    from dueregard.core.models import User
    from dueregard.mentoring.services import review, runs

    programme = _programme()
    fatima = User.objects.get(email=f"fatima.rahman{DEMO}")
    runs.run_match(programme, actor=fatima, seed=1)
    review.accept_all(programme, actor=fatima)
    review.send_introductions(programme, actor=fatima)
    pair = Partnership.objects.get(partner__user__email=f"amara.nwosu{DEMO}")
    _password_sign_in(page, f"amara.nwosu{DEMO}")
    page.goto("/mentoring/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(f"{pair.leader.name} and Amara Nwosu")).click()
    expect(page.locator("main")).to_contain_text(pair.leader.hopes_to_offer)
    expect(page.locator("main")).not_to_contain_text("Focus groups")
    # Not on introduction day: the evaluation opens when the programme has run its course.
    expect(page.locator("#evaluation-later")).to_contain_text("evaluation opens on")
    assert_accessible(page)
    from dueregard.mentoring.services import lifecycle

    lifecycle.open_evaluation(programme, actor=fatima)  # the organiser opens it early
    page.reload()
    page.get_by_role("link", name="Send your end-of-programme evaluation").click()
    page.get_by_role("button", name="Send my evaluation").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("5 – very useful").check()
    page.get_by_label("What did you learn?").fill("How budgets are set")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send my evaluation").click()
    expect(page.locator("main")).to_contain_text("The partner has sent their evaluation")
    assert_accessible(page)
    page.get_by_role("link", name="End the partnership early").click()
    assert_accessible(page)
    page.get_by_role("button", name="End the partnership").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)

    # The organiser's evaluation summary: exact numbers and the rating.
    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto(f"/mentoring/programmes/{programme.pk}/summary/")
    expect(page.locator("#count-evaluations")).to_have_text("1")
    expect(page.locator("main")).to_contain_text("5.0")
    assert_accessible(page)

    # An EDI lead sees the same summary with small numbers suppressed, never applications.
    sign_in_as(f"priya.shah{DEMO}")
    page.goto(f"/mentoring/programmes/{programme.pk}/summary/")
    expect(page.locator("#count-evaluations")).to_have_text("*")
    expect(page.locator("#count-leaders")).to_have_text("10")
    assert_accessible(page)
    response = page.goto(f"/mentoring/programmes/{programme.pk}/applications/")
    assert response.status == 403


def _password_sign_in(page, email):
    from dueregard.core.demo import DEMO_PASSWORD

    page.goto("/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.locator("#main-form button, main form button").last.click()
    page.locator("h1", has_text="Home").wait_for()


def test_a_withdrawn_mentors_partner_is_rematched(page, sign_in_as, assert_accessible):
    from dueregard.core.models import User
    from dueregard.mentoring.models import PairStatus
    from dueregard.mentoring.services import review, runs

    programme = _programme()
    organiser = User.objects.get(email=f"fatima.rahman{DEMO}")
    runs.run_match(programme, actor=organiser, seed=3)
    review.accept_all(programme, actor=organiser)
    review.send_introductions(programme, actor=organiser)
    pair = Partnership.objects.filter(programme=programme, status=PairStatus.ACTIVE).first()
    leaving, orphan = pair.leader, pair.partner
    # One more leader applies after the introductions: the unmatched pool.
    spare_user = User.objects.create_user(f"sol.baptiste{DEMO}", "x" * 16, full_name="Sol Baptiste")
    spare = Application.objects.create(
        programme=programme,
        user=spare_user,
        side="leader",
        role="Director of Finance",
        organisation=leaving.organisation,
        team="Finance directorate office",
        topics=list(orphan.topics),
        availability=list(orphan.availability),
        format="either",
        hopes_to_learn="What it is like",
        hopes_to_offer="How budgets are set",
    )

    sign_in_as(f"fatima.rahman{DEMO}")
    page.goto(f"/mentoring/applications/{leaving.pk}/")
    page.get_by_role("link", name="Withdraw them from the programme").click()
    expect(page.locator("main")).to_contain_text(orphan.name)
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw them").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Give the reason")
    assert_accessible(page)
    page.get_by_label("Why are they leaving the programme?").fill("Moved to another region")
    page.get_by_role("button", name="Withdraw them").click()
    expect(page.locator("main")).to_contain_text("Their partner has been offered a new match")
    row = page.locator("tr", has_text=orphan.name).filter(has_text="Proposed")
    expect(row).to_contain_text("Sol Baptiste")
    expect(row).not_to_contain_text("mon-am")  # reasons in words
    assert_accessible(page)
    new = Partnership.objects.get(programme=programme, partner=orphan, status=PairStatus.PROPOSED)
    assert new.leader == spare
    pair.refresh_from_db()
    assert pair.status == PairStatus.ENDED
