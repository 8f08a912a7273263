"""Who our programmes reach: voluntary monitoring stored apart, per-programme tables,
the overview and the WRES indicator 4 view, all disclosure-controlled (ADR 0044)."""

import math
import re

import pytest
from django.urls import reverse

from dueregard.awards.models import Monitoring as NomineeMonitoring
from dueregard.awards.models import NomineeKind, Stage
from dueregard.awards.services import reach as awards_reach
from dueregard.cohorts.models import Status
from dueregard.core.models import AuditEvent
from dueregard.core.roles import Role
from dueregard.events.models import Booking, BookingStatus
from dueregard.events.models import Monitoring as BookingMonitoring
from dueregard.events.services import reach as events_reach
from dueregard.reach.services import training
from tests.awards.helpers import make_round
from tests.cohorts.helpers import make_application, make_cohort
from tests.events.helpers import make_series, make_session

from .helpers import book, nominate


@pytest.fixture
def organiser(make_user, org_a):
    return make_user("organiser.a@example.nhs.uk", Role.PROGRAMME_ORGANISER, organisation=org_a)


def _rows(table):
    return {row.label: row for row in table}


def _cells(body: str, caption: str) -> str:
    return body[body.index(caption) :]


# --- events -----------------------------------------------------------------------------


def test_series_reach_counts_each_person_once_and_hides_small_numbers(org_a):
    series = make_series(org_a)
    first, second = make_session(series, capacity=100), make_session(series, capacity=100)
    for i in range(20):  # 20 shared race: 15 attended
        book(first if i % 2 else second, attended=i < 15, codes=["race"], ethnic="minority")
    for i in range(30):  # 30 did not share it: 27 attended
        book(first, attended=i < 27, codes=["disability"] if i < 3 else None)
    # Cancelled before a place was confirmed: not booked.
    cancelled = book(first, status=BookingStatus.CANCELLED)
    Booking.objects.filter(pk=cancelled.pk).update(confirmed_at=None)
    rows = _rows(events_reach.table(series))
    race = rows["Ethnic minority group"]
    assert race.published == [20, 15]
    assert race.reference_published == [30, 25]  # 27 rounded to the nearest 5
    # (15/20) / (25/30) = 0.9, within the band, from the published counts.
    assert race.likelihood[0]["value"] == pytest.approx(0.9)
    assert race.likelihood[0]["outside_band"] is False
    disability = rows["Disability"]
    assert disability.suppressed == [True, True]
    assert math.isnan(disability.likelihood[0]["value"])
    assert events_reach.totals([series]) == {series.pk: [50, 42]}


def test_booking_stores_monitoring_apart_and_audits_only_that_it_was_shared(
    client_for, staff_a, org_a
):
    session = make_session(make_series(org_a), capacity=5)
    response = client_for(staff_a).post(
        reverse("events:book", args=[session.pk]),
        {"ethnic_group": "minority", "shared": ["disability", "carers"]},
    )
    assert response.status_code == 302
    booking = Booking.objects.get(session=session)
    monitoring = BookingMonitoring.objects.get(booking=booking)
    assert monitoring.codes == ["disability", "race", "carers"]  # the framework's order
    assert monitoring.ethnic_group == "minority"
    event = AuditEvent.objects.get(action="events.booking.created")
    assert event.after["equality_monitoring_shared"] is True
    assert "disability" not in str(event.after)


def test_booking_with_prefer_not_to_say_stores_nothing(client_for, staff_a, org_a):
    session = make_session(make_series(org_a), capacity=5)
    page = client_for(staff_a).get(reverse("events:session", args=[session.pk]))
    assert 'value="prefer-not-to-say" checked' in page.content.decode()  # the default
    client_for(staff_a).post(
        reverse("events:book", args=[session.pk]),
        {"ethnic_group": "prefer-not-to-say", "shared": ["prefer-not-to-say"]},
    )
    assert Booking.objects.filter(session=session).exists()
    assert not BookingMonitoring.objects.exists()


