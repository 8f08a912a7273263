"""Services: rounds, eligibility, consent, conflicts, blind mode, statistics, decisions."""

import datetime as dt
import math
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dueregard.awards.models import Evidence, Nomination, Stage, hash_token
from dueregard.awards.services import blind, decisions, judging, nominations, results, rounds
from dueregard.core.models import AuditEvent, Invitation, Notification
from dueregard.core.roles import Role

from .helpers import answers_for, close, make_judge, make_nomination, make_round

PDF = b"%PDF-1.4\n%fake but starts right\n"


def _details(org, email="rosa.martinez@example.nhs.uk", **extra):
    return {
        "kind": "individual",
        "nominee_name": "Rosa Martinez",
        "nominee_email": email,
        "nominee_job_title": "Ward manager",
        "nominee_organisation": org,
        "nominator_job_title": "Nurse",
        **extra,
    }


def _save(category, nominator, org, **kw):
    return nominations.save(
        category=category,
        nominator=nominator,
        nominator_organisation=org,
        details=kw.pop("details", _details(org)),
        answers=kw.pop("answers", answers_for(category)),
        **kw,
    )


# --- Rounds ------------------------------------------------------------------------------


def test_a_new_round_ships_the_inclusive_leader_questions(rnd):
    category = rnd.categories.get()
    assert category.name == "Inclusive Leader"
    questions = list(category.questions.all())
    assert [q.position for q in questions] == [1, 2, 3, 4]
    assert questions[0].text.startswith("Do they ensure that services are commissioned")
    assert "Evidence of a reduction in health inequalities" in questions[0].prompt_list
    assert len(questions[1].prompt_list) == 3
    assert len(questions[0].rubric) == 5
    assert AuditEvent.objects.filter(action="awards.round_created").exists()


def test_closing_date_must_follow_opening(org_a):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        rounds.create_round(
            actor=None,
            organisation=org_a,
            title="Bad",
            opens_on=today,
            closes_on=today,
            eligible_organisations=[org_a],
        )


def test_organisers_add_categories_and_questions(rnd):
    category = rounds.add_category(rnd, name="Team of the year")
    rounds.add_question(category, text="What did the team change?", word_limit=50)
    assert category.questions.get().word_limit == 50
    with pytest.raises(ValidationError):
        rounds.add_category(rnd, name="team of the year")


# --- Nominating ----------------------------------------------------------------------------


def test_word_limit_error_names_the_count(category):
    q = category.questions.first()
    q.word_limit = 5
    assert nominations.check_word_limit(q, "one two three four five") is None
    message = nominations.check_word_limit(q, "one two three four five six seven")
    assert message == "Answer to question 1 must be 5 words or fewer (it has 7 words)"


def test_draft_then_submit_asks_consent_with_a_hashed_token(category, nominator, org_a2):
    draft = _save(category, nominator, org_a2, answers={})
    assert draft.stage == Stage.DRAFT and draft.reference == ""
    sent = _save(category, nominator, org_a2, nomination=draft, submit=True)
    assert sent.stage == Stage.AWAITING_CONSENT
    assert sent.reference == "N-001"
    note = Notification.objects.get(template="awards_consent")
    assert note.recipient == "rosa.martinez@example.nhs.uk"
    token = re.search(r"/awards/consent/([^/]+)/", note.body).group(1)
    assert sent.consent_token_hash == hash_token(token)
    assert token not in sent.consent_token_hash
    assert sent.consent_expires_at > timezone.now() + dt.timedelta(days=20)


def test_submit_needs_every_answer(category, nominator, org_a2):
    with pytest.raises(ValidationError) as exc:
        _save(category, nominator, org_a2, answers={}, submit=True)
    assert "Answer question 1 before you send the nomination" in str(exc.value)
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"days_open": (-20, -1)}, "Nominations for"),
        ({"self": True}, "You cannot nominate yourself"),
        ({"ineligible": True}, "not taking part"),
    ],
)
def test_eligibility(change, message, org_a, org_a2, org_b, nominator):
    rnd = make_round(org_a, eligible=[org_a2], days_open=change.get("days_open", (-5, 5)))
    category = rnd.categories.get()
    details = _details(org_a2)
    if change.get("self"):
        details["nominee_email"] = nominator.email
    if change.get("ineligible"):
        details["nominee_organisation"] = org_b
    with pytest.raises(ValidationError) as exc:
        _save(category, nominator, org_a2, details=details)
    assert message in str(exc.value)


