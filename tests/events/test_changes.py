"""Organisers change what they created; everyone affected is told, with calendar files."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from dueregard.core.models import AuditEvent
from dueregard.events.models import Booking, BookingStatus
from dueregard.events.services import booking as svc
from dueregard.events.services import changes, programme

from .helpers import make_session


def _ics(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[0] == "workshop.ics"]
    return Calendar.from_ical(attachment[1])


def test_cancelling_a_session_tells_everyone_with_a_cancel_calendar_file(
    session, people, organiser
):
    a, b, c = people(3)
    booked = svc.book(session, a).booking
    svc.book(session, b)
    waiting = svc.book(session, c).booking
    assert waiting.status == BookingStatus.WAITING
    first = _ics(mail.outbox[0]).walk("VEVENT")[0]
    mail.outbox.clear()
    cancelled = changes.cancel_session(session, actor=organiser, message="Trainer unwell")
    assert len(cancelled) == 3
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    to_a = next(m for m in mail.outbox if m.to == [a.email])
    assert "Trainer unwell" in to_a.body and to_a.subject.startswith("Cancelled:")
    cal = _ics(to_a)
    event = cal.walk("VEVENT")[0]
    assert str(cal["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert (
        str(event["UID"])
        == str(first["UID"])
        == f"booking-{booked.pk}-session-{session.pk}@dueregard.events"
    )
    assert event["SEQUENCE"] > first["SEQUENCE"]
    to_c = next(m for m in mail.outbox if m.to == [c.email])
    assert not to_c.attachments  # on the waiting list: nothing in their calendar to remove
    with pytest.raises(svc.BookingRefused, match="cancelled"):
        svc.book(session, people(4)[3])
    assert AuditEvent.objects.filter(action="events.session.cancelled").exists()


def test_cancelling_a_series_cancels_every_session(series, session, people, organiser):
    (a,) = people(1)
    other = make_session(series, days_ahead=20)
    svc.book(other, a)
    changes.cancel_series(series, actor=organiser)
    session.refresh_from_db()
    other.refresh_from_db()
    assert session.cancelled_at and other.cancelled_at
    assert Booking.objects.get().status == BookingStatus.CANCELLED
    with pytest.raises(ValidationError, match="already"):
        changes.cancel_series(series, actor=organiser)


def test_changing_the_time_sends_an_update_with_the_same_uid_and_higher_sequence(
    session, people, organiser
):
    (a,) = people(1)
    svc.book(session, a)
    before = _ics(mail.outbox[-1]).walk("VEVENT")[0]
    mail.outbox.clear()
    changes.update_session(session, actor=organiser, starts_at=dt.time(9, 30), breaks="Lunch")
    (message,) = mail.outbox
    assert message.subject.startswith("Changed:") and "Start time: now 09:30" in message.body
    after = _ics(message).walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART").time() == dt.time(9, 30)
    mail.outbox.clear()
    changes.update_session(session, actor=organiser, breaks="Two breaks")
    assert mail.outbox == []  # nothing people need to act on


def test_raising_places_offers_them_to_the_waiting_list_in_order(session, people, organiser):
    a, b, c, d = people(4)
    for person in (a, b, c, d):
        svc.book(session, person)
    changes.update_session(session, actor=organiser, capacity=3)
    statuses = dict(Booking.objects.values_list("user__email", "status"))
    assert statuses[c.email] == BookingStatus.OFFERED
    assert statuses[d.email] == BookingStatus.WAITING


def test_lowering_places_below_those_taken_is_refused(session, people, organiser):
    a, b = people(2)
    svc.book(session, a)
    svc.book(session, b)
    with pytest.raises(ValidationError) as exc:
        changes.update_session(session, actor=organiser, capacity=1)
    assert "cannot go below 2" in str(exc.value.message_dict["capacity"])


def test_dates_in_the_past_are_refused(series, session, organiser):
    yesterday = dt.date.today() - dt.timedelta(days=2)
    with pytest.raises(ValidationError, match="today or in the future"):
        programme.add_session(series, actor=organiser, date=yesterday, capacity=3)
    with pytest.raises(ValidationError, match="today or in the future"):
        changes.update_session(session, actor=organiser, date=yesterday)


def test_move_and_remove_an_attendee(series, session, people, organiser):
    a, b, c = people(3)
    other = make_session(series, days_ahead=20, capacity=5)
    booking = svc.book(session, a).booking
    svc.book(session, b)
    svc.book(session, c)  # waiting
    mail.outbox.clear()
    moved = changes.move(booking, other, actor=organiser)
    assert moved.session == other and moved.status == BookingStatus.CONFIRMED
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    methods = sorted(str(_ics(m)["METHOD"]) for m in mail.outbox if m.to == [a.email])
    assert methods == ["CANCEL", "PUBLISH"]
    assert Booking.objects.get(user=c).status == BookingStatus.OFFERED  # freed place offered
    with pytest.raises(ValidationError, match="different session"):
        changes.move(moved, other, actor=organiser)
    mail.outbox.clear()
    svc.cancel(Booking.objects.get(user=b), actor=organiser, by_organiser=True)
    (message,) = [m for m in mail.outbox if m.to == [b.email]]
    assert "removed you" in message.body and str(_ics(message)["METHOD"]) == "CANCEL"


def test_message_everyone_booked_is_audited(session, people, organiser):
    a, b = people(2)
    svc.book(session, a)
    svc.book(session, b)
    mail.outbox.clear()
    assert (
        changes.message_attendees(
            session, subject="Room change", body="Now room 4", actor=organiser
        )
        == 2
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email])
    assert all(m.subject == "Room change" for m in mail.outbox)
    assert AuditEvent.objects.get(action="events.session.messaged").after["recipients"] == 2
    with pytest.raises(ValidationError):
        changes.message_attendees(session, subject=" ", body="x", actor=organiser)


def test_waiting_on_one_date_does_not_stop_booking_a_date_with_places(series, people):
    a, b, c = people(3)
    full = make_session(series, capacity=1, days_ahead=15)
    open_date = make_session(series, capacity=5, days_ahead=25)
    svc.book(full, a)
    wait = svc.book(full, b).booking
    assert wait.status == BookingStatus.WAITING
    outcome = svc.book(open_date, b)
    assert outcome.booking.status == BookingStatus.CONFIRMED
    assert [r.pk for r in outcome.released] == [wait.pk]
    wait.refresh_from_db()
    assert wait.status == BookingStatus.CANCELLED
    # One waiting list at a time: a second full date is refused, and says why.
    other_full = make_session(series, capacity=1, days_ahead=30)
    svc.book(other_full, c)
    svc.book(full, people(4)[3])
    d = people(5)[4]
    svc.book(full, d)
    with pytest.raises(svc.BookingRefused, match="already on the waiting list for"):
        svc.book(other_full, d)


def test_feedback_is_withheld_below_the_threshold(session, people, organiser):
    from dueregard.events.models import Evaluation
    from dueregard.events.services import records

    bookings = [svc.book(session, p).booking for p in people(2)]
    for b in bookings:
        Booking.objects.filter(pk=b.pk).update(attended=True)
        b.refresh_from_db()
        records.record_evaluation(
            b, actor=b.user, overall=2, usefulness=3, confidence=4, do_differently="x", comments="c"
        )
    summary = records.summary(Evaluation.objects.all())
    assert summary == {
        "responses": 2,
        "shown": False,
        "threshold": 5,
        "questions": [],
        "actions": [],
        "comments": [],
    }
