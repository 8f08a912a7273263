"""One notifications service: every module sends its messages through here.

Each message comes from a template in ``jinja2/notifications/<name>.txt`` whose first
line is ``Subject: …``. What was sent (or failed) is recorded as a ``Notification``.
Bounces reported by the mail provider are recorded with ``record_bounce``. Later
channels (text message, letter, GOV.UK Notify) plug in behind ``send``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import Notification

logger = logging.getLogger(__name__)


class Attachment:
    def __init__(self, filename: str, content: bytes | str, mimetype: str):
        self.filename, self.content, self.mimetype = filename, content, mimetype


def render_message(template: str, context: dict) -> tuple[str, str]:
    text = render_to_string(f"notifications/{template}.txt", context)
    first, _, body = text.lstrip().partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"Notification template {template!r} must start with 'Subject:'.")
    return first.removeprefix("Subject:").strip(), body.strip() + "\n"


def send(
    recipient: str,
    template: str,
    context: dict,
    *,
    organisation=None,
    attachments: Sequence[Attachment] = (),
) -> Notification:
    """Render ``template`` and e-mail it to ``recipient``; always leaves a record."""
    subject, body = render_message(template, {"settings": settings, **context})
    note = Notification.objects.create(
        recipient=recipient,
        template=template,
        subject=subject,
        body=body,
        organisation=organisation,
    )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    for item in attachments:
        message.attach(item.filename, item.content, item.mimetype)
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any transport failure is recorded, not raised
        logger.warning("Could not send %s to %s: %s", template, recipient, exc)
        Notification.objects.filter(pk=note.pk).update(
            status=Notification.Status.FAILED, error=str(exc)[:2000]
        )
        note.refresh_from_db()
        return note
    Notification.objects.filter(pk=note.pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now()
    )
    note.refresh_from_db()
    return note


def record_bounce(recipient: str, reason: str = "") -> int:
    """Mark the most recent sent message to ``recipient`` as bounced. Returns rows changed."""
    latest = (
        Notification.objects.filter(recipient=recipient, status=Notification.Status.SENT)
        .order_by("-created_at")
        .first()
    )
    if latest is None:
        return 0
    return Notification.objects.filter(pk=latest.pk).update(
        status=Notification.Status.BOUNCED, error=reason[:2000]
    )
