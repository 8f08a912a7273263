"""Network development days: registration by staff network, places per organisation,
the agenda with breakouts (issue 19)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dueregard.core.roles import Role
from dueregard.events.models import Booking
from dueregard.events.services import booking, network_days
from dueregard.networks.models import Network

from .helpers import make_series, make_session


@pytest.fixture
def day(org_a, org_a2):
    Network.objects.create(
        system=org_a.system,
        organisation=org_a,
        name="Race Equality Network",
        kind="race",
        sponsor="CEO",
    )
    Network.objects.create(
        system=org_a.system, organisation=None, name="Women's Network", kind="women", sponsor="X"
    )
    series = make_series(
        org_a,
        allowed=[org_a2],
        register_by_group=True,
        places_per_organisation=2,
        one_per_person=False,
    )
    return make_session(series, capacity=10, starts_at=dt.time(9, 30), ends_at=dt.time(16, 30))


def test_groups_offered_are_the_series_networks(day, org_b):
    Network.objects.create(
        system=org_b.system, organisation=org_b, name="Elsewhere", kind="race", sponsor="X"
    )
    from dueregard.events import groups

    assert groups.choices(day.series, None) == ["Race Equality Network", "Women's Network"]


def test_registration_needs_a_network_and_keeps_it(day, make_user, org_a):
    user = make_user("p@example.nhs.uk", Role.STAFF, organisation=org_a)
    with pytest.raises(ValidationError, match="Choose the staff network"):
        booking.book(day, user, organisation=org_a, group="Made up")
    outcome = booking.book(day, user, organisation=org_a, group="Women's Network")
    assert outcome.booking.group == "Women's Network"
    rows = network_days.registrations_by_group(day)
    assert rows == [{"group": "Women's Network", "n": 1}]


def test_places_per_organisation(day, make_user, org_a, org_a2):
    users = [make_user(f"p{i}@example.nhs.uk", Role.STAFF, organisation=org_a) for i in range(3)]
    for user in users[:2]:
        booking.book(day, user, organisation=org_a, group="Race Equality Network")
    with pytest.raises(ValidationError, match="All 2 places for Alpha NHS Trust are taken"):
        booking.book(day, users[2], organisation=org_a, group="Race Equality Network")
    other = make_user("q@example.nhs.uk", Role.STAFF, organisation=org_a2)
    booking.book(day, other, organisation=org_a2, group="Women's Network")
    # A cancelled place is free again for the organisation.
    first = Booking.objects.get(user=users[0])
    booking.cancel(first, actor=users[0])
    booking.book(day, users[2], organisation=org_a, group="Race Equality Network")
    counts = {r["organisation"]: r["n"] for r in network_days.places_by_organisation(day.series)}
    assert counts == {"Alpha NHS Trust": 2, "Alpha Community Trust": 1}


def test_agenda_breakouts_and_refusals(day, organiser):
    add = network_days.add_agenda_item
    t = dt.time
    add(day, actor=organiser, starts_at=t(9, 30), ends_at=t(10, 0), title="Welcome")
    add(day, actor=organiser, starts_at=t(11, 0), ends_at=t(12, 0), title="A", room="Room 1")
    add(day, actor=organiser, starts_at=t(11, 0), ends_at=t(12, 0), title="B", room="Room 2")
    with pytest.raises(ValidationError, match="already in this room"):
        add(day, actor=organiser, starts_at=t(11, 30), ends_at=t(12, 30), title="C", room="room 1")
    with pytest.raises(ValidationError, match="fit within the day"):
        add(day, actor=organiser, starts_at=t(8, 0), ends_at=t(9, 0), title="Early")
    with pytest.raises(ValidationError, match="end time must be after"):
        add(day, actor=organiser, starts_at=t(12, 0), ends_at=t(11, 0), title="Back")
    slots = network_days.agenda_slots(day)
    assert [s["breakout"] for s in slots] == [False, True]
    assert [i.title for i in slots[1]["items"]] == ["A", "B"]


def test_views_agenda_and_booking_form(client_for, day, organiser, make_user, org_a):
    client = client_for(organiser)
    url = reverse("events:agenda", args=[day.pk])
    response = client.post(url, {"starts_at": "nine", "title": ""})
    assert response.status_code == 400
    assert "Enter a start time like 10:30" in response.content.decode()
    response = client.post(url, {"starts_at": "10:00", "ends_at": "11:00", "title": "Keynote"})
    assert response.status_code == 302
    item = day.agenda.get()
    staff = make_user("s@example.nhs.uk", Role.STAFF, organisation=org_a)
    staff_client = client_for(staff)
    assert staff_client.get(url).status_code == 403
    page = staff_client.get(reverse("events:session", args=[day.pk])).content.decode()
    assert "Keynote" in page and "Which staff network are you registering with?" in page
    response = staff_client.post(reverse("events:book", args=[day.pk]), {})
    assert response.status_code == 400
    assert "Choose the staff network you are registering with" in response.content.decode()
    response = staff_client.post(
        reverse("events:book", args=[day.pk]), {"group": "Women's Network"}
    )
    assert response.status_code == 302
    client = client_for(organiser)
    page = client.get(reverse("events:session", args=[day.pk])).content.decode()
    assert "Registrations by staff network" in page
    client.post(reverse("events:agenda-remove", args=[item.pk]))
    assert not day.agenda.exists()
