"""Where e-mails go: SMTP (Django's mail settings) or GOV.UK Notify, chosen in settings.

Each backend's ``deliver(note)`` sends one ``Notification`` and returns the provider's
reference (empty for SMTP). It raises ``PermanentFailure`` when trying again cannot help
(the address is refused), any other exception for a failure worth retrying.
"""

from __future__ import annotations

import base64
import io
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

# File types GOV.UK Notify accepts for a link to a file in an e-mail.
NOTIFY_FILE_TYPES = {
    "text/csv",
    "application/pdf",
    "text/plain",
    "application/json",
    "application/rtf",
    "application/vnd.oasis.opendocument.text",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class PermanentFailure(Exception):
    """Trying again cannot help: the provider refused the address or the message."""

    def __init__(self, message: str, *, bounced: bool = False):
        super().__init__(message)
        self.bounced = bounced


def _attachments(note):
    for item in note.attachments or []:
        yield item["filename"], base64.b64decode(item["content"]), item["mimetype"]


class SmtpBackend:
    name = "smtp"

    def deliver(self, note) -> str:
        message = EmailMessage(
            note.subject, note.body, settings.DEFAULT_FROM_EMAIL, [note.recipient]
        )
        for filename, content, mimetype in _attachments(note):
            message.attach(filename, content, mimetype)
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(
                f"The mail server refused the address: {exc}", bounced=True
            ) from exc
        return ""


class NotifyBackend:
    """GOV.UK Notify: one e-mail template whose subject is ((subject)) and body ((body)), and
    a ((file)) line for a link to an attached file (Notify does not attach files)."""

    name = "notify"

    def client(self):
        from notifications_python_client.notifications import NotificationsAPIClient

        return NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)

    def deliver(self, note) -> str:
        from notifications_python_client.errors import HTTPError
        from notifications_python_client.utils import prepare_upload

        personalisation = {"subject": note.subject, "body": note.body, "file": ""}
        for filename, content, mimetype in _attachments(note):
            if mimetype in NOTIFY_FILE_TYPES:
                personalisation["file"] = prepare_upload(io.BytesIO(content), filename=filename)
                break
        try:
            response = self.client().send_email_notification(
                email_address=note.recipient,
                template_id=settings.NOTIFY_TEMPLATE_ID,
                personalisation=personalisation,
                reference=str(note.pk),
            )
        except HTTPError as exc:
            if exc.status_code == 400:
                raise PermanentFailure(f"GOV.UK Notify refused the message: {exc}") from exc
            raise
        return str(response["id"])

    def status(self, reference: str) -> str:
        """The provider's status for one message (e.g. delivered, permanent-failure)."""
        return self.client().get_notification_by_id(reference)["status"]


BACKENDS = {"smtp": SmtpBackend, "notify": NotifyBackend}


def current():
    return BACKENDS[settings.NOTIFICATIONS_BACKEND]()