def test_self_nomination_when_allowed(org_a, nominator, org_a2):
    rnd = make_round(org_a, eligible=[org_a2], allow_self_nomination=True)
    n = _save(rnd.categories.get(), nominator, org_a2, details=_details(org_a2, nominator.email))
    assert n.pk


def test_one_nomination_per_nominee_category_nominator(category, nominator, org_a2, make_user):
    _save(category, nominator, org_a2)
    with pytest.raises(ValidationError) as exc:
        _save(category, nominator, org_a2, details=_details(org_a2, "ROSA.martinez@example.nhs.uk"))
    assert "already nominated this person" in str(exc.value)
    other = make_user("other@example.nhs.uk", Role.STAFF, organisation=org_a2)
    assert _save(category, other, org_a2).pk  # someone else may nominate her too


def test_evidence_checked_and_nothing_half_saved_on_a_bad_file(category, nominator, org_a2):
    fake = SimpleUploadedFile("report.pdf", b"MZ this is not a pdf", "application/pdf")
    with pytest.raises(ValidationError) as exc:
        _save(category, nominator, org_a2, upload=fake)
    assert "not a real .pdf file" in str(exc.value)
    assert not Nomination.objects.exists() and not Evidence.objects.exists()
    exe = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")
    with pytest.raises(ValidationError, match="PDF, Word"):
        _save(category, nominator, org_a2, upload=exe)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError, match="smaller than 10 MB"):
        _save(category, nominator, org_a2, upload=big)
    good = SimpleUploadedFile("letter.pdf", PDF, "application/pdf")
    n = _save(category, nominator, org_a2, upload=good)
    assert n.evidence.get().original_name == "letter.pdf"


def _consent_token(nomination):
    return re.search(
        r"/awards/consent/([^/]+)/",
        Notification.objects.filter(template="awards_consent").first().body,
    ).group(1)


def test_consent_moves_to_judging_and_the_link_works_once(category, nominator, org_a2):
    n = _save(category, nominator, org_a2, submit=True)
    token = _consent_token(n)
    nominations.respond_to_consent(token, consent=True)
    n.refresh_from_db()
    assert n.stage == Stage.JUDGING and n.consented_at
    assert Notification.objects.filter(template="awards_consent_answered").exists()
    with pytest.raises(nominations.TokenError):
        nominations.find_for_consent(token)
    assert AuditEvent.objects.filter(action="awards.consent_given").exists()


def test_declined_or_expired_consent(category, nominator, org_a2):
    n = _save(category, nominator, org_a2, submit=True)
    token = _consent_token(n)
    Nomination.objects.filter(pk=n.pk).update(consent_expires_at=timezone.now() - dt.timedelta(1))
    with pytest.raises(nominations.TokenError, match="expired"):
        nominations.find_for_consent(token)
    Nomination.objects.filter(pk=n.pk).update(consent_expires_at=timezone.now() + dt.timedelta(1))
    nominations.respond_to_consent(token, consent=False)
    n.refresh_from_db()
    assert n.stage == Stage.DECLINED
    with pytest.raises(nominations.TokenError, match="not recognised"):
        nominations.find_for_consent("made-up")


def test_unconsented_nominations_never_reach_judges(rnd, nominator, judges):
    waiting = make_nomination(rnd, nominator, stage=Stage.AWAITING_CONSENT)
    ready = make_nomination(rnd, nominator, nominee="Rosa Martinez")
    visible = set(judging.visible_nominations(rnd, judges[0]))
    assert ready in visible and waiting not in visible


# --- Panel, conflicts, blind mode ------------------------------------------------------------


