"""A programme's life: change, pause, close, evaluation timing, withdraw with a rematch
by the same optimal solver, organisation rules and preferences, reasons in words."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from dueregard.core.models import AuditEvent, Organisation
from dueregard.mentoring import presenters
from dueregard.mentoring.models import Application, PairStatus, Partnership, ProgrammeStatus, Side
from dueregard.mentoring.services import lifecycle, review, runs

from .helpers import make_application


def _introduce(programme, organiser):
    runs.run_match(programme, actor=organiser, seed=0)
    review.accept_all(programme, actor=organiser)
    review.send_introductions(programme, actor=organiser)


def test_withdrawn_leaders_partner_is_rematched_from_the_unmatched_pool(filled, organiser):
    programme, leaders, partners = filled
    spare = make_application(programme, Side.LEADER, 7, topics=["career"], team="spare team")
    spare.capacity = 1
    spare.save()
    _introduce(programme, organiser)
    kept = {
        (p.leader_id, p.partner_id) for p in Partnership.objects.filter(status=PairStatus.ACTIVE)
    }
    gone = Partnership.objects.filter(status=PairStatus.ACTIVE).exclude(leader=spare).first()
    orphan = gone.partner
    mail.outbox.clear()
    offered = lifecycle.withdraw_participant(gone.leader, reason="Left the trust", actor=organiser)
    gone.refresh_from_db()
    assert gone.status == PairStatus.ENDED and "left the programme" in gone.end_reason
    assert Application.objects.get(pk=gone.leader_id).status == Application.Status.WITHDRAWN
    assert [(p.leader_id, p.partner_id) for p in offered] == [(spare.pk, orphan.pk)]
    assert offered[0].status == PairStatus.PROPOSED
    # Every other pair stayed exactly as it was.
    still = {
        (p.leader_id, p.partner_id) for p in Partnership.objects.filter(status=PairStatus.ACTIVE)
    }
    assert still == kept - {(gone.leader_id, gone.partner_id)}
    (message,) = [m for m in mail.outbox if m.to == [orphan.user.email]]
    assert "found you a new partner" in message.body
    assert AuditEvent.objects.filter(action="mentoring.participant_withdrawn").exists()
    with pytest.raises(ValidationError, match="already left"):
        lifecycle.withdraw_participant(gone.leader, reason="x", actor=organiser)


def test_no_rematch_when_nobody_is_free_and_the_partner_is_told(filled, organiser):
    programme, leaders, partners = filled
    _introduce(programme, organiser)
    pair = Partnership.objects.filter(status=PairStatus.ACTIVE).first()
    mail.outbox.clear()
    assert lifecycle.withdraw_participant(pair.leader, reason="Ill", actor=organiser) == []
    (message,) = [m for m in mail.outbox if m.to == [pair.partner.user.email]]
    assert "Nobody suitable is waiting" in message.body
    with pytest.raises(ValidationError):
        lifecycle.withdraw_participant(pair.partner, reason=" ", actor=organiser)


def test_pause_resume_close_and_edit(filled, organiser):
    programme, leaders, partners = filled
    lifecycle.pause(programme, actor=organiser)
    assert programme.status == ProgrammeStatus.PAUSED
    with pytest.raises(ValidationError, match="paused"):
        runs.run_match(programme, actor=organiser)
    lifecycle.resume(programme, actor=organiser)
    assert programme.status == ProgrammeStatus.OPEN
    lifecycle.update_programme(
        programme, actor=organiser, title="Renamed", organisation_rule="same"
    )
    programme.refresh_from_db()
    assert (programme.title, programme.organisation_rule) == ("Renamed", "same")
    with pytest.raises(ValidationError):
        lifecycle.update_programme(programme, actor=organiser, cohort_end=programme.cohort_start)
    _introduce(programme, organiser)
    lifecycle.close(programme, actor=organiser)
    assert set(programme.partnerships.values_list("status", flat=True)) == {PairStatus.COMPLETED}
    with pytest.raises(ValidationError, match="closed"):
        lifecycle.pause(programme, actor=organiser)


def test_organisation_rule_and_hard_preferences_reach_the_solver(programme, organiser, org_a):
    other = Organisation.objects.create(system=org_a.system, name="Beta Trust", ods_code="BB1")
    leader_a = make_application(programme, Side.LEADER, 0, topics=["career"])
    leader_b = make_application(programme, Side.LEADER, 1, org=other, topics=["board"])
    partner = make_application(programme, Side.PARTNER, 0, topics=["career"])
    runs.run_match(programme, actor=organiser, seed=0)
    assert Partnership.objects.get().leader == leader_a  # same topics win
    programme.organisation_rule = "different"
    programme.save()
    runs.run_match(programme, actor=organiser, seed=0)
    assert Partnership.objects.get().leader == leader_b
    programme.organisation_rule = "either"
    programme.preference_mode = "hard"
    programme.save()
    partner.avoid_organisations = [other.pk]
    partner.save()
    leader_a.avoid_organisations = [org_a.pk]
    leader_a.save()
    run = runs.run_match(programme, actor=organiser, seed=0)
    assert not Partnership.objects.exists()
    assert run.record["inputs"]["constraints"]["preferences"] == "hard"
    assert runs.reproduces(run)


def test_match_reasons_are_in_words():
    text = "2 shared topics: board, career; both available mon-am, tue-pm; both prefer online"
    words = presenters.humanise(text, {})
    assert "mon-am" not in words and "career," not in words
    assert "Boards, governance and decision making" in words
    assert "Monday morning, Tuesday afternoon" in words


def test_withdraw_and_edit_pages(client_for, filled, organiser):
    programme, leaders, partners = filled
    _introduce(programme, organiser)
    pair = Partnership.objects.filter(status=PairStatus.ACTIVE).first()
    client = client_for(organiser)
    url = reverse("mentoring:withdraw", args=[pair.leader.pk])
    page = client.get(url).content.decode()
    assert pair.partner.name in page
    bad = client.post(url, {"reason": ""})
    assert bad.status_code == 400 and "Give the reason" in bad.content.decode()
    assert client.post(url, {"reason": "Moved away"}).status_code == 302
    edit = client.get(reverse("mentoring:programme-edit", args=[programme.pk]))
    assert edit.status_code == 200
    assert client.post(reverse("mentoring:programme-pause", args=[programme.pk])).status_code == 302
    again = client.post(reverse("mentoring:programme-pause", args=[programme.pk]))
    assert again.status_code == 400 and "already paused" in again.content.decode()
