"""Views: permissions, failed posts keep input (400), conflicted judges get 404 everywhere."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dueregard.awards.models import Nomination, Round, Stage
from dueregard.awards.services import decisions, judging
from dueregard.core.models import Notification
from dueregard.core.roles import Role

from .helpers import close, make_judge, make_nomination


def _form(category, org, **extra):
    data = {
        "kind": "individual",
        "nominee_name": "Rosa Martinez",
        "nominee_email": "rosa@example.nhs.uk",
        "nominee_job_title": "Ward manager",
        "nominee_organisation": str(org.pk),
        "nominator_job_title": "Nurse",
        "action": "submit",
    }
    for q in category.questions.all():
        data[f"answer_{q.pk}"] = "She listens and acts."
    data.update(extra)
    return data


def test_index_lists_open_rounds(client_for, nominator, rnd):
    response = client_for(nominator).get(reverse("awards:index"))
    assert response.status_code == 200
    assert rnd.title in response.content.decode()


def test_staff_cannot_set_up_rounds(client_for, nominator):
    assert client_for(nominator).get(reverse("awards:round-create")).status_code == 403


def test_edi_leads_do_not_run_rounds(client_for, edi_lead_a, rnd):
    client = client_for(edi_lead_a)
    assert client.get(reverse("awards:round-create")).status_code == 403
    assert client.get(reverse("awards:judge-add", args=[rnd.pk])).status_code == 403
    assert client.get(reverse("awards:results", args=[rnd.pk])).status_code == 403


def test_organiser_creates_a_round_and_bad_dates_keep_input(client_for, organiser, org_a):
    client = client_for(organiser)
    data = {
        "title": "Awards 2027",
        "opens_on_0": "1",
        "opens_on_1": "3",
        "opens_on_2": "2027",
        "closes_on_0": "1",
        "closes_on_1": "2",
        "closes_on_2": "2027",
        "eligible_organisations": [str(org_a.pk)],
        "min_judges": "3",
        "blind": "on",
        "include_inclusive_leader": "on",
    }
    response = client.post(reverse("awards:round-create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "The closing date must be after the opening date" in body
    assert 'value="Awards 2027"' in body
    data["closes_on_1"] = "5"
    response = client.post(reverse("awards:round-create"), data)
    assert response.status_code == 302
    rnd = Round.objects.get(title="Awards 2027")
    assert rnd.categories.get().questions.count() == 4


def test_nominate_over_word_limit_is_400_and_keeps_input(client_for, nominator, category, org_a2):
    q = category.questions.first()
    q.word_limit = 3
    q.save()
    data = _form(category, org_a2, **{f"answer_{q.pk}": "one two three four five"})
    response = client_for(nominator).post(reverse("awards:nominate", args=[category.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "must be 3 words or fewer (it has 5 words)" in body
    assert "one two three four five" in body and 'value="Rosa Martinez"' in body
    assert body.count("<title>Error: ") == 1 or "Error:" in body.split("</title>")[0]
    assert not Nomination.objects.exists()


def test_bad_file_is_400_and_nothing_saved(client_for, nominator, category, org_a2):
    data = _form(category, org_a2, evidence=SimpleUploadedFile("x.pdf", b"nope", "application/pdf"))
    response = client_for(nominator).post(reverse("awards:nominate", args=[category.pk]), data)
    assert response.status_code == 400
    assert "not a real .pdf file" in response.content.decode()
    assert not Nomination.objects.exists()


def test_nominate_draft_then_send_then_consent(client, client_for, nominator, category, org_a2):
    c = client_for(nominator)
    data = _form(category, org_a2, action="draft")
    response = c.post(reverse("awards:nominate", args=[category.pk]), data)
    n = Nomination.objects.get()
    assert response.status_code == 302 and n.stage == Stage.DRAFT
    assert c.get(reverse("awards:nomination-edit", args=[n.pk])).status_code == 200
    data["action"] = "submit"
    assert c.post(reverse("awards:nomination-edit", args=[n.pk]), data).status_code == 302
    n.refresh_from_db()
    assert n.stage == Stage.AWAITING_CONSENT
    token = re.search(
        r"/awards/consent/([^/]+)/", Notification.objects.get(template="awards_consent").body
    ).group(1)
    c.logout()
    url = reverse("awards:consent", args=[token])
    assert client.get(url).status_code == 200
    missing = client.post(url, {})
    assert missing.status_code == 400 and "Choose whether you agree" in missing.content.decode()
    assert client.post(url, {"consent": "yes"}).status_code == 200
    n.refresh_from_db()
    assert n.stage == Stage.JUDGING
    used = client.get(url)  # used: says when, and what happened
    assert used.status_code == 200
    text = used.content.decode()
    assert "This link has already been used" in text and "you agreed to be nominated" in text
    assert "not recognised" not in text


def test_someone_elses_nomination_is_403(client_for, make_user, org_a2, rnd, nominator):
    n = make_nomination(rnd, nominator)
    other = make_user("other@example.nhs.uk", Role.STAFF, organisation=org_a2)
    assert client_for(other).get(reverse("awards:nomination", args=[n.pk])).status_code == 403


def test_conflicted_judge_gets_404_everywhere(client_for, rnd, nominator, judges, organiser):
    n = make_nomination(rnd, nominator)
    judging.record_conflict(judges[0], n, kind="same_team", actor=organiser)
    c = client_for(judges[0].user)
    listing = c.get(reverse("awards:judging", args=[rnd.pk]))
    assert listing.status_code == 200 and n.reference not in listing.content.decode()
    for name in ("awards:score", "awards:declare-conflict", "awards:nomination"):
        assert c.get(reverse(name, args=[n.pk])).status_code == 404, name
    assert c.post(reverse("awards:score", args=[n.pk]), {}).status_code == 404
    # A judge without the conflict sees it.
    other = client_for(judges[1].user)
    assert n.reference in other.get(reverse("awards:judging", args=[rnd.pk])).content.decode()


def test_blind_scoring_page_hides_names(client_for, rnd, nominator, judges):
    n = make_nomination(rnd, nominator, nominee="Olu Adebayo")
    body = client_for(judges[0].user).get(reverse("awards:score", args=[n.pk])).content.decode()
    assert "Olu" not in body and "Adebayo" not in body and "Kemi" not in body
    assert "[nominee] did great work" in body


def test_scoring_missing_is_400_then_saved(client_for, rnd, nominator, judges):
    n = make_nomination(rnd, nominator)
    c = client_for(judges[0].user)
    qs = list(n.category.questions.all())
    data = {f"score_{qs[0].pk}": "4", "comment": "Kept"}
    response = c.post(reverse("awards:score", args=[n.pk]), data)
    assert response.status_code == 400
    assert "Choose a score for question 2" in response.content.decode()
    assert "Kept" in response.content.decode()
    data.update({f"score_{q.pk}": "3" for q in qs[1:]})
    assert c.post(reverse("awards:score", args=[n.pk]), data).status_code == 302
    assert n.scoresheets.get().scores.count() == 4


def test_non_judge_cannot_score(client_for, rnd, nominator, make_user, org_a):
    n = make_nomination(rnd, nominator)
    staff = make_user("staff.x@example.nhs.uk", Role.STAFF, organisation=org_a)
    assert client_for(staff).get(reverse("awards:score", args=[n.pk])).status_code == 403


def test_judge_declares_a_conflict(client_for, rnd, nominator, judges):
    n = make_nomination(rnd, nominator)
    c = client_for(judges[0].user)
    url = reverse("awards:declare-conflict", args=[n.pk])
    assert c.post(url, {}).status_code == 400
    assert c.post(url, {"kind": "personal"}).status_code == 302
    assert c.get(reverse("awards:score", args=[n.pk])).status_code == 404


def test_chair_results_decide_and_public_page(
    client, client_for, rnd, nominator, judges, organiser
):
    n = make_nomination(rnd, nominator)
    for j in judges[:3]:
        judging.score(j, n, scores={q.pk: 4 for q in n.category.questions.all()})
    c = client_for(organiser)
    early = c.post(reverse("awards:decide", args=[n.pk]), {"outcome": "shortlisted", "reason": "x"})
    assert early.status_code == 400 and "Nominations close on" in early.content.decode()
    close(rnd)
    body = c.get(reverse("awards:results", args=[rnd.pk])).content.decode()
    assert "4.00" in body and "Too few judges" not in body
    url = reverse("awards:decide", args=[n.pk])
    bad = c.post(url, {"outcome": "winner", "reason": "Outstanding"})
    assert bad.status_code == 400 and "Write the citation" in bad.content.decode()
    assert "Outstanding" in bad.content.decode()
    ok = c.post(url, {"outcome": "winner", "reason": "Outstanding", "citation": "For Olu's work"})
    assert ok.status_code == 302
    assert not Notification.objects.filter(template="awards_winner").exists()
    too_early = c.post(reverse("awards:announce", args=[rnd.pk]))
    assert too_early.status_code == 400 and "not final" in too_early.content.decode()
    assert c.post(reverse("awards:finalise", args=[rnd.pk])).status_code == 302
    assert c.post(reverse("awards:announce", args=[rnd.pk])).status_code == 302
    pdf = c.get(reverse("awards:certificate", args=[n.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    c.logout()
    public = reverse("awards:winners", args=[rnd.public_slug])
    assert "For Olu" not in client.get(public).content.decode()
    body = Notification.objects.get(template="awards_winner", recipient=n.nominee_email).body
    token = re.search(r"/awards/citation/([^/\s]+)/", body).group(1)
    assert (
        client.post(reverse("awards:citation", args=[token]), {"approve": "yes"}).status_code == 200
    )
    assert "For Olu" in client.get(public).content.decode()
    ask = reverse("publishing:request-format", args=["awards", rnd.public_slug])  # a11y
    assert ask in client.get(public).content.decode() and client.get(ask).status_code == 200
    large = reverse("publishing:download", args=["awards", rnd.public_slug, "large-print"])
    assert large in client.get(public).content.decode()
    assert "For Olu" in client.get(large).content.decode()


def test_winners_page_404_until_announced(client, rnd):
    assert client.get(reverse("awards:winners", args=[rnd.public_slug])).status_code == 404


def test_panel_chair_judge_sees_results(client_for, rnd, judges):
    judges[0].is_chair = True
    judges[0].save()
    assert (
        client_for(judges[0].user).get(reverse("awards:results", args=[rnd.pk])).status_code == 200
    )
    assert (
        client_for(judges[1].user).get(reverse("awards:results", args=[rnd.pk])).status_code == 403
    )


def test_conflicted_chair_does_not_see_the_nomination_in_results(
    client_for, rnd, nominator, judges, organiser
):
    n = make_nomination(rnd, nominator, nominee="Olu Adebayo")
    judges[0].is_chair = True
    judges[0].save()
    judging.record_conflict(judges[0], n, kind="other", actor=organiser)
    c = client_for(judges[0].user)
    assert "Olu Adebayo" not in c.get(reverse("awards:results", args=[rnd.pk])).content.decode()
    assert c.get(reverse("awards:decide", args=[n.pk])).status_code == 404
    csv = c.get(reverse("awards:export", args=[rnd.pk, "nominations", "csv"])).content.decode()
    assert "Olu Adebayo" not in csv


@pytest.mark.parametrize(
    "name", ["awards:judge-add", "awards:conflict-record", "awards:category-create"]
)
def test_organiser_forms_400_on_empty_post(client_for, organiser, rnd, name):
    response = client_for(organiser).post(reverse(name, args=[rnd.pk]), {})
    assert response.status_code == 400


def test_organiser_records_a_conflict(client_for, organiser, rnd, nominator, judges):
    n = make_nomination(rnd, nominator)
    c = client_for(organiser)
    data = {"judge": str(judges[0].pk), "nomination": str(n.pk), "kind": "line_manager"}
    assert c.post(reverse("awards:conflict-record", args=[rnd.pk]), data).status_code == 302
    assert n not in judging.visible_nominations(rnd, judges[0])


def test_organiser_adds_a_judge_and_question(client_for, organiser, rnd, category):
    c = client_for(organiser)
    data = {"full_name": "Pat Rep", "email": "pat@example.org", "kind": "patient"}
    assert c.post(reverse("awards:judge-add", args=[rnd.pk]), data).status_code == 302
    assert rnd.judges.get().kind == "patient"
    bad = c.post(
        reverse("awards:question-create", args=[category.pk]), {"text": "Q?", "word_limit": "0"}
    )
    assert bad.status_code == 400 and "1 or more" in bad.content.decode()
    ok = c.post(
        reverse("awards:question-create", args=[category.pk]), {"text": "Q?", "word_limit": "100"}
    )
    assert ok.status_code == 302 and category.questions.count() == 5


def test_evidence_download_blind_name_for_judges(
    client_for, rnd, nominator, judges, org_a2, category
):
    from dueregard.awards.services import nominations as svc

    n = svc.save(
        category=category,
        nominator=nominator,
        nominator_organisation=org_a2,
        details={
            "kind": "individual",
            "nominee_name": "Rosa",
            "nominee_email": "rosa@example.nhs.uk",
            "nominee_job_title": "Nurse",
            "nominee_organisation": org_a2,
        },
        answers={},
        upload=SimpleUploadedFile("Rosa-letter.pdf", b"%PDF-1.4\n", "application/pdf"),
    )
    Nomination.objects.filter(pk=n.pk).update(stage=Stage.JUDGING)
    e = n.evidence.get()
    response = client_for(judges[0].user).get(reverse("awards:evidence", args=[e.pk]))
    assert response.status_code == 200
    assert "Rosa" not in response["Content-Disposition"]
    judging.record_conflict(judges[1], n, kind="other")
    assert (
        client_for(judges[1].user).get(reverse("awards:evidence", args=[e.pk])).status_code == 404
    )


def test_certificate_only_for_shortlisted_or_winner(client_for, rnd, nominator, organiser):
    n = make_nomination(rnd, nominator)
    c = client_for(organiser)
    assert c.get(reverse("awards:certificate", args=[n.pk])).status_code == 404
    close(rnd)
    decisions.decide(
        n, outcome=Stage.SHORTLISTED, reason="Good", override_reason="x", actor=organiser
    )
    assert c.get(reverse("awards:certificate", args=[n.pk])).status_code == 200


def test_judges_own_nomination_hidden(client_for, rnd, nominator, make_user, org_a):
    n = make_nomination(rnd, nominator)
    judge = make_judge(rnd, nominator)
    assert client_for(nominator).get(reverse("awards:score", args=[n.pk])).status_code == 404
    assert judge.pk


def test_organiser_changes_dates_and_settings(client_for, organiser, rnd, org_a):
    from dueregard.core.models import AuditEvent

    c = client_for(organiser)
    url = reverse("awards:round-edit", args=[rnd.pk])
    page = c.get(url).content.decode()
    assert "Include the Inclusive Leader category" not in page
    data = {
        "title": rnd.title,
        "opens_on_0": "10",
        "opens_on_1": "1",
        "opens_on_2": "2027",
        "closes_on_0": "9",
        "closes_on_1": "1",
        "closes_on_2": "2027",
        "eligible_organisations": [str(org_a.pk)],
        "min_judges": "4",
    }
    assert c.post(url, data).status_code == 400
    data["closes_on_1"] = "2"
    assert c.post(url, data).status_code == 302
    rnd.refresh_from_db()
    assert rnd.min_judges == 4 and not rnd.blind and rnd.closes_on.month == 2
    event = AuditEvent.objects.get(action="awards.round_changed")
    assert event.after["min_judges"] == 4 and event.before["min_judges"] == 3


def test_judge_declares_conflicts_by_name(client_for, rnd, nominator, judges):
    n = make_nomination(rnd, nominator, nominee="Olu Adebayo")
    c = client_for(judges[0].user)
    url = reverse("awards:judge-conflicts", args=[rnd.pk])
    page = c.get(url).content.decode()
    assert "Olu Adebayo" in page and n.reference not in page
    assert c.post(url, {"kind": "personal"}).status_code == 400
    assert c.post(url, {"nomination": str(n.pk), "kind": "personal"}).status_code == 302
    assert n not in judging.visible_nominations(rnd, judges[0])
    c.get(url)  # shows the success message once
    assert "Olu Adebayo" not in c.get(url).content.decode()


def test_conflict_names_page_is_for_judges_only(client_for, rnd, nominator):
    assert (
        client_for(nominator).get(reverse("awards:judge-conflicts", args=[rnd.pk])).status_code
        == 403
    )


def test_nomination_form_has_a_live_word_count(client_for, nominator, category):
    body = (
        client_for(nominator).get(reverse("awards:nominate", args=[category.pk])).content.decode()
    )
    assert body.count('data-maxwords="500"') == 4
    assert "Evidence of a reduction in health inequalities" in body


def test_organiser_changes_a_word_limit(client_for, organiser, category, nominator):
    from dueregard.core.models import AuditEvent

    q = category.questions.first()
    c = client_for(organiser)
    url = reverse("awards:question-edit", args=[q.pk])
    assert q.text in c.get(url).content.decode()
    data = {"text": q.text, "prompts": q.prompts, "word_limit": "abc"}
    bad = c.post(url, data)
    assert bad.status_code == 400 and "whole number" in bad.content.decode()
    data["word_limit"] = "250"
    assert c.post(url, data).status_code == 302
    q.refresh_from_db()
    assert q.word_limit == 250
    event = AuditEvent.objects.get(action="awards.question_changed")
    assert event.before == {"word_limit": 500} and event.after == {"word_limit": 250}
    assert client_for(nominator).get(url).status_code == 403


def test_a_new_consent_link_replaces_the_old(client, client_for, nominator, category, org_a2):
    c = client_for(nominator)
    c.post(reverse("awards:nominate", args=[category.pk]), _form(category, org_a2))
    n = Nomination.objects.get()
    old = re.search(
        r"/awards/consent/[^/]+/", Notification.objects.get(template="awards_consent").body
    )
    assert c.post(reverse("awards:resend-consent", args=[n.pk])).status_code == 302
    new = re.search(
        r"/awards/consent/[^/]+/",
        Notification.objects.filter(template="awards_consent").order_by("-pk").first().body,
    )
    assert old.group(0) != new.group(0)
    c.logout()
    assert client.get(old.group(0)).status_code == 404
    assert client.get(new.group(0)).status_code == 200


def test_preview_outcome_and_own_certificate(
    client_for, make_user, rnd, nominator, organiser, org_a2
):
    n = make_nomination(rnd, nominator, nominee="Olu Adebayo")
    c = client_for(organiser)
    page = c.get(reverse("awards:blind-preview", args=[n.pk])).content.decode()
    assert "<del>" in page and "[nominee]" in page
    assert (
        client_for(nominator).get(reverse("awards:blind-preview", args=[n.pk])).status_code == 403
    )
    close(rnd)
    rnd.min_judges = 0
    rnd.save()
    decisions.decide(
        n, outcome=Stage.WINNER, reason="Panel secret", citation="For Olu", actor=organiser
    )
    decisions.finalise(rnd, actor=organiser)
    nominee = make_user(n.nominee_email, Role.STAFF, organisation=org_a2)
    assert client_for(nominee).get(reverse("awards:certificate", args=[n.pk])).status_code == 403
    decisions.announce(rnd, actor=organiser)
    assert client_for(nominee).get(reverse("awards:certificate", args=[n.pk])).status_code == 200
    mine = client_for(nominator).get(reverse("awards:nomination", args=[n.pk])).content.decode()
    assert "Outcome" in mine and "Winner" in mine and "Panel secret" not in mine
    n.citation_approved_at = n.decided_at
    n.save()
    mine = client_for(nominator).get(reverse("awards:nomination", args=[n.pk])).content.decode()
    assert "For Olu" in mine


def test_round_page_shows_the_seed_introduction_as_editable_default(client_for, organiser):
    c = client_for(organiser)
    form = c.get(reverse("awards:round-create")).content.decode()
    assert "We acknowledge that we all have a responsibility" in form


def test_announcing_warns_once_about_small_numbers_in_citations(
    client_for, rnd, nominator, judges, organiser
):
    n = make_nomination(rnd, nominator)
    for j in judges[:3]:
        judging.score(j, n, scores={q.pk: 4 for q in n.category.questions.all()})
    close(rnd)
    c = client_for(organiser)
    citation = "For mentoring 4 nurses into leadership"
    url = reverse("awards:decide", args=[n.pk])
    assert (
        c.post(url, {"outcome": "winner", "reason": "Good", "citation": citation}).status_code
        == 302
    )
    assert c.post(reverse("awards:finalise", args=[rnd.pk])).status_code == 302
    first = c.post(reverse("awards:announce", args=[rnd.pk]), follow=True)
    assert "says “4 nurses”" in first.content.decode()
    rnd.refresh_from_db()
    assert rnd.announced_at is None
    assert c.post(reverse("awards:announce", args=[rnd.pk])).status_code == 302
    rnd.refresh_from_db()
    assert rnd.announced_at is not None