def test_conflicts_are_hard_exclusions_and_remove_scores(rnd, nominator, judges, organiser):
    n = make_nomination(rnd, nominator)
    judging.score(judges[0], n, scores={q.pk: 4 for q in n.category.questions.all()})
    judging.record_conflict(judges[0], n, kind="line_manager", actor=organiser)
    assert n not in judging.visible_nominations(rnd, judges[0])
    assert n in judging.visible_nominations(rnd, judges[1])
    assert not n.scoresheets.exists()
    with pytest.raises(ValidationError):
        judging.score(judges[0], n, scores={q.pk: 4 for q in n.category.questions.all()})
    event = AuditEvent.objects.get(action="awards.conflict_recorded")
    assert event.after["kind"] == "line_manager" and event.after["scores_removed"] is True


def test_nobody_judges_their_own_nomination(rnd, nominator, make_user, org_a):
    n = make_nomination(rnd, nominator, nominee_email="judge.nominee@example.nhs.uk")
    as_nominator = make_judge(rnd, nominator)
    as_nominee = make_judge(
        rnd, make_user("judge.nominee@example.nhs.uk", Role.STAFF, organisation=org_a)
    )
    assert n not in judging.visible_nominations(rnd, as_nominator)
    assert n not in judging.visible_nominations(rnd, as_nominee)


def test_external_judges_are_invited_as_panel_members(rnd, organiser):
    judge = judging.add_judge(
        rnd, email="Pat.Rep@example.org", full_name="Pat Rep", kind="patient", actor=organiser
    )
    invitation = Invitation.objects.get(email="pat.rep@example.org")
    assert invitation.role == Role.PANEL_MEMBER and invitation.organisation == rnd.organisation
    assert judge.user is None
    with pytest.raises(ValidationError):
        judging.add_judge(rnd, email="pat.rep@example.org", full_name="Again", actor=organiser)


def test_staff_judges_join_without_invitation_and_link_on_first_use(
    rnd, organiser, make_user, org_a
):
    user = make_user("aisha@example.nhs.uk", Role.STAFF, organisation=org_a)
    judge = judging.add_judge(rnd, email=user.email, full_name="Aisha", actor=organiser)
    assert judge.user == user and not Invitation.objects.exists()
    judge.user = None
    judge.save()
    assert judging.judge_for(rnd, user) == judge
    judge.refresh_from_db()
    assert judge.user == user


def test_blind_redaction_of_known_names(rnd, nominator):
    n = make_nomination(rnd, nominator, nominee="Olu Adebayo")
    text = (
        "Olu Adebayo set up a panel. Olu's colleagues at Alpha NHS Trust (AAA) say "
        "Adebayo listens. Kemi Johnson saw it."
    )
    red = blind.redact(text, n)
    assert "Olu" not in red and "Adebayo" not in red and "Kemi" not in red
    assert "Alpha NHS Trust" not in red and "AAA" not in red
    assert red.startswith("[nominee] set up a panel. [nominee] colleagues at [organisation]")
    assert "[nominator] saw it" in red


def test_blind_view_hides_names(rnd, nominator):
    from dueregard.awards import presenters

    n = make_nomination(rnd, nominator, nominee="Olu Adebayo")
    view = presenters.for_judge(n, blind_mode=True)
    flat = repr(view)
    assert "Olu" not in flat and "Kemi" not in flat and "Alpha" not in flat
    open_view = presenters.for_judge(n, blind_mode=False)
    assert "Olu Adebayo" in repr(open_view["rows"])


# --- Statistics (hand-computed) ---------------------------------------------------------------


