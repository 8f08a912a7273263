"""Views: booking in one click, 400 with kept input, 403 for the wrong person, exports."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from dueregard.core.models import AuditEvent
from dueregard.events.models import Booking, BookingStatus, Series, Session
from dueregard.events.services import booking as svc


def test_staff_book_in_one_click_and_see_confirmation(client_for, staff2, session):
    client = client_for(staff2)
    page = client.get(reverse("events:session", args=[session.pk]))
    assert page.status_code == 200 and "Book a place" in page.content.decode()
    response = client.post(reverse("events:book", args=[session.pk]), {"needs": ["bsl"]})
    booking = Booking.objects.get(user=staff2)
    assert response.status_code == 302
    assert response["Location"] == reverse("events:booking", args=[booking.pk])
    assert booking.status == BookingStatus.CONFIRMED and booking.access_needs["bsl"]
    assert mail.outbox[-1].attachments[0][0] == "workshop.ics"
    detail = client.get(response["Location"]).content.decode()
    assert "Booked" in detail and "British Sign Language interpreter" in detail


def test_failed_booking_is_400_and_keeps_input(client_for, staff2, session):
    client = client_for(staff2)
    response = client.post(
        reverse("events:book", args=[session.pk]), {"needs": ["captions", "other"], "other": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in html
    assert "Tell us what else you need" in html
    assert 'value="captions" checked' in html
    assert not Booking.objects.exists()


def test_refused_booking_shows_why(client_for, staff2, series, session):
    from .helpers import make_session

    svc.book(session, staff2)
    other = make_session(series, days_ahead=30)
    response = client_for(staff2).post(reverse("events:book", args=[other.pk]), {})
    assert response.status_code == 400
    assert "You are already booked on" in response.content.decode()


def test_cancel_frees_the_place(client_for, staff2, session):
    booking = svc.book(session, staff2).booking
    client = client_for(staff2)
    assert client.get(reverse("events:cancel", args=[booking.pk])).status_code == 200
    client.post(reverse("events:cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert svc.free_places(session) == 2


def test_waiting_list_offer_accepted_through_the_page(client_for, people, staff2, session):
    a, b = people(2)
    svc.book(session, a)
    svc.book(session, b)
    waiting = svc.book(session, staff2).booking
    assert waiting.status == BookingStatus.WAITING
    client = client_for(staff2)
    assert (
        "number 1 on the waiting list"
        in client.get(reverse("events:booking", args=[waiting.pk])).content.decode()
    )
    svc.cancel(Booking.objects.get(user=a), actor=a)
    page = client.get(reverse("events:booking", args=[waiting.pk])).content.decode()
    assert "Accept the place" in page
    client.post(reverse("events:accept", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED


def test_staff_cannot_organise(client_for, staff2, staff_a, session, series):
    client = client_for(staff_a)
    for url in [
        reverse("events:series-create"),
        reverse("events:session-create", args=[series.pk]),
        reverse("events:attendees", args=[session.pk]),
        reverse("events:invite", args=[session.pk]),
        reverse("events:session-export", args=[session.pk, "csv"]),
        reverse("events:series-feedback", args=[series.pk]),
    ]:
        assert client.get(url).status_code == 403, url


def test_someone_elses_booking_is_403(client_for, staff_a, staff2, session):
    booking = svc.book(session, staff2).booking
    client = client_for(staff_a)
    assert client.get(reverse("events:booking", args=[booking.pk])).status_code == 403
    assert client.post(reverse("events:cancel", args=[booking.pk])).status_code == 403


def test_organisation_not_invited_cannot_see_the_series(make_user, client_for, system, series):
    from dueregard.core.models import Organisation
    from dueregard.core.roles import Role

    outsider_org = Organisation.objects.create(system=system, name="Gamma", ods_code="GGG")
    outsider = make_user("out@example.nhs.uk", Role.STAFF, organisation=outsider_org)
    assert client_for(outsider).get(reverse("events:series", args=[series.pk])).status_code == 404


def test_organiser_sets_up_a_series_and_session(client_for, organiser, org_a, org_a2):
    client = client_for(organiser)
    response = client.post(
        reverse("events:series-create"),
        {
            "title": "IDMF workshops",
            "description": "Six steps",
            "allowed_organisations": [org_a2.pk],
            "one_per_person": "on",
            "link_hours_before": "24",
            "offer_hours": "48",
        },
    )
    series = Series.objects.get()
    assert response.status_code == 302
    assert set(series.allowed_organisations.all()) == {org_a, org_a2}
    bad = client.post(
        reverse("events:session-create", args=[series.pk]),
        {
            "date_0": "31",
            "date_1": "2",
            "date_2": "2027",
            "starts_at": "16:00",
            "ends_at": "10:00",
            "mode": "venue",
            "capacity": "20",
            "breaks": "Lunch at 12:30",
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 400
    assert "Date must be a real date" in html and "Enter the venue" in html
    assert "Lunch at 12:30" in html
    ok = client.post(
        reverse("events:session-create", args=[series.pk]),
        {
            "date_0": "1",
            "date_1": "7",
            "date_2": "2027",
            "starts_at": "10:00",
            "ends_at": "16:00",
            "mode": "online",
            "capacity": "20",
            "joining_link": "https://teams.example/x",
        },
    )
    assert ok.status_code == 302 and Session.objects.get().capacity == 20
    assert AuditEvent.objects.filter(action="events.session.created").exists()


def test_series_create_400_keeps_input(client_for, organiser):
    response = client_for(organiser).post(
        reverse("events:series-create"), {"title": "", "description": "Kept text"}
    )
    assert response.status_code == 400
    assert "Enter a title" in response.content.decode()
    assert "Kept text" in response.content.decode()


def test_organiser_sees_needs_registers_and_exports(client_for, organiser, staff2, session):
    booking = svc.book(session, staff2, access_needs=svc.clean_needs(other="Quiet room")).booking
    client = client_for(organiser)
    page = client.get(reverse("events:attendees", args=[session.pk])).content.decode()
    assert "Other: Quiet room" in page and staff2.email in page
    client.post(reverse("events:attendees", args=[session.pk]), {"present": [str(booking.pk)]})
    booking.refresh_from_db()
    assert booking.attended is True
    csv = client.get(reverse("events:session-export", args=[session.pk, "csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    assert staff2.email in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("events:series-export", args=[session.series.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B2"].value == staff2.email and sheet["C2"].value == "Other: Quiet room"
    assert client.get(reverse("events:session-export", args=[session.pk, "exe"])).status_code == 404


def test_invite_form_400_and_success(client_for, organiser, session):
    client = client_for(organiser)
    url = reverse("events:invite", args=[session.pk])
    bad = client.post(url, {"emails": "not-an-email\nok@example.nhs.uk", "group": "Design"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "not e-mail addresses: not-an-email" in html and "Design" in html
    day = session.date
    good = client.post(
        url,
        {
            "emails": "ok@example.nhs.uk",
            "group": "Design",
            "reserved_until_0": str(day.day),
            "reserved_until_1": str(day.month),
            "reserved_until_2": str(day.year),
        },
    )
    assert good.status_code == 400  # must be before the session date
    before = session.date - dt.timedelta(days=2)
    good = client.post(
        url,
        {
            "emails": "ok@example.nhs.uk",
            "group": "Design",
            "reserved_until_0": str(before.day),
            "reserved_until_1": str(before.month),
            "reserved_until_2": str(before.year),
        },
    )
    assert good.status_code == 302
    assert mail.outbox[-1].to == ["ok@example.nhs.uk"]


def test_evaluation_certificate_and_feedback(client_for, organiser, staff2, session, settings):
    settings.EVENTS_FEEDBACK_MIN_RESPONSES = 1
    booking = svc.book(session, staff2).booking
    client = client_for(staff2)
    assert client.get(reverse("events:evaluate", args=[booking.pk])).status_code == 403
    Booking.objects.filter(pk=booking.pk).update(attended=True)
    bad = client.post(
        reverse("events:evaluate", args=[booking.pk]), {"overall": "5", "comments": "Kept"}
    )
    assert bad.status_code == 400 and "Kept" in bad.content.decode()
    ok = client.post(
        reverse("events:evaluate", args=[booking.pk]),
        {
            "overall": "5",
            "usefulness": "4",
            "confidence": "4",
            "do_differently": "Plan step 3 early",
        },
    )
    assert ok.status_code == 302
    pdf = client.get(reverse("events:certificate", args=[booking.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    ics = client.get(reverse("events:calendar", args=[booking.pk]))
    assert b"BEGIN:VCALENDAR" in ics.content
    organiser_client = client_for(organiser)
    summary = organiser_client.get(reverse("events:session-feedback", args=[session.pk]))
    assert "Plan step 3 early" in summary.content.decode()
    series_summary = organiser_client.get(
        reverse("events:series-feedback", args=[session.series.pk])
    )
    assert "1 response " in series_summary.content.decode()


@pytest.mark.parametrize("name", ["events:index"])
def test_index_lists_bookings_and_series(name, client_for, staff2, session):
    svc.book(session, staff2)
    html = client_for(staff2).get(reverse(name)).content.decode()
    assert "IDMF workshops" in html and "Your bookings" in html


def test_demo_loader_is_idempotent(db):
    from django.core.management import call_command

    from dueregard.core import demo
    from dueregard.events.services.booking import free_places

    call_command("load_frameworks", verbosity=0)
    demo.load()
    demo.load()
    series = Series.objects.get(title__startswith="Inclusive Decision Making Framework")
    sessions = list(series.sessions.all())
    assert len(sessions) == 4
    assert all(s.starts_at.hour == 10 and s.ends_at.hour == 16 for s in sessions)
    assert sorted(free_places(s) for s in sessions) == [2, 20, 20, 20]
    assert series.allowed_organisations.count() == 7
