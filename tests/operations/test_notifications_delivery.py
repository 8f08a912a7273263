"""E-mails are queued, delivered once, retried with back-off, and their status is real."""

import datetime as dt
import smtplib
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from dueregard.core.models import Notification
from dueregard.core.services import notification_backends, notifications

# Templates render strictly: a stand-in for the person a message is about.
PERSON = SimpleNamespace(full_name="A Person", email="a@example.nhs.uk")

pytestmark = pytest.mark.django_db


class FlakyBackend:
    """Fails ``failures`` times with a connection error, then sends."""

    name = "smtp"

    def __init__(self, failures):
        self.failures, self.calls = failures, 0

    def deliver(self, note):
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionRefusedError("mail server down")
        return notification_backends.SmtpBackend().deliver(note)


def test_send_records_and_delivers_with_attachments():
    note = notifications.send(
        "a@example.nhs.uk",
        "password_reset",
        {"user": PERSON, "link": "https://x.test/reset/"},
        attachments=[notifications.Attachment("a.ics", "BEGIN:VCALENDAR", "text/calendar")],
    )
    assert note.status == Notification.Status.SENT and note.attempts == 1 and note.sent_at
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0] == "a.ics"


def test_a_message_is_delivered_once_however_often_its_task_runs():
    note = notifications.send("a@example.nhs.uk", "password_reset", {"user": PERSON, "link": "/x/"})
    assert notifications.deliver(note.pk) == "skipped"
    assert notifications.deliver(note.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_failures_are_retried_with_back_off_then_marked_failed(monkeypatch):
    backend = FlakyBackend(failures=99)
    monkeypatch.setattr(notification_backends, "current", lambda: backend)
    note = notifications.send("a@example.nhs.uk", "password_reset", {"user": PERSON, "link": "/x/"})
    note.refresh_from_db()
    assert note.status == Notification.Status.QUEUED and note.attempts == 1
    assert "mail server down" in note.error
    now = timezone.now()
    waits = []
    for _attempt in range(5):
        note.refresh_from_db()
        waits.append(round((note.next_attempt_at - timezone.now()).total_seconds()))
        # Not due yet: the scheduler's retry job queues nothing and a stray task sends nothing.
        assert notifications.retry_due(now) == 0
        assert notifications.deliver(note.pk, now=now) == "skipped"
        now = note.next_attempt_at
        assert notifications.retry_due(now) == 1
    assert waits == pytest.approx([60, 300, 1800, 7200, 21600], abs=5)
    note.refresh_from_db()
    assert note.status == Notification.Status.FAILED and note.attempts == 6
    assert not mail.outbox


def test_the_back_off_grows(monkeypatch):
    monkeypatch.setattr(notification_backends, "current", lambda: FlakyBackend(failures=99))
    note = notifications.send("a@example.nhs.uk", "password_reset", {"user": PERSON, "link": "/x/"})
    gaps = []
    for _ in range(3):
        note.refresh_from_db()
        gaps.append((note.next_attempt_at - timezone.now()).total_seconds())
        notifications.retry_due(note.next_attempt_at)
    assert gaps[0] < gaps[1] < gaps[2]


def test_a_retry_succeeds(monkeypatch):
    backend = FlakyBackend(failures=1)
    monkeypatch.setattr(notification_backends, "current", lambda: backend)
    note = notifications.send("a@example.nhs.uk", "password_reset", {"user": PERSON, "link": "/x/"})
    note.refresh_from_db()
    assert notifications.retry_due(note.next_attempt_at) == 1
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT and note.attempts == 2 and note.error == ""
    assert len(mail.outbox) == 1


def test_a_refused_address_is_bounced_not_retried(monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"a@example.nhs.uk": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    note = notifications.send("a@example.nhs.uk", "password_reset", {"user": PERSON, "link": "/x/"})
    note.refresh_from_db()
    assert note.status == Notification.Status.BOUNCED and note.next_attempt_at is None


def test_a_worker_that_died_mid_send_is_taken_over():
    note = notifications.send("a@example.nhs.uk", "password_reset", {"user": PERSON, "link": "/x/"})
    Notification.objects.filter(pk=note.pk).update(
        status=Notification.Status.SENDING, next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )
    mail.outbox.clear()
    assert notifications.retry_due() == 1
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT and len(mail.outbox) == 1


def test_a_rolled_back_change_sends_nothing():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notifications.send("a@example.nhs.uk", "password_reset", {"user": PERSON, "link": "/x/"})
        raise RuntimeError
    assert not Notification.objects.exists()


@override_settings(SITE_URL="https://dueregard.example.nhs.uk")
def test_links_in_e_mails_are_absolute():
    text = "See /decisions/4/ and (/events/bookings/2/), not https://x.test/a/ or and/or 1/2/."
    assert notifications.absolute_links(text) == (
        "See https://dueregard.example.nhs.uk/decisions/4/ and "
        "(https://dueregard.example.nhs.uk/events/bookings/2/), "
        "not https://x.test/a/ or and/or 1/2/."
    )
    note = notifications.send(
        "a@example.nhs.uk", "password_reset", {"user": PERSON, "link": "/password-reset/a/b/"}
    )
    assert "https://dueregard.example.nhs.uk/password-reset/a/b/" in note.body


def test_record_bounce_command_marks_the_latest_message():
    first = notifications.send(
        "a@example.nhs.uk", "password_reset", {"user": PERSON, "link": "/x/"}
    )
    second = notifications.send(
        "A@example.nhs.uk", "password_reset", {"user": PERSON, "link": "/x/"}
    )
    call_command("record_bounce", "a@example.nhs.uk", "--reason", "550 mailbox unavailable")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Notification.Status.SENT
    assert second.status == Notification.Status.BOUNCED and "550" in second.error
    with pytest.raises(SystemExit):
        call_command("record_bounce", "nobody@example.nhs.uk")


def test_password_reset_requests_are_throttled(client, staff_a):
    for _ in range(20):
        response = client.post("/password-reset/", {"email": staff_a.email})
        assert response.status_code == 200
    assert len(mail.outbox) == 3
