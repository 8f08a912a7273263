"""Services: stored, reproducible runs; review audited; accepted fixed; reminders once."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from dueregard.core.models import AuditEvent
from dueregard.mentoring.models import CheckIn, MatchRun, PairStatus, Partnership, Side
from dueregard.mentoring.services import lifecycle, partnerships, programmes, review, runs

from .helpers import make_application


def test_run_stores_inputs_weights_seed_and_reproduces(filled, organiser):
    programme, leaders, partners = filled
    run = runs.run_match(programme, actor=organiser, seed=42)
    assert run.number == 1 and run.seed == 42
    assert run.record["inputs"]["seed"] == 42
    assert run.record["inputs"]["weights"] == {"topics": 1.0, "availability": 1.0, "format": 1.0}
    assert len(run.record["inputs"]["leaders"]) == 3
    assert run.complete
    assert runs.reproduces(run)
    assert Partnership.objects.filter(programme=programme, status="proposed").count() == 3
    pair = Partnership.objects.filter(programme=programme).first()
    assert pair.explanation and pair.score is not None
    event = AuditEvent.objects.get(action="mentoring.match_run")
    assert event.after["seed"] == 42
    # No names or characteristics in the stored record.
    text = str(run.record)
    assert "Leader 0" not in text and "characteristics" not in text


def test_tampered_record_does_not_reproduce(filled, organiser):
    programme, *_ = filled
    run = runs.run_match(programme, actor=organiser, seed=1)
    run.record["total_score"] += 1
    assert not runs.reproduces(run)


def test_no_full_matching_is_reported_with_reasons(programme, organiser):
    leader = make_application(programme, Side.LEADER, 0, team="blue")
    make_application(programme, Side.PARTNER, 0, team="blue")
    make_application(programme, Side.PARTNER, 1, team="red")
    run = runs.run_match(programme, actor=organiser, seed=0)
    assert not run.complete
    reasons = " ".join(" ".join(u["reasons"]) for u in run.record["unmatched"])
    assert "same team" in reasons or "places" in reasons
    assert leader.solver_id in str(run.record["pairs"])


def test_line_management_chain_is_never_paired(programme, organiser):
    boss = make_application(programme, Side.LEADER, 0)
    make_application(programme, Side.LEADER, 1)
    middle = make_application(programme, Side.PARTNER, 5, line_manager_email="someone@x.test")
    # partner 0 reports to partner 5's user, who reports (via senior managers) to the boss
    middle.senior_manager_emails = [boss.user.email]
    middle.save()
    p0 = make_application(programme, Side.PARTNER, 0, line_manager_email=middle.user.email)
    leaders, partners = runs.people([boss, middle, p0])
    chains = {p.id: p.chain_ids for _a, p in partners}
    assert boss.solver_id in chains[p0.solver_id]
    runs.run_match(programme, actor=organiser, seed=3)
    for pair in Partnership.objects.filter(programme=programme):
        assert pair.leader_id != boss.pk or pair.partner_id not in (middle.pk, p0.pk)


def test_focus_group_rule_uses_characteristics_only_when_configured(programme, organiser):
    make_application(programme, Side.LEADER, 0)
    make_application(programme, Side.PARTNER, 0, characteristics=["race"])
    other = make_application(programme, Side.PARTNER, 1)
    run = runs.run_match(programme, actor=organiser, seed=0)
    assert run.excluded == []
    programmes.set_matching(
        programme,
        actor=organiser,
        weights={"topics": 2, "availability": 1, "format": 0},
        require_focus_group=True,
    )
    run = runs.run_match(programme, actor=organiser, seed=0)
    assert run.excluded == [{"id": other.solver_id, "reason": runs.FOCUS_REASON}]
    assert run.record["inputs"]["weights"]["topics"] == 2.0
    assert not run.complete


def test_accepted_pairs_are_fixed_on_rerun(filled, organiser):
    programme, leaders, partners = filled
    runs.run_match(programme, actor=organiser, seed=5)
    pair = Partnership.objects.filter(programme=programme).first()
    review.accept(pair, actor=organiser)
    run2 = runs.run_match(programme, actor=organiser, seed=99)
    fixed = [p for p in run2.record["pairs"] if p["fixed"] == "accepted"]
    assert fixed == [
        {**fixed[0], "leader_id": pair.leader.solver_id, "partner_id": pair.partner.solver_id}
    ]
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACCEPTED
    assert Partnership.objects.filter(programme=programme).count() == 3
    assert MatchRun.objects.filter(programme=programme).count() == 2


def test_override_and_swap_are_audited_with_reason(programme, organiser):
    leaders = [make_application(programme, Side.LEADER, i, capacity=1) for i in range(3)]
    for i in range(2):
        make_application(programme, Side.PARTNER, i)
    runs.run_match(programme, actor=organiser, seed=0)
    pairs = list(Partnership.objects.filter(programme=programme))
    free = next(ld for ld in leaders if ld.pk not in {p.leader_id for p in pairs})
    with pytest.raises(ValidationError):
        review.override(pairs[0], free, reason="  ", actor=organiser)
    review.override(pairs[0], free, reason="They asked to meet in person", actor=organiser)
    pairs[0].refresh_from_db()
    assert pairs[0].leader == free and pairs[0].status == PairStatus.ACCEPTED
    event = AuditEvent.objects.get(action="mentoring.pair_overridden")
    assert event.after["reason"] == "They asked to meet in person"

    old = (pairs[0].leader_id, pairs[1].leader_id)
    review.swap(pairs[0], pairs[1], reason="Better fit", actor=organiser)
    pairs[0].refresh_from_db()
    pairs[1].refresh_from_db()
    assert (pairs[1].leader_id, pairs[0].leader_id) == old
    assert AuditEvent.objects.get(action="mentoring.pairs_swapped").after["reason"] == "Better fit"


def test_override_refuses_a_declared_conflict(programme, organiser):
    a = make_application(programme, Side.LEADER, 0)
    b = make_application(programme, Side.LEADER, 1)
    p = make_application(programme, Side.PARTNER, 0, conflict_emails=["leader1@example.nhs.uk"])
    runs.run_match(programme, actor=organiser, seed=0)
    pair = Partnership.objects.get(partner=p)
    assert pair.leader == a
    with pytest.raises(ValidationError, match="declared conflict"):
        review.override(pair, b, reason="Try", actor=organiser)


def test_characteristics_never_in_audit_values(programme, make_user, org_a):
    user = make_user("applicant@example.nhs.uk")
    programmes.apply(
        programme,
        user,
        side=Side.PARTNER,
        role="Nurse",
        organisation=org_a,
        topics=["career"],
        availability=["mon-am"],
        format="online",
        hopes_to_learn="x",
        hopes_to_offer="y",
        characteristics=["race", "disability", "not-a-focus-group"],
    )
    event = AuditEvent.objects.get(action="mentoring.applied")
    assert event.after["characteristics"] == "[changed]"
    assert "race" not in str(event.after) and "disability" not in str(event.after)


def test_introductions_checkins_sent_once_and_summary(filled, organiser):
    programme, leaders, partners = filled
    runs.run_match(programme, actor=organiser, seed=0)
    review.accept_all(programme, actor=organiser)
    mail.outbox.clear()
    assert review.send_introductions(programme, actor=organiser) == 3
    assert len(mail.outbox) == 6
    assert review.send_introductions(programme, actor=organiser) == 0
    pair = Partnership.objects.filter(programme=programme).first()
    assert [c.month for c in pair.checkins.all()] == [3, 6, 12]

    mail.outbox.clear()
    later = pair.checkins.get(month=3).due_on + dt.timedelta(days=1)
    assert partnerships.send_checkin_reminders(today=later) == 3
    assert len(mail.outbox) == 6
    assert partnerships.send_checkin_reminders(today=later) == 0
    assert CheckIn.objects.filter(reminder_sent_at__isnull=False).count() == 3

    pairs = list(Partnership.objects.filter(programme=programme))
    partnerships.log_meeting(
        pairs[0], actor=organiser, date=dt.date(2027, 2, 1), format="online", minutes=60
    )
    partnerships.end_early(pairs[2], reason="Moved job", actor=organiser)
    with pytest.raises(ValidationError, match="The evaluation opens on"):
        partnerships.evaluate(
            pairs[0], Side.LEADER, actor=organiser, rating=5, learned="Lots", would_recommend=True
        )
    lifecycle.open_evaluation(programme, actor=organiser)
    for side in (Side.LEADER, Side.PARTNER):
        partnerships.evaluate(
            pairs[0], side, actor=organiser, rating=5, learned="Lots", would_recommend=True
        )
    with pytest.raises(ValidationError):
        partnerships.evaluate(
            pairs[0], Side.LEADER, actor=organiser, rating=1, learned="x", would_recommend=False
        )
    pairs[0].refresh_from_db()
    assert pairs[0].status == PairStatus.COMPLETED

    exact = partnerships.summary(programme, exact=True)
    assert exact["counts"] == {
        "leaders": 3,
        "partners": 3,
        "pairs": 3,
        "active": 1,
        "completed": 1,
        "ended": 1,
        "meetings": 1,
        "evaluations": 2,
    }
    assert exact["completion"] == 50
    assert exact["ratings"][0]["average"] == 5.0
    public = partnerships.summary(programme, exact=False)
    assert public["counts"] is None
    assert {r["value"] for r in public["rows"]} == {"*"}
    assert public["completion"] is None
    assert all(r["average"] is None for r in public["ratings"])


def test_override_to_a_full_leader_releases_their_proposed_pair_and_rerun_keeps_it(
    filled, organiser
):
    programme, leaders, partners = filled
    runs.run_match(programme, actor=organiser, seed=0)
    pair = Partnership.objects.filter(programme=programme).first()
    target = Partnership.objects.exclude(pk=pair.pk).first()
    new_leader, released_partner = target.leader, target.partner
    old_leader = pair.leader
    review.override(pair, new_leader, reason="Asked for this leader", actor=organiser)
    assert not Partnership.objects.filter(pk=target.pk).exists()
    event = AuditEvent.objects.get(action="mentoring.pair_overridden")
    assert event.before["released_partner"] == released_partner.pk
    run = runs.run_match(programme, actor=organiser, seed=1)
    pair.refresh_from_db()
    assert pair.leader == new_leader and pair.status == PairStatus.ACCEPTED
    assert {"leader_id": new_leader.solver_id, "partner_id": pair.partner.solver_id} in [
        {"leader_id": p["leader_id"], "partner_id": p["partner_id"]}
        for p in run.record["pairs"]
        if p["fixed"] == "accepted"
    ]
    assert Partnership.objects.get(partner=released_partner).leader in (old_leader, *leaders)


def test_override_refuses_a_full_leader_with_accepted_pair(filled, organiser):
    programme, leaders, partners = filled
    runs.run_match(programme, actor=organiser, seed=0)
    pair, target = list(Partnership.objects.filter(programme=programme))[:2]
    review.accept(target, actor=organiser)
    with pytest.raises(ValidationError, match="no place left"):
        review.override(pair, target.leader, reason="x", actor=organiser)


def test_checkin_command_sends_due_reminders_once(filled, organiser):
    from io import StringIO

    from django.core.management import call_command

    programme, *_ = filled
    runs.run_match(programme, actor=organiser, seed=0)
    review.accept_all(programme, actor=organiser)
    review.send_introductions(programme, actor=organiser)
    CheckIn.objects.filter(month=3).update(due_on=dt.date(2020, 1, 1))
    mail.outbox.clear()
    out = StringIO()
    call_command("send_mentoring_checkins", stdout=out)
    assert "Check-in reminders sent: 3." in out.getvalue()
    assert len(mail.outbox) == 6 and "3-month check-in" in mail.outbox[0].subject
    call_command("send_mentoring_checkins", stdout=out)
    assert len(mail.outbox) == 6
