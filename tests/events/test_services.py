"""The events services: capacity, one per person, waiting lists, invitations, links, reminders."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from dueregard.core.models import AuditEvent, Notification
from dueregard.events.models import Booking, BookingStatus, Invitation
from dueregard.events.services import booking as svc
from dueregard.events.services import invitations, records, reminders
from dueregard.events.services.ics import booking_calendar

from .helpers import at, make_session


def test_capacity_is_computed_and_never_exceeded(session, people):
    a, b, c = people(3)
    assert svc.free_places(session) == 2
    assert svc.book(session, a).booking.status == BookingStatus.CONFIRMED
    assert svc.book(session, b).booking.status == BookingStatus.CONFIRMED
    assert svc.free_places(session) == 0
    assert svc.book(session, c).booking.status == BookingStatus.WAITING
    assert session.bookings.filter(status=BookingStatus.CONFIRMED).count() == 2


def test_booking_twice_returns_the_same_booking(session, people):
    (a,) = people(1)
    first = svc.book(session, a)
    again = svc.book(session, a)
    assert again.booking.pk == first.booking.pk and not again.created


def test_one_session_per_person(series, session, people):
    (a,) = people(1)
    other = make_session(series, days_ahead=20)
    svc.book(session, a)
    with pytest.raises(svc.BookingRefused, match="already booked on"):
        svc.book(other, a)


def test_one_per_person_off_allows_two(series, session, people):
    series.one_per_person = False
    series.save()
    (a,) = people(1)
    svc.book(session, a)
    other = make_session(series, days_ahead=20)
    assert svc.book(other, a).booking.status == BookingStatus.CONFIRMED


def test_a_started_session_cannot_be_booked(session, people):
    (a,) = people(1)
    with pytest.raises(svc.BookingRefused, match="started"):
        svc.book(session, a, now=at(session, -1))


def test_confirmation_email_has_an_ics_attachment(session, people):
    (a,) = people(1)
    svc.book(session, a, base_url="https://dueregard.example")
    message = mail.outbox[-1]
    assert message.to == [a.email] and message.subject.startswith("Booked:")
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("workshop.ics", "text/calendar")
    assert "DTSTART;TZID=Europe/London:" in content
    assert "https://dueregard.example/events/bookings/" in message.body


def test_access_needs_are_never_written_to_the_audit_trail(session, people):
    (a,) = people(1)
    svc.book(session, a, access_needs=svc.clean_needs(True, False, "Large-print slides please"))
    event = AuditEvent.objects.get(action="events.booking.created")
    assert event.after["access_needs"] == "[changed]"
    assert "Large-print" not in str(event.before) + str(event.after)
    booking = Booking.objects.get()
    assert booking.needs_list() == [
        "British Sign Language interpreter",
        "Other: Large-print slides please",
    ]


def _full(session, people, waiting=2):
    folks = people(session.capacity + waiting)
    for person in folks:
        svc.book(session, person)
    return folks


def test_cancelling_offers_the_place_to_the_first_waiting(session, people):
    folks = _full(session, people)
    first_booking = Booking.objects.get(user=folks[0])
    svc.cancel(first_booking, actor=folks[0])
    offered = Booking.objects.get(user=folks[2])
    assert offered.status == BookingStatus.OFFERED
    assert Booking.objects.get(user=folks[3]).status == BookingStatus.WAITING
    assert mail.outbox[-1].to == [folks[2].email]
    assert "A place is free" in mail.outbox[-1].subject
    # The offered place is held: nobody new can take it.
    assert svc.free_places(session) == 0


def test_newcomers_do_not_jump_the_queue(session, people):
    folks = _full(session, people, waiting=1)
    svc.cancel(Booking.objects.get(user=folks[0]), actor=folks[0])
    svc.cancel(Booking.objects.get(user=folks[2]), actor=folks[2])  # declines the offer
    # A place is free, but is it offered on?  Nobody waits now, so a newcomer may book.
    (late,) = [p for p in people(6) if p not in folks][:1]
    assert svc.book(session, late).booking.status == BookingStatus.CONFIRMED


def test_an_offer_can_be_accepted(session, people):
    folks = _full(session, people)
    svc.cancel(Booking.objects.get(user=folks[0]), actor=folks[0])
    offered = Booking.objects.get(user=folks[2])
    svc.accept_offer(offered, actor=folks[2])
    offered.refresh_from_db()
    assert offered.status == BookingStatus.CONFIRMED
    assert mail.outbox[-1].attachments


def test_an_expired_offer_passes_on(session, people, series):
    series.offer_hours = 24
    series.save()
    folks = _full(session, people)
    now = at(session, 24 * 5)
    svc.cancel(Booking.objects.get(user=folks[0]), actor=folks[0], now=now)
    offered = Booking.objects.get(user=folks[2])
    assert offered.offer_expires_at == now + dt.timedelta(hours=24)
    # Not yet expired: nothing moves.
    assert svc.process_waiting_lists(now + dt.timedelta(hours=23)) == {"lapsed": 0, "offered": 0}
    later = now + dt.timedelta(hours=25)
    with pytest.raises(svc.BookingRefused, match="lapsed"):
        svc.accept_offer(offered, actor=folks[2], now=later)
    assert svc.process_waiting_lists(later) == {"lapsed": 1, "offered": 1}
    offered.refresh_from_db()
    assert offered.status == BookingStatus.LAPSED
    assert Booking.objects.get(user=folks[3]).status == BookingStatus.OFFERED
    assert Booking.objects.get(user=folks[3]).offer_expires_at == later + dt.timedelta(hours=24)


def test_offer_never_outlasts_the_session_start(session, people, series):
    folks = _full(session, people)
    now = at(session, 3)
    svc.cancel(Booking.objects.get(user=folks[0]), actor=folks[0], now=now)
    assert Booking.objects.get(user=folks[2]).offer_expires_at == session.start


def test_process_waiting_lists_command_runs(session, people):
    folks = _full(session, people)
    svc.cancel(Booking.objects.get(user=folks[0]), actor=folks[0])
    # The offer to the first person waiting ran out a minute ago.
    Booking.objects.filter(user=folks[2]).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    mail.outbox.clear()
    out = io.StringIO()
    call_command("process_waiting_lists", stdout=out)
    assert out.getvalue().strip() == "Offers lapsed: 1; places offered: 1."
    assert Booking.objects.get(user=folks[2]).status == BookingStatus.LAPSED
    assert Booking.objects.get(user=folks[3]).status == BookingStatus.OFFERED
    assert {m.to[0] for m in mail.outbox} == {folks[2].email, folks[3].email}


def test_invitations_hold_places_until_released(session, people, organiser):
    a, b = people(2)
    now = at(session, 24 * 7)
    until = now + dt.timedelta(days=2)
    invitations.invite(
        session,
        [a.email.upper()],
        group="Design group",
        reserved_until=until,
        actor=organiser,
        now=now,
    )
    assert svc.free_places(session, now) == 1
    assert "You are invited" in mail.outbox[-1].subject
    # Someone else takes the only unreserved place; the next joins the waiting list.
    (c, d) = people(4)[2:]
    assert svc.book(session, c, now=now).booking.status == BookingStatus.CONFIRMED
    assert svc.book(session, d, now=now).booking.status == BookingStatus.WAITING
    # The invitee still gets their held place.
    booking = svc.book(session, a, now=now).booking
    assert booking.status == BookingStatus.CONFIRMED and booking.invitation is not None
    assert Invitation.objects.get().status == Invitation.Status.BOOKED


def test_unbooked_invitations_are_released_to_the_waiting_list(session, people, organiser):
    a, b, c = people(3)
    now = at(session, 24 * 7)
    until = now + dt.timedelta(days=2)
    invitations.invite(
        session, [a.email, "x@example.nhs.uk"], reserved_until=until, actor=organiser, now=now
    )
    assert svc.free_places(session, now) == 0
    assert svc.book(session, b, now=now).booking.status == BookingStatus.WAITING
    after = until + dt.timedelta(minutes=1)
    assert svc.free_places(session, after) == 2
    assert svc.process_waiting_lists(after)["offered"] == 1
    assert Booking.objects.get(user=b).status == BookingStatus.OFFERED


def test_cannot_invite_more_people_than_free_places(session, organiser):
    now = at(session, 24 * 7)
    with pytest.raises(svc.BookingRefused, match="Only 2 places"):
        invitations.invite(
            session,
            ["a@x.nhs.uk", "b@x.nhs.uk", "c@x.nhs.uk"],
            reserved_until=now + dt.timedelta(days=1),
            actor=organiser,
            now=now,
        )


def test_joining_link_is_hidden_until_the_configured_time(session, series):
    series.link_hours_before = 48
    series.save()
    assert not session.link_visible(at(session, 49))
    assert session.link_visible(at(session, 47))
    session.joining_link = ""
    assert not session.link_visible(at(session, 1))


def test_links_and_reminders_are_sent_once(session, people, series):
    series.link_hours_before = 24
    series.save()
    a, b = people(2)
    svc.book(session, a, now=at(session, 24 * 5))
    svc.book(session, b, now=at(session, 24 * 5))
    mail.outbox.clear()
    assert reminders.send_due(at(session, 40)) == {"links": 0, "reminders": 0}
    day_before = at(session, 25)  # 09:00 the day before
    assert reminders.send_due(day_before) == {"links": 0, "reminders": 2}
    assert reminders.send_due(day_before) == {"links": 0, "reminders": 0}
    assert reminders.send_due(at(session, 23)) == {"links": 2, "reminders": 0}
    assert reminders.send_due(at(session, 1)) == {"links": 0, "reminders": 0}
    subjects = sorted(m.subject.split(":")[0] for m in mail.outbox)
    assert subjects == ["Joining link", "Joining link", "Tomorrow", "Tomorrow"]
    assert session.joining_link in [m for m in mail.outbox if "Joining" in m.subject][0].body
    call_command("send_event_reminders", verbosity=0)
    assert Notification.objects.filter(template="events_reminder").count() == 2


def test_ics_content(session, people):
    (a,) = people(1)
    session.date = dt.date(2027, 6, 29)  # British Summer Time
    session.breaks = "Lunch 12:30, then; more"
    session.save()
    booking = svc.book(session, a, now=dt.datetime(2027, 6, 1, tzinfo=dt.UTC)).booking
    raw = booking_calendar(
        booking, url="https://x.example/b/1", now=dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC)
    )
    text = raw.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "DTSTART;TZID=Europe/London:20270629T100000\r\n" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/London" in text
    cal = Calendar.from_ical(raw)
    (event,) = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == f"booking-{booking.pk}-session-{session.pk}@dueregard.events"
    assert event["SEQUENCE"] == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == session.start
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=1)
    assert event.decoded("DTSTAMP") == dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC)
    assert "Breaks: Lunch 12:30, then; more" in str(event["DESCRIPTION"])
    assert "Breaks: Lunch 12:30\\, then\\; more" in text.replace("\r\n ", "")


def test_ics_cancellation_keeps_the_uid_and_raises_the_sequence(session, people):
    (a,) = people(1)
    booking = svc.book(session, a).booking
    first = Calendar.from_ical(booking_calendar(booking)).walk("VEVENT")[0]
    booking.session.sequence = 3
    cancelled_cal = Calendar.from_ical(booking_calendar(booking, cancel=True))
    cancelled = cancelled_cal.walk("VEVENT")[0]
    assert str(cancelled_cal["METHOD"]) == "CANCEL"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["UID"]) == str(first["UID"])
    assert cancelled["SEQUENCE"] == 4 > first["SEQUENCE"]


def test_attendance_evaluation_and_certificate(session, people, organiser, settings):
    settings.EVENTS_FEEDBACK_MIN_RESPONSES = 1
    a, b = people(2)
    ba = svc.book(session, a).booking
    bb = svc.book(session, b).booking
    assert records.mark_attendance(session, {ba.pk}, actor=organiser) == 2
    ba.refresh_from_db()
    bb.refresh_from_db()
    assert ba.attended is True and bb.attended is False
    assert records.can_evaluate(ba) and not records.can_evaluate(bb)
    records.record_evaluation(
        ba, actor=a, overall=5, usefulness=4, confidence=3, do_differently="Use step 2", comments=""
    )
    with pytest.raises(Exception, match="already"):
        records.record_evaluation(
            ba, actor=a, overall=5, usefulness=4, confidence=3, do_differently="x"
        )
    summary = records.summary(session.bookings.get(pk=ba.pk).evaluation.__class__.objects.all())
    assert summary["responses"] == 1
    assert summary["questions"][0]["mean"] == "5.0"
    assert summary["questions"][1]["counts"] == [0, 0, 0, 1, 0]
    assert summary["actions"] == ["Use step 2"]
    doc = records.certificate(ba)
    assert doc.title == "Certificate of attendance"
    with pytest.raises(Exception, match="attending"):
        records.certificate(bb)
