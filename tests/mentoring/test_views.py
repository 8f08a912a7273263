"""Views: failed forms keep input (400), permissions (403), the whole organiser flow, exports."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from dueregard.core.models import AuditEvent
from dueregard.core.roles import Role
from dueregard.mentoring.models import (
    Application,
    MatchRun,
    PairStatus,
    Partnership,
    Programme,
)
from dueregard.mentoring.services import lifecycle, review, runs

from .helpers import make_application, populate


@pytest.fixture
def staff(make_user, org_a):
    return make_user("staff.a@example.nhs.uk", Role.STAFF, organisation=org_a)


def _programme_post(**over):
    data = {
        "title": "Mentoring 2027",
        "reach": "organisation",
        "cohort_start_0": "4",
        "cohort_start_1": "1",
        "cohort_start_2": "2027",
        "cohort_end_0": "17",
        "cohort_end_1": "12",
        "cohort_end_2": "2027",
        "focus_groups": ["race", "disability"],
        "board_commitment": "Agreed",
        "sponsor": "Chief Executive",
        "meeting_cadence": "monthly",
    }
    data.update(over)
    return data


def test_organiser_creates_programme_and_failed_submit_keeps_input(client_for, organiser):
    client = client_for(organiser)
    url = reverse("mentoring:programme-create")
    assert client.get(url).status_code == 200
    response = client.post(url, _programme_post(sponsor="", cohort_end_2="2030"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Error: " in body and "Enter the executive sponsor" in body
    assert "Programmes run for 6 to 18 months" in body
    assert 'value="Mentoring 2027"' in body
    response = client.post(url, _programme_post(reach="system"))
    programme = Programme.objects.get()
    assert response.status_code == 302 and programme.organisation is None
    assert programme.focus_groups == ["race", "disability"] or set(programme.focus_groups) == {
        "race",
        "disability",
    }
    assert AuditEvent.objects.filter(action="mentoring.programme_created").exists()


def test_staff_cannot_organise(client_for, staff, programme):
    client = client_for(staff)
    assert client.get(reverse("mentoring:programme-create")).status_code == 403
    for name in ("applications", "match", "pairs", "summary"):
        assert client.get(reverse(f"mentoring:{name}", args=[programme.pk])).status_code == 403
    assert (
        client.get(reverse("mentoring:export", args=[programme.pk, "pairs", "csv"])).status_code
        == 403
    )


def test_staff_apply_400_keeps_input_then_succeeds(client_for, staff, programme, org_a):
    client = client_for(staff)
    url = reverse("mentoring:apply", args=[programme.pk])
    data = {
        "side": "partner",
        "role": "Staff nurse",
        "organisation": org_a.pk,
        "topics": ["career"],
        "hopes_to_learn": "",
        "hopes_to_offer": "My view",
        "availability": ["mon-am"],
        "format": "online",
        "conflicts": "not-an-email",
        "characteristics": ["race"],
    }
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tell us what you hope to learn" in body and "not-an-email is not an e-mail" in body
    assert "Staff nurse" in body
    data.update(hopes_to_learn="Board work", conflicts="someone@example.nhs.uk")
    response = client.post(url, data)
    assert response.status_code == 302
    application = Application.objects.get(user=staff)
    assert application.characteristics == ["race"]
    assert application.conflict_emails == ["someone@example.nhs.uk"]
    page = client.get(response.url)
    assert page.status_code == 200
    # A second application is refused with 403 (cannot apply twice: already applied).
    again = client.get(url)
    assert again.status_code == 200
    assert client.post(url, data).status_code == 400


def test_other_applicants_never_see_characteristics(client_for, make_user, org_a, programme):
    leader = make_application(programme, "leader", 0)
    partner = make_application(programme, "partner", 0, characteristics=["race"])
    for a in (leader, partner):
        from dueregard.core.services.memberships import grant

        grant(a.user, Role.STAFF, organisation=org_a)
    pair = Partnership.objects.create(
        programme=programme, leader=leader, partner=partner, status=PairStatus.ACTIVE
    )
    client = client_for(leader.user)
    body = client.get(reverse("mentoring:partnership", args=[pair.pk])).content.decode()
    assert partner.hopes_to_offer in body
    assert "Race" not in body and "Focus groups shared" not in body
    assert client.get(reverse("mentoring:application", args=[partner.pk])).status_code == 403


def test_whole_flow_through_views(client_for, organiser, filled):
    programme, leaders, partners = filled
    client = client_for(organiser)
    response = client.post(
        reverse("mentoring:match", args=[programme.pk]),
        {"weight_topics": "x", "weight_availability": "1", "weight_format": "1"},
    )
    assert (
        response.status_code == 400 and "Enter a weight from 0 to 10" in response.content.decode()
    )
    response = client.post(
        reverse("mentoring:match", args=[programme.pk]),
        {"weight_topics": "2", "weight_availability": "1", "weight_format": "1", "seed": "7"},
    )
    run = MatchRun.objects.get()
    assert response.url == reverse("mentoring:run", args=[run.pk])
    page = client.get(response.url + "?check=1").content.decode()
    assert "identical result" in page and "shared topic" in page or "no shared topics" in page
    assert "Leader 0" in page  # names, not solver ids
    pair = Partnership.objects.filter(programme=programme).first()
    url = reverse("mentoring:pair-swap", args=[pair.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    other = Partnership.objects.exclude(pk=pair.pk).first()
    response = client.post(url, {"other": other.pk, "reason": "A better fit"})
    assert response.status_code == 302
    client.post(reverse("mentoring:accept-all", args=[programme.pk]))
    assert not Partnership.objects.filter(status=PairStatus.PROPOSED).exists()
    mail.outbox.clear()
    client.post(reverse("mentoring:introductions", args=[programme.pk]))
    assert len(mail.outbox) == 6
    assert "reciprocal mentoring partner" in mail.outbox[0].subject
    response = client.post(
        reverse("mentoring:meeting-create", args=[pair.pk]),
        {"date_0": "1", "date_1": "2", "date_2": "2027", "format": "online", "minutes": "0"},
    )
    assert response.status_code == 400 and "1 to 600" in response.content.decode()
    response = client.post(
        reverse("mentoring:meeting-create", args=[pair.pk]),
        {"date_0": "1", "date_1": "2", "date_2": "2027", "format": "online", "minutes": "45"},
    )
    assert response.status_code == 302 and pair.meetings.count() == 1
    response = client.post(reverse("mentoring:end", args=[other.pk]), {"reason": ""})
    assert response.status_code == 400
    client.post(reverse("mentoring:end", args=[other.pk]), {"reason": "Left the trust"})
    other.refresh_from_db()
    assert other.status == PairStatus.ENDED
    summary = client.get(reverse("mentoring:summary", args=[programme.pk])).content.decode()
    assert 'id="count-meetings">1<' in summary


def test_evaluation_by_each_side(client_for, filled, organiser, org_a):
    programme, leaders, partners = filled
    from dueregard.core.services.memberships import grant

    runs.run_match(programme, actor=organiser, seed=0)
    review.accept_all(programme, actor=organiser)
    review.send_introductions(programme, actor=organiser)
    pair = Partnership.objects.first()
    grant(pair.leader.user, Role.STAFF, organisation=org_a)
    client = client_for(pair.leader.user)
    url = reverse("mentoring:evaluate", args=[pair.pk])
    page = client.get(reverse("mentoring:partnership", args=[pair.pk])).content.decode()
    assert "The end-of-programme evaluation opens on" in page  # not on introduction day
    early = client.post(
        url, {"rating": "4", "learned": "x", "would_recommend": "yes", "will_change": ""}
    )
    assert early.status_code == 400 and "The evaluation opens on" in early.content.decode()
    lifecycle.open_evaluation(programme, actor=organiser)
    response = client.post(url, {"learned": "Much"})
    assert response.status_code == 400 and "Choose how useful" in response.content.decode()
    assert "Much" in response.content.decode()
    response = client.post(url, {"rating": "4", "learned": "Much", "would_recommend": "yes"})
    assert response.status_code == 302
    assert pair.evaluations.get().side == "leader"
    # the organiser is not in the pair: no evaluation form for them
    assert client_for(organiser).get(url).status_code == 403


def test_oversight_sees_suppressed_summary_only(client_for, make_user, org_a, filled, organiser):
    programme, *_ = filled
    lead = make_user("edi.a@example.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    client = client_for(lead)
    body = client.get(reverse("mentoring:summary", args=[programme.pk])).content.decode()
    assert 'id="count-leaders">*<' in body
    assert client.get(reverse("mentoring:applications", args=[programme.pk])).status_code == 403
    body = client_for(organiser).get(reverse("mentoring:summary", args=[programme.pk]))
    assert 'id="count-leaders">3<' in body.content.decode()


def test_exports_csv_and_xlsx_with_personal_data_for_organisers(client_for, organiser, filled):
    programme, *_ = filled
    runs.run_match(programme, actor=organiser, seed=0)
    client = client_for(organiser)
    csv = client.get(reverse("mentoring:export", args=[programme.pk, "pairs", "csv"]))
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Leader,Leader e-mail,Partner")
    assert "leader0@example.nhs.uk" in text
    anonymous = client.get(
        reverse("mentoring:export", args=[programme.pk, "pairs", "csv"]) + "?personal=0"
    ).content.decode("utf-8-sig")
    assert "@example.nhs.uk" not in anonymous and "Leader 0" not in anonymous
    xlsx = client.get(reverse("mentoring:export", args=[programme.pk, "evaluation", "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:3] == ["Pair", "Side", "Rating"]
    bad = client.get(reverse("mentoring:export", args=[programme.pk, "secrets", "csv"]))
    assert bad.status_code == 404


def test_demo_loader_is_idempotent(db):
    from dueregard.core.demo import load_core
    from dueregard.mentoring import demo

    system = load_core()
    demo.load(system)
    demo.load(system)
    programme = Programme.objects.get()
    assert programme.organisation is None and programme.status == "open"
    assert programme.applications.filter(side="leader").count() == 10
    assert programme.applications.filter(side="partner").count() == 10
    run = runs.run_match(programme, actor=None, seed=0)
    assert len(run.record["pairs"]) == 10 and run.complete


def test_populate_helper(programme):
    leaders, partners = populate(programme, 2)
    assert len(leaders) == 2