def test_prefer_not_to_say_with_a_group_is_explained(client_for, staff_a, org_a):
    session = make_session(make_series(org_a), capacity=5)
    response = client_for(staff_a).post(
        reverse("events:book", args=[session.pk]),
        {"shared": ["prefer-not-to-say", "age"], "ethnic_group": "nonsense"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the groups you identify with, or Prefer not to say, not both" in body
    assert "Choose an ethnic group, or Prefer not to say" in body
    assert "There is a problem" in body
    assert not Booking.objects.exists()


def test_series_reach_page_and_who_may_see_it(client_for, organiser, staff_a, org_a):
    series = make_series(org_a, register_by_group=True)
    session = make_session(series, capacity=100)
    for i in range(12):
        b = book(session, attended=True, codes=["race"] if i < 3 else [], ethnic="white")
        b.group = "Race Equality Network" if i % 2 else "Disability Network"
        b.save()
    response = client_for(organiser).get(reverse("events:reach", args=[series.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    table = _cells(body, "Booked and attended by shared characteristic")
    assert re.search(r"Ethnic minority group</th>\s*<td[^>]*>\*</td>", table)
    assert "By staff network" in body and "Race Equality Network" in body
    assert "reach.1@" not in body  # nobody's answers, nobody's address
    assert client_for(staff_a).get(reverse("events:reach", args=[series.pk])).status_code == 403


# --- awards -----------------------------------------------------------------------------


def test_round_reach_counts_consented_individuals_only(org_a, organiser):
    rnd = make_round(org_a)
    for i in range(20):
        stage = Stage.WINNER if i < 10 else Stage.SHORTLISTED
        nominate(rnd, organiser, stage=stage, codes=["sex"])
    for i in range(20):
        nominate(rnd, organiser, stage=Stage.SHORTLISTED if i < 10 else Stage.NOT_SHORTLISTED)
    nominate(rnd, organiser, stage=Stage.AWAITING_CONSENT, codes=["sex"])  # not yet agreed
    nominate(rnd, organiser, stage=Stage.WINNER, kind=NomineeKind.TEAM)  # a team
    sex = _rows(awards_reach.table(rnd))["Sex"]
    assert sex.published == [20, 20, 10]
    assert sex.reference_published == [20, 10, 0]
    assert sex.likelihood[0]["value"] == pytest.approx(2.0)
    assert sex.likelihood[0]["outside_band"] is True
    assert awards_reach.totals([rnd]) == {rnd.pk: [40, 30, 10]}
    other = make_round(org_a, title="Other")
    other_category = other.categories.first()
    assert _rows(awards_reach.table(rnd, other_category))["Sex"].published == [0, 0, 0]


def test_nominee_shares_on_the_consent_page_only_when_agreeing(client, org_a, organiser):
    from dueregard.awards.services import nominations
    from dueregard.core.models import Notification

    rnd = make_round(org_a)
    declined = nominate(rnd, organiser, stage=Stage.DRAFT)
    agreed = nominate(rnd, organiser, stage=Stage.DRAFT)
    links = {}
    for n in (declined, agreed):
        link = nominations.send_for_consent(n)
        links[n.pk] = re.search(r"/awards/consent/[^/]+/", link).group(0)
    page = client.get(links[agreed.pk])
    assert "Only you can answer this" in page.content.decode()
    bad = client.post(links[agreed.pk], {"ethnic_group": "white"})
    assert bad.status_code == 400
    assert "Choose whether you agree to be nominated" in bad.content.decode()
    client.post(links[declined.pk], {"consent": "no", "ethnic_group": "white"})
    client.post(links[agreed.pk], {"consent": "yes", "ethnic_group": "white", "shared": ["age"]})
    assert list(
        NomineeMonitoring.objects.values_list("nomination_id", "codes", "ethnic_group")
    ) == [(agreed.pk, ["age"], "white")]
    assert Notification.objects.exists()


def test_round_reach_page_permissions(client_for, org_a, organiser, make_user):
    rnd = make_round(org_a)
    judge_only = make_user("judge@example.nhs.uk", Role.STAFF, organisation=org_a)
    from tests.awards.helpers import make_judge

    make_judge(rnd, judge_only)
    url = reverse("awards:reach", args=[rnd.pk])
    response = client_for(organiser).get(url)
    assert response.status_code == 200
    assert "Nominated, shortlisted and won by shared characteristic" in response.content.decode()
    assert client_for(judge_only).get(url).status_code == 403


# --- overview and WRES indicator 4 --------------------------------------------------------


def test_overview_lists_only_this_organisations_programmes(
    client_for, edi_lead_a, staff_a, org_a, org_b
):
    mine = make_series(org_a, title="Allyship workshops")
    for i in range(12):
        book(make_session(mine, capacity=100), attended=i < 9)
    make_series(org_b, title="Their workshops")
    response = client_for(edi_lead_a).get(reverse("reach:overview"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Allyship workshops" in body and "Their workshops" not in body
    assert reverse("events:reach", args=[mine.pk]) in body
    assert re.search(
        r"Allyship workshops.*?</th>\s*<td[^>]*>10</td>\s*<td[^>]*>10</td>", body, re.S
    )
    assert client_for(staff_a).get(reverse("reach:overview")).status_code == 403


def test_wres4_likelihood_from_published_counts(client_for, edi_lead_a, org_a, org_b, organiser):
    session = make_session(make_series(org_a), capacity=1000)
    for i in range(60):
        book(session, attended=True, ethnic="white" if i < 40 else "minority")
    book(session, attended=False, ethnic="minority")  # booked, did not attend
    other = make_session(make_series(org_b), capacity=100)
    for _ in range(30):
        book(other, attended=True, ethnic="white")  # another organisation's staff
    rnd = make_round(org_a)
    for i in range(10):
        nominate(rnd, organiser, stage=Stage.SHORTLISTED, ethnic="minority" if i < 5 else "")
    # Change makers: 10 White participants, and 10 of the workshop's BME staff (each
    # person once together); a declined offer is not access.
    cohort = make_cohort(org_a, places=50)
    for i in range(10):
        make_application(cohort, 100 + i, status=Status.ACCEPTED, shared=([], "white"))
    workshop_bme = Booking.objects.filter(monitoring__ethnic_group="minority", attended=True)
    for i, booking in enumerate(workshop_bme[:10]):
        make_application(
            cohort,
            200 + i,
            user=booking.user,
            status=Status.ACCEPTED,
            shared=(["race"], "minority"),
        )
    make_application(cohort, 300, status=Status.DECLINED, shared=([], "minority"))
    url = reverse("reach:wres4")
    page = client_for(edi_lead_a).get(url, {"white_staff": "4000", "minority_staff": "1000"})
    assert page.status_code == 200
    body = page.content.decode()
    # Workshops: White 40/4000 against BME 20/1000 = 0.50, outside 0.80 to 1.25.
    assert re.search(r"Workshops and network development days</th>\s*<td[^>]*>40</td>", body)
    assert "0.50 (" in body and "Outside 0.80 to 1.25" in body
    # Awards: 5 BME nominees is hidden, so no likelihood for awards alone.
    assert re.search(r"Awards</th>\s*<td[^>]*>0</td>\s*<td[^>]*>\*</td>", body)
    assert "does not ask for the ethnic group" in body  # mentoring
    # Change makers: White 10/4000 against BME 10/1000 = 0.25.
    assert re.search(
        r"Change-maker cohorts</th>\s*<td[^>]*>10</td>\s*<td[^>]*>10</td>\s*<td[^>]*>0</td>"
        r"\s*<td>0\.25 \(",
        body,
    )
    # Together each person once: 50 White, 25 BME, 5 not shared (hidden).
    assert re.search(
        r"All the programmes together</th>\s*<td[^>]*>50</td>\s*<td[^>]*>25</td>\s*<td[^>]*>\*",
        body,
    )


def test_wres4_headcounts_are_validated(client_for, edi_lead_a):
    url = reverse("reach:wres4")
    response = client_for(edi_lead_a).get(url, {"white_staff": "lots", "minority_staff": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the number of White staff in post as a whole number, like 1200" in body
    response = client_for(edi_lead_a).get(url, {"white_staff": "100", "minority_staff": ""})
    assert "Enter both numbers of staff in post, or leave both empty" in response.content.decode()
    assert client_for(edi_lead_a).get(url).status_code == 200


def test_training_lines_without_headcounts_have_no_likelihood(org_a, edi_lead_a):
    from dueregard.core.tenancy import Scope

    session = make_session(make_series(org_a), capacity=100)
    for _ in range(10):
        book(session, attended=True, ethnic="white")
    scope = Scope(user_id=edi_lead_a.pk, system=org_a.system, organisation=org_a)
    lines = {line.label: line for line in training.lines(scope, None)}
    workshops = lines["Workshops and network development days"]
    assert (workshops.white, workshops.minority, workshops.value) == ("10", "0", None)
