"""Services: screening, steps, checks before sign-off, sign-off, review, EDS share."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from dueregard.core.models import AuditEvent, Notification
from dueregard.core.tenancy import resolve_scope
from dueregard.frameworks.services import loader
from dueregard.idmf.models import Assessment, DecisionStatus, DecisionType
from dueregard.idmf.services import checks, decisions, eds_link, framework, reviews

from .helpers import (
    NOT_RELEVANT,
    RELEVANT,
    complete_assessment,
    make_decision,
    statements,
)

MITIGATION = {
    "purpose": "mitigate",
    "description": "Volunteer drivers",
    "groups": ["age"],
    "owner_name": "Transport lead",
    "owner_email": "transport@example.nhs.uk",
    "due_date": dt.date(2027, 2, 1),
}


def codes(assessment):
    return {p.code for p in checks.problems(assessment)}


def test_new_decision_pins_the_framework_rows(org_a, lead_a):
    decision = make_decision(org_a, lead_a)
    assessment = decision.current_assessment()
    assert assessment.framework == loader.current("idmf")
    assert assessment.characteristics_framework == loader.current("characteristics")
    assert decision.status == DecisionStatus.SCREENING
    assert AuditEvent.objects.filter(action="idmf.decision.created").exists()


def test_screening_out_records_the_reason_and_ends_it(org_a, lead_a):
    decision = make_decision(org_a, lead_a)
    assessment = decision.current_assessment()
    assert decisions.screen(assessment, NOT_RELEVANT, actor=lead_a) is False
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SCREENED_OUT
    assert assessment.screening_answers["screen-rationale"] == "Back office."
    with pytest.raises(ValidationError):
        decisions.save_step(assessment, "define", {}, complete=False, actor=lead_a)


def test_relevant_screening_opens_the_steps(org_a, lead_a):
    decision = make_decision(org_a, lead_a)
    assert decisions.screen(decision.current_assessment(), RELEVANT, actor=lead_a) is True
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_PROGRESS


def test_complete_neutral_assessment_has_no_problems(org_a, lead_a):
    assessment = complete_assessment(make_decision(org_a, lead_a), lead_a)
    assert checks.problems(assessment) == []
    assert assessment.review_date == dt.date(2027, 1, 15)


def test_incomplete_steps_and_missing_impacts_are_problems(org_a, lead_a):
    decision = make_decision(org_a, lead_a)
    assessment = decision.current_assessment()
    assert codes(assessment) == {"not-screened"}
    decisions.screen(assessment, RELEVANT, actor=lead_a)
    found = checks.problems(assessment)
    assert {p.code for p in found} == {
        "step-incomplete",
        "impact-missing",
        "service-change-without-engagement",
    }
    # groups are listed in the canonical order of characteristics.yaml
    groups = [p.group for p in found if p.code == "impact-missing"]
    assert groups == list(framework.groups(assessment).codes)


def test_negative_impact_without_mitigation_is_caught(org_a, lead_a):
    negative = {"rating": "negative", "evidence": "Travel survey"}
    assessment = complete_assessment(
        make_decision(org_a, lead_a), lead_a, grid_overrides={"age": negative}
    )
    found = checks.problems(assessment)
    assert [(p.code, p.group) for p in found] == [("negative-without-mitigation", "age")]
    decisions.add_action(assessment, actor=lead_a, **MITIGATION)
    assert checks.problems(assessment) == []


def test_a_justification_answers_a_negative_impact(org_a, lead_a):
    negative = {"rating": "negative", "evidence": "Travel survey"}
    assessment = complete_assessment(
        make_decision(org_a, lead_a), lead_a, grid_overrides={"age": negative}
    )
    answers = {"mitigate-justification": "Proportionate: the only safe site."}
    decisions.save_step(assessment, "mitigate-decide", answers, complete=True, actor=lead_a)
    assert checks.problems(assessment) == []


def test_unknown_needs_an_action_to_find_out(org_a, lead_a):
    assessment = complete_assessment(
        make_decision(org_a, lead_a), lead_a, grid_overrides={"sex_workers": {"rating": "unknown"}}
    )
    assert codes(assessment) == {"unknown-without-action"}
    decisions.add_action(
        assessment, actor=lead_a, **{**MITIGATION, "purpose": "find_out", "groups": ["sex-workers"]}
    )
    assert checks.problems(assessment) == []


def test_positive_or_negative_needs_evidence(org_a, lead_a):
    assessment = complete_assessment(
        make_decision(org_a, lead_a),
        lead_a,
        grid_overrides={"disability": {"rating": "positive", "evidence": " "}},
    )
    assert [(p.code, p.group) for p in checks.problems(assessment)] == [
        ("missing-evidence", "disability")
    ]


def test_service_change_needs_engagement(org_a, lead_a):
    assessment = complete_assessment(make_decision(org_a, lead_a), lead_a, engagement=False)
    assert codes(assessment) == {"service-change-without-engagement"}
    policy = make_decision(org_a, lead_a, kind=DecisionType.POLICY, title="A policy")
    assert checks.problems(complete_assessment(policy, lead_a, engagement=False)) == []


def test_sign_off_is_refused_while_problems_remain(org_a, lead_a, maker_a):
    assessment = complete_assessment(make_decision(org_a, lead_a), lead_a, engagement=False)
    with pytest.raises(ValidationError, match="engagement"):
        decisions.sign_off(assessment, actor=maker_a, statements=statements(assessment))


def test_sign_off_needs_a_sentence_for_every_principle(org_a, lead_a, maker_a):
    assessment = complete_assessment(make_decision(org_a, lead_a), lead_a)
    missing_one = statements(assessment)
    missing_one["recorded"] = "   "
    with pytest.raises(ValidationError, match="each due-regard principle"):
        decisions.sign_off(assessment, actor=maker_a, statements=missing_one)
    with pytest.raises(ValidationError, match="each due-regard principle"):
        decisions.sign_off(
            assessment, actor=maker_a, statements={**statements(assessment), "made-up": "x"}
        )
    with pytest.raises(ValidationError, match="today or in the past"):
        decisions.sign_off(
            assessment,
            actor=maker_a,
            statements=statements(assessment),
            decided_on=dt.date(2026, 5, 2),
            today=dt.date(2026, 5, 1),
        )
    decisions.sign_off(
        assessment,
        actor=maker_a,
        statements=statements(assessment),
        decided_on=dt.date(2026, 4, 20),
        today=dt.date(2026, 5, 1),
    )
    assessment.refresh_from_db()
    assert assessment.is_signed_off
    assert assessment.answers["decide-signed-off-by"] == maker_a.full_name
    # the date of the decision is the decision maker's, not the sign-off timestamp
    assert assessment.answers["decide-date"] == "2026-04-20"
    assert assessment.decided_on == dt.date(2026, 4, 20)
    assert assessment.due_regard_statements["aware"] == "Met for this decision (aware)."
    assert assessment.decision.status == DecisionStatus.SIGNED_OFF
    with pytest.raises(ValidationError):
        decisions.save_step(assessment, "define", {}, complete=False, actor=lead_a)


def test_sign_off_takes_the_committee_meeting_date(org_a, lead_a, maker_a):
    from dueregard.idmf.services import committee

    assessment = complete_assessment(make_decision(org_a, lead_a), lead_a)
    committee.record(
        assessment,
        actor=lead_a,
        body="Trust board",
        meeting_date=dt.date(2026, 3, 12),
        minute_reference="TB/26/041",
        outcome="approved",
        attendees=[{"role": "Chair", "name": "Priya Shah"}],
        today=dt.date(2026, 3, 20),
    )
    decisions.sign_off(
        assessment, actor=maker_a, statements=statements(assessment), today=dt.date(2026, 3, 20)
    )
    assessment.refresh_from_db()
    assert assessment.decided_on == dt.date(2026, 3, 12)


def test_review_reminders_claim_each_version_once_when_runs_overlap(
    org_a, lead_a, maker_a, monkeypatch
):
    """Cron's run beside the scheduler's: the second run listed the version before the
    first run sent its reminder; its claim fails and it sends nothing."""
    decision = make_decision(org_a, lead_a)
    assessment = complete_assessment(decision, lead_a, actions=[MITIGATION])
    decisions.sign_off(assessment, actor=maker_a, statements=statements(assessment))
    today = dt.date(2027, 1, 15)
    listed_by_the_other_run = list(
        reviews.due_reviews(Assessment.objects.all(), today).filter(reminder_sent_on__isnull=True)
    )
    assert len(listed_by_the_other_run) == 1
    assert reviews.send_review_reminders(today=today) == 1

    class Stale:
        def filter(self, **kwargs):
            return listed_by_the_other_run

    monkeypatch.setattr(reviews, "due_reviews", lambda *args: Stale())
    assert reviews.send_review_reminders(today=today) == 0
    assert Notification.objects.filter(template="idmf_review_due").count() == 2  # owner, maker
    assert AuditEvent.objects.filter(action="idmf.review.reminded").count() == 1
    # A failure while queueing the messages leaves the version unclaimed, to be sent later.
    Assessment.objects.filter(pk=assessment.pk).update(reminder_sent_on=None)
    monkeypatch.setattr(reviews.notifications, "send", _fail)
    with pytest.raises(RuntimeError):
        reviews.send_review_reminders(today=today)
    assert Assessment.objects.get(pk=assessment.pk).reminder_sent_on is None


def _fail(*args, **kwargs):
    raise RuntimeError("mail queue unavailable")


def test_review_reminder_and_new_version(org_a, lead_a, maker_a, settings):
    decision = make_decision(org_a, lead_a)
    assessment = complete_assessment(decision, lead_a, actions=[MITIGATION])
    decisions.sign_off(assessment, actor=maker_a, statements=statements(assessment))
    assert reviews.send_review_reminders(today=dt.date(2027, 1, 14)) == 0
    assert reviews.send_review_reminders(today=dt.date(2027, 1, 15)) == 1
    assert reviews.send_review_reminders(today=dt.date(2027, 1, 16)) == 0  # once only
    sent = Notification.objects.filter(template="idmf_review_due")
    assert {n.recipient for n in sent} == {lead_a.email, maker_a.email}
    assert "Volunteer drivers" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Review due: Move the clinic"

    new = decisions.start_review(decision, actor=lead_a)
    assert new.version == 2 and not new.is_signed_off and new.completed_steps == []
    assert new.impacts.count() == assessment.impacts.count()
    assert new.engagement.count() == 1 and new.actions.count() == 1
    assert "decide-signed-off-by" not in new.answers
    old = Assessment.objects.get(pk=assessment.pk)
    assert old.is_signed_off and not old.is_current
    with pytest.raises(ValidationError):
        decisions.save_step(old, "define", {}, complete=False, actor=lead_a)
    # the new version is not due: its review date waits for step 6 again
    assert reviews.send_review_reminders(today=dt.date(2030, 1, 1)) == 0


def test_management_command_sends_reminders(org_a, lead_a, maker_a):
    assessment = complete_assessment(make_decision(org_a, lead_a), lead_a)
    decisions.sign_off(assessment, actor=maker_a, statements=statements(assessment))
    Assessment.objects.filter(pk=assessment.pk).update(review_date=dt.date(2020, 1, 1))
    call_command("idmf_review_reminders", verbosity=0)
    assert Notification.objects.filter(template="idmf_review_due").count() == 2


def test_publishing_needs_a_signed_off_assessment(org_a, lead_a, maker_a):
    decision = make_decision(org_a, lead_a)
    with pytest.raises(ValidationError):
        decisions.set_published(decision, True, actor=lead_a)
    assessment = complete_assessment(decision, lead_a)
    decisions.sign_off(assessment, actor=maker_a, statements=statements(assessment))
    decisions.set_published(decision, True, actor=lead_a)
    assert decision.is_published and len(decision.public_slug) >= 20


def test_decision_assessment_share_by_body_and_year(org_a, org_b, lead_a, maker_a, make_user):
    signed = make_decision(org_a, lead_a, title="One")
    a = complete_assessment(signed, lead_a)
    decisions.sign_off(a, actor=maker_a, statements=statements(a))
    make_decision(org_a, lead_a, title="Two")  # needed 2026, not assessed
    out = make_decision(org_a, lead_a, title="Three")
    decisions.screen(out.current_assessment(), NOT_RELEVANT, actor=lead_a)
    other = decisions.create_decision(
        actor=lead_a,
        system=org_a.system,
        organisation=org_a,
        title="Four",
        decision_body="Quality committee",
        decision_type=DecisionType.POLICY,
        date_needed=dt.date(2025, 3, 1),
    )
    assert other
    make_decision(org_b, make_user("b@example.nhs.uk"), title="Elsewhere")  # other system
    scope = resolve_scope(maker_a, None)
    rows = eds_link.decision_assessment_share(scope)
    this_year = a.signed_off_at.year
    table = {(r.body, r.year): (r.decisions, r.completed, r.screened_out) for r in rows}
    assert table[("Quality committee", 2025)] == (1, 0, 0)
    if this_year == 2026:
        assert table[("Trust board", 2026)] == (3, 1, 1)
    else:
        assert table[("Trust board", this_year)] == (1, 1, 0)
        assert table[("Trust board", 2026)] == (2, 0, 1)
    only = eds_link.decision_assessment_share(scope, year=2025)
    assert [(r.body, r.share) for r in only] == [("Quality committee", 0)]
    assert only[0].share_text == (
        "0 of 1 assessed and signed off, 0 screened out, 1 not yet complete "
        "(0% with due regard recorded)"
    )
    assert sum(r.decisions for r in rows) == 4  # nothing from the other system