def test_statistics_by_hand():
    M = results.Mark
    # Judge 1 marks A=4, B=2 (mean 3, sd sqrt(2)); judge 2 marks A=5, B=3, C=4 (mean 4, sd 1);
    # judge 3 marks A=3 only (no spread, no z).
    marks = [M(1, "A", 4), M(1, "B", 2), M(2, "A", 5), M(2, "B", 3), M(2, "C", 4), M(3, "A", 3)]
    out, judges = results.compute(marks, ["A", "B", "C", "D"], min_judges=3)
    a, b, c, d = out
    assert a.judges == 3 and a.mean == pytest.approx(4.0)
    assert a.sd == pytest.approx(1.0)  # 3, 4, 5
    assert (a.low, a.high) == (3, 5)
    # z: judge 1 (4-3)/sqrt(2) = 0.7071; judge 2 (5-4)/1 = 1; judge 3 none -> mean 0.8536
    assert a.z_by_judge[1] == pytest.approx(1 / math.sqrt(2))
    assert a.z_by_judge[3] is None
    assert a.mean_z == pytest.approx((1 / math.sqrt(2) + 1) / 2)
    assert not a.too_few
    assert b.judges == 2 and b.too_few and b.mean == pytest.approx(2.5)
    assert b.sd == pytest.approx(math.sqrt(0.5))
    assert b.mean_z == pytest.approx((-1 / math.sqrt(2) - 1) / 2)
    assert c.judges == 1 and c.sd is None and c.mean_z == pytest.approx(0.0)
    assert d.judges == 0 and d.mean is None and d.too_few
    assert judges[1].sd == pytest.approx(math.sqrt(2)) and judges[3].sd is None


def test_a_judge_who_marks_everything_the_same_has_z_zero():
    M = results.Mark
    out, _ = results.compute([M(1, "A", 3), M(1, "B", 3)], ["A", "B"], min_judges=1)
    assert [r.mean_z for r in out] == [0.0, 0.0]


def test_marks_from_scoresheets_are_question_means(rnd, nominator, judges):
    n = make_nomination(rnd, nominator)
    qs = list(n.category.questions.all())
    judging.score(judges[0], n, scores=dict(zip([q.pk for q in qs], [5, 4, 3, 4], strict=True)))
    judging.score(judges[1], n, scores={q.pk: 2 for q in qs})
    out, _ = results.compute(results.marks_for(rnd), [n.pk], rnd.min_judges)
    assert out[0].mean == pytest.approx((4.0 + 2.0) / 2)
    assert out[0].too_few  # 2 of 3
    with pytest.raises(ValidationError):
        judging.score(judges[2], n, scores={qs[0].pk: 6})


# --- Decisions, citations, public page --------------------------------------------------------


