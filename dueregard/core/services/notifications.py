"""One notifications service: every module sends its messages through here.

Each message comes from a template in ``jinja2/notifications/<name>.txt`` whose first
line is ``Subject: …``. ``send`` records a ``Notification`` (queued) and queues a task
that delivers it; the request never waits for the mail server. Delivery claims the row
with a conditional UPDATE (so two workers never send it twice), sends through the backend
chosen in settings (SMTP or GOV.UK Notify, ``notification_backends``), and on a failure
worth retrying queues it again after a back-off (``NOTIFICATION_RETRY_DELAYS``; the
scheduler's ``retry_notifications`` job picks due retries up). GOV.UK Notify reports
delivered / bounced through ``record_provider_status``; a mail server's bounce processing
calls ``record_bounce`` (``manage.py record_bounce``).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
from collections.abc import Sequence

from django.conf import settings
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from ..models import Notification
from . import notification_backends

logger = logging.getLogger(__name__)

# How long a worker may hold a message it is sending before another may take it over.
SENDING_LEASE = dt.timedelta(minutes=15)
# A link to this site written without its address: "/decisions/1/" at a word start.
RELATIVE_LINK = re.compile(r"(?<![\w/.:@-])(/(?:[A-Za-z0-9_-]+/)+(?:[^\s<>\"')\]]*)?)")


class Attachment:
    def __init__(self, filename: str, content: bytes | str, mimetype: str):
        self.filename, self.content, self.mimetype = filename, content, mimetype

    def as_json(self) -> dict:
        content = self.content.encode() if isinstance(self.content, str) else self.content
        return {
            "filename": self.filename,
            "mimetype": self.mimetype,
            "content": base64.b64encode(content).decode("ascii"),
        }


def absolute_links(text: str) -> str:
    """Links to this site written as paths become absolute, built from ``SITE_URL``."""
    site = getattr(settings, "SITE_URL", "")
    if not site:
        return text
    return RELATIVE_LINK.sub(lambda match: site + match.group(1), text)


def render_message(template: str, context: dict) -> tuple[str, str]:
    text = render_to_string(f"notifications/{template}.txt", context)
    first, _, body = text.lstrip().partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"Notification template {template!r} must start with 'Subject:'.")
    return first.removeprefix("Subject:").strip(), absolute_links(body.strip()) + "\n"


def send(
    recipient: str,
    template: str,
    context: dict,
    *,
    organisation=None,
    attachments: Sequence[Attachment] = (),
) -> Notification:
    """Render ``template``, record it and queue its delivery to ``recipient``.

    The task is queued in the caller's transaction (the database queue writes a row), so a
    rolled-back change never sends its e-mail.
    """
    subject, body = render_message(template, {"settings": settings, **context})
    note = Notification.objects.create(
        recipient=recipient,
        template=template,
        subject=subject,
        body=body,
        organisation=organisation,
        attachments=[item.as_json() for item in attachments],
    )
    deliver_notification.enqueue(note.pk)
    note.refresh_from_db()
    return note


def sent_recently(
    recipient: str, template: str, within: dt.timedelta = dt.timedelta(hours=1)
) -> int:
    """How many ``template`` messages ``recipient`` was sent (or has queued) lately."""
    return Notification.objects.filter(
        recipient__iexact=recipient,
        template=template,
        created_at__gte=timezone.now() - within,
    ).count()


@task()
def deliver_notification(notification_id: int) -> str:
    return deliver(notification_id)


def deliver(notification_id: int, *, now: dt.datetime | None = None) -> str:
    """Send one queued message once; returns what happened (sent, retry, failed, skipped)."""
    now = now or timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, status=Notification.Status.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(
            status=Notification.Status.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + SENDING_LEASE,
        )
    )
    if not claimed:
        return "skipped"
    note = Notification.objects.get(pk=notification_id)
    backend = notification_backends.current()
    try:
        reference = backend.deliver(note)
    except notification_backends.PermanentFailure as exc:
        status = Notification.Status.BOUNCED if exc.bounced else Notification.Status.FAILED
        _finish(note, status=status, error=str(exc), provider=backend.name)
        logger.warning("Message %s could not be delivered: %s", note.pk, _kind(exc))
        return "failed"
    except Exception as exc:  # noqa: BLE001 - any transport failure is retried, not raised
        delays = settings.NOTIFICATION_RETRY_DELAYS
        if note.attempts > len(delays):
            _finish(note, status=Notification.Status.FAILED, error=str(exc), provider=backend.name)
            logger.warning("Message %s failed after %s attempts", note.pk, note.attempts)
            return "failed"
        Notification.objects.filter(pk=note.pk, status=Notification.Status.SENDING).update(
            status=Notification.Status.QUEUED,
            next_attempt_at=now + dt.timedelta(seconds=delays[note.attempts - 1]),
            error=str(exc)[:2000],
            provider=backend.name,
        )
        logger.info("Message %s will be tried again: %s", note.pk, _kind(exc))
        return "retry"
    Notification.objects.filter(pk=note.pk, status=Notification.Status.SENDING).update(
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        error="",
        provider=backend.name,
        provider_reference=reference,
    )
    return "sent"


def _kind(exc: BaseException) -> str:
    # Log the kind of failure, not its text: a server's message can repeat the address.
    return type(exc).__name__


def _finish(note: Notification, *, status: str, error: str, provider: str) -> None:
    Notification.objects.filter(pk=note.pk, status=Notification.Status.SENDING).update(
        status=status, error=error[:2000], next_attempt_at=None, provider=provider
    )


def retry_due(now: dt.datetime | None = None) -> int:
    """Queue the messages whose retry is due, and take back any a worker left mid-send."""
    now = now or timezone.now()
    Notification.objects.filter(
        status=Notification.Status.SENDING, next_attempt_at__lte=now
    ).update(status=Notification.Status.QUEUED)
    queued = []
    for pk in Notification.objects.filter(
        status=Notification.Status.QUEUED, attempts__gt=0, next_attempt_at__lte=now
    ).values_list("pk", flat=True):
        # Clearing the time makes it due for the task; two sweeps cannot both queue it.
        if Notification.objects.filter(
            pk=pk, status=Notification.Status.QUEUED, next_attempt_at__lte=now
        ).update(next_attempt_at=None):
            deliver_notification.enqueue(pk)
            queued.append(pk)
    return len(queued)


# GOV.UK Notify's statuses (its callback and GET /v2/notifications/{id}) and ours.
PROVIDER_STATUSES = {
    "delivered": Notification.Status.DELIVERED,
    "permanent-failure": Notification.Status.BOUNCED,
    "temporary-failure": Notification.Status.FAILED,
    "technical-failure": Notification.Status.FAILED,
}


def record_provider_status(reference: str, provider_status: str, *, when=None) -> int:
    """Record what the provider says happened to a message it accepted. Returns rows changed.

    Statuses still in flight (created, sending, pending) change nothing.
    """
    status = PROVIDER_STATUSES.get(provider_status)
    if status is None or not reference:
        return 0
    changes = {"status": status}
    if status == Notification.Status.DELIVERED:
        changes["delivered_at"] = when or timezone.now()
    else:
        changes["error"] = f"GOV.UK Notify: {provider_status}"
    return Notification.objects.filter(
        provider_reference=reference,
        status__in=[Notification.Status.SENT, Notification.Status.DELIVERED],
    ).update(**changes)


def record_bounce(recipient: str, reason: str = "") -> int:
    """Mark the most recent sent message to ``recipient`` as bounced. Returns rows changed."""
    latest = (
        Notification.objects.filter(
            recipient__iexact=recipient,
            status__in=[Notification.Status.SENT, Notification.Status.DELIVERED],
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None:
        return 0
    return Notification.objects.filter(pk=latest.pk).update(
        status=Notification.Status.BOUNCED, error=reason[:2000]
    )
