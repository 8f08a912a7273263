"""Organiser pages: change, cancel, move, remove, message, check in; and people's own
bookings seen without any role."""

import datetime as dt

from django.core import mail
from django.urls import reverse

from dueregard.core.models import User
from dueregard.events.models import Booking, BookingStatus
from dueregard.events.services import booking as svc

from .helpers import make_session


def test_change_a_session_and_refuse_too_few_places(client_for, organiser, session, people):
    a, b = people(2)
    svc.book(session, a)
    svc.book(session, b)
    client = client_for(organiser)
    url = reverse("events:session-edit", args=[session.pk])
    assert client.get(url).status_code == 200
    data = {
        "date_0": session.date.day,
        "date_1": session.date.month,
        "date_2": session.date.year,
        "starts_at": "10:00",
        "ends_at": "16:00",
        "mode": "online",
        "capacity": "1",
        "joining_link": session.joining_link,
        "facilitators": "Sam",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    assert "cannot go below 2" in bad.content.decode() and "Error:" in bad.content.decode()
    session.refresh_from_db()
    assert session.capacity == 2
    mail.outbox.clear()
    ok = client.post(url, {**data, "capacity": "4", "starts_at": "11:00"})
    assert ok.status_code == 302
    session.refresh_from_db()
    assert (session.capacity, session.starts_at, session.sequence) == (4, dt.time(11), 1)
    assert len(mail.outbox) == 2


def test_cancel_a_session_needs_the_confirmation_tick(client_for, organiser, session, people):
    (a,) = people(1)
    svc.book(session, a)
    client = client_for(organiser)
    url = reverse("events:session-cancel", args=[session.pk])
    bad = client.post(url, {"message": "Sorry"})
    assert bad.status_code == 400 and "Tick the box" in bad.content.decode()
    assert client.post(url, {"message": "Sorry", "confirm": "on"}).status_code == 302
    assert Booking.objects.get().status == BookingStatus.CANCELLED


def test_check_in_on_the_day_feeds_the_register(client_for, organiser, session, people):
    (a,) = people(1)
    booking = svc.book(session, a).booking
    client = client_for(organiser)
    url = reverse("events:check-in", args=[session.pk])
    assert "0 of 1 checked in" in client.get(url).content.decode()
    assert client.post(url, {"booking": booking.pk, "present": "1"}).status_code == 302
    booking.refresh_from_db()
    assert booking.attended is True
    assert "1 of 1 checked in" in client.get(url).content.decode()


def test_message_move_and_remove_pages(client_for, organiser, series, session, people):
    a, b = people(2)
    booking = svc.book(session, a).booking
    other_booking = svc.book(session, b).booking
    other = make_session(series, days_ahead=20, capacity=3)
    client = client_for(organiser)
    bad = client.post(reverse("events:message", args=[session.pk]), {"subject": "Hi"})
    assert bad.status_code == 400 and "Enter the message" in bad.content.decode()
    ok = client.post(reverse("events:message", args=[session.pk]), {"subject": "Hi", "body": "x"})
    assert ok.status_code == 302
    assert client.post(reverse("events:move", args=[booking.pk]), {}).status_code == 400
    moved = client.post(reverse("events:move", args=[booking.pk]), {"target": other.pk})
    assert moved.status_code == 302
    assert Booking.objects.get(user=a, status=BookingStatus.CONFIRMED).session == other
    assert client.post(reverse("events:remove", args=[other_booking.pk])).status_code == 302
    other_booking.refresh_from_db()
    assert other_booking.status == BookingStatus.CANCELLED


def test_booking_questions_are_asked_and_exported_with_the_organisation(
    client_for, organiser, staff2, series, session
):
    series.booking_questions = ["Dietary needs", "Your role"]
    series.save()
    client = client_for(staff2)
    page = client.get(reverse("events:session", args=[session.pk])).content.decode()
    assert "Dietary needs" in page and "Your role" in page
    client.post(reverse("events:book", args=[session.pk]), {"question_1": "Vegan"})
    booking = Booking.objects.get()
    assert booking.answers == {"Dietary needs": "Vegan"}
    assert booking.organisation == staff2.memberships.first().organisation
    csv = client_for(organiser).get(reverse("events:session-export", args=[session.pk, "csv"]))
    text = csv.content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert "Organisation" in header and "Dietary needs" in header and "Your role" in header
    assert "Alpha Community Trust" in row and "Vegan" in row


def test_booking_page_links_the_workshop_without_showing_raw_html(client_for, staff2, session):
    booking = svc.book(session, staff2).booking
    html = client_for(staff2).get(reverse("events:booking", args=[booking.pk])).content.decode()
    assert "&lt;a href" not in html
    assert f'<a href="{reverse("events:session", args=[session.pk])}">IDMF workshops</a>' in html


def test_a_person_with_no_role_manages_their_own_bookings(client_for, session):
    invitee = User.objects.create_user("invitee@example.org", "x" * 16, full_name="Ivy Invitee")
    booking = Booking.objects.create(session=session, user=invitee, status=BookingStatus.CONFIRMED)
    client = client_for(invitee)
    assert client.get(reverse("events:booking", args=[booking.pk])).status_code == 200
    assert "IDMF workshops" in client.get(reverse("events:index")).content.decode()
    assert client.get(reverse("events:calendar", args=[booking.pk])).status_code == 200
    assert client.post(reverse("events:cancel", args=[booking.pk])).status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