def test_decisions_are_audited_and_notified_at_announcement(rnd, nominator, organiser):
    n = make_nomination(rnd, nominator)
    with pytest.raises(ValidationError, match="Nominations close on"):
        decisions.decide(n, outcome=Stage.SHORTLISTED, reason="Early", actor=organiser)
    close(rnd)
    with pytest.raises(ValidationError):
        decisions.decide(n, outcome=Stage.SHORTLISTED, reason=" ", actor=organiser)
    with pytest.raises(ValidationError) as exc:
        decisions.decide(n, outcome=Stage.SHORTLISTED, reason="Strong on Q1", actor=organiser)
    assert "has 0 of the 3 scores" in str(exc.value.message_dict["override_reason"])
    decisions.decide(
        n,
        outcome=Stage.SHORTLISTED,
        reason="Strong on Q1",
        override_reason="Two judges withdrew",
        actor=organiser,
    )
    event = AuditEvent.objects.get(action="awards.decided")
    assert event.after["override"] == {"scores": 0, "needed": 3, "reason": "Two judges withdrew"}
    assert event.before["stage"] == "judging"
    assert not Notification.objects.filter(template="awards_shortlisted").exists()
    with pytest.raises(ValidationError, match="not final"):
        decisions.announce(rnd, actor=organiser)
    with pytest.raises(ValidationError, match="at least one winner"):
        decisions.finalise(rnd, actor=organiser)
    rnd.min_judges = 0
    rnd.save()
    winner = make_nomination(rnd, nominator, nominee="Rosa Martinez")
    decisions.decide(winner, outcome=Stage.WINNER, reason="r", citation="For Rosa", actor=organiser)
    decisions.finalise(rnd, actor=organiser)
    with pytest.raises(ValidationError, match="final"):
        decisions.decide(n, outcome=Stage.WINNER, reason="r", citation="c", actor=organiser)
    decisions.announce(rnd, actor=organiser)
    recipients = set(
        Notification.objects.filter(template="awards_shortlisted").values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {n.nominee_email, nominator.email}
    with pytest.raises(ValidationError, match="already been announced"):
        decisions.announce(rnd, actor=organiser)
    assert Notification.objects.filter(template="awards_shortlisted").count() == 2


def test_a_winner_needs_a_citation(rnd, nominator, organiser):
    close(rnd)
    n = make_nomination(rnd, nominator)
    with pytest.raises(ValidationError, match="citation"):
        decisions.decide(
            n, outcome=Stage.WINNER, reason="Best", override_reason="x", actor=organiser
        )


def test_public_page_shows_only_approved_citations(rnd, nominator, organiser):
    close(rnd)
    rnd.min_judges = 0
    rnd.save()
    approved = make_nomination(rnd, nominator, nominee="Olu Adebayo")
    unapproved = make_nomination(rnd, nominator, nominee="Rosa Martinez")
    shortlisted = make_nomination(rnd, nominator, nominee="Sam Osei")
    decisions.decide(
        approved, outcome=Stage.WINNER, reason="r", citation="For Olu", actor=organiser
    )
    decisions.decide(
        unapproved, outcome=Stage.WINNER, reason="r", citation="For Rosa", actor=organiser
    )
    decisions.decide(shortlisted, outcome=Stage.SHORTLISTED, reason="r", actor=organiser)
    decisions.finalise(rnd, actor=organiser)
    assert decisions.public_round(rnd.public_slug) is None  # not announced yet
    decisions.announce(rnd, actor=organiser)
    body = Notification.objects.get(template="awards_winner", recipient=approved.nominee_email).body
    token = re.search(r"/awards/citation/([^/\s]+)/", body).group(1)
    assert decisions.public_round(rnd.public_slug) == rnd
    assert list(decisions.public_winners(rnd)) == []
    decisions.respond_to_citation(token, approve=True)
    assert [w.nominee_name for w in decisions.public_winners(rnd)] == ["Olu Adebayo"]
    assert AuditEvent.objects.filter(action="awards.citation_approved").exists()
    assert AuditEvent.objects.filter(action="awards.announced").exists()


def test_certificate_document(rnd, nominator, organiser):
    n = make_nomination(rnd, nominator)
    with pytest.raises(ValidationError):
        decisions.certificate(n)
    close(rnd)
    decisions.decide(
        n,
        outcome=Stage.WINNER,
        reason="r",
        citation="For leadership",
        override_reason="Panel of one",
        actor=organiser,
    )
    doc = decisions.certificate(n)
    assert "Olu Adebayo" in doc.blocks[0].text and "winner" in doc.blocks[0].text


def test_demo_loader_is_idempotent(db):
    from dueregard.awards import demo
    from dueregard.awards.models import Round
    from dueregard.core.demo import load_core

    system = load_core()
    demo.load(system)
    demo.load(system)
    rnd = Round.objects.get(title="Inclusive Leader Awards 2026")
    assert rnd.is_open() and rnd.organisation.ods_code == "XRV01"
    assert rnd.nominations.count() == 3 and rnd.judges.count() == 4
    dan = rnd.judges.get(email__startswith="dan.wright")
    assert rnd.nominations.get(reference="N-001") not in judging.visible_nominations(rnd, dan)


def test_nominations_are_disposed_of_after_the_retention_period(org_a, nominator, make_user):
    from dueregard.awards.models import Judge
    from dueregard.awards.services import retention

    old = make_round(org_a, days_open=(-2000, -1500))
    current = make_round(org_a, title="Current")
    kept = make_nomination(current, nominator)
    gone = make_nomination(old, nominator)
    make_judge(old, make_user("old.judge@example.nhs.uk"))
    assert retention.dispose(timezone.now()) == 1
    assert not Nomination.objects.filter(pk=gone.pk).exists()
    assert Nomination.objects.filter(pk=kept.pk).exists()
    assert not Judge.objects.filter(round=old).exists()
    assert old.categories.exists()  # the round and its questions stay
