"""The GOV.UK Notify backend against a local fake of the Notify HTTP API.

The fake answers as Notify's API documentation describes: POST /v2/notifications/email
returns 201 with the notification's id, reference, content and template; a bad address
returns 400 with ``{"errors": [{"error": "BadRequestError", ...}], "status_code": 400}``;
GET /v2/notifications/{id} returns the notification with its status. Every request must carry
a JWT signed with the API key's secret (HS256, ``iss`` = service id).
"""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import jwt
import pytest
from django.test import override_settings
from django.urls import reverse

from dueregard.core.models import Notification
from dueregard.core.services import notification_backends, notifications

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"dueregard_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


# Templates render strictly: a stand-in for the person a message is about.
PERSON = SimpleNamespace(full_name="A Person", email="a@example.nhs.uk")


class FakeNotify(BaseHTTPRequestHandler):
    sent: dict = {}
    statuses: dict = {}

    def log_message(self, *args):  # quiet
        pass

    def _authorised(self) -> bool:
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        except jwt.PyJWTError:
            return False
        return claims.get("iss") == SERVICE_ID

    def _reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        if not self._authorised():
            error = {
                "error": "AuthError",
                "message": "Invalid token: signature, api token not found",
            }
            return self._reply(403, {"errors": [error], "status_code": 403})
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path != "/v2/notifications/email":
            return self._reply(404, {"errors": [{"error": "NotFound"}], "status_code": 404})
        if "@" not in body["email_address"] or body["email_address"].startswith("bad"):
            error = {
                "error": "ValidationError",
                "message": "email_address Not a valid email address",
            }
            return self._reply(400, {"errors": [error], "status_code": 400})
        if body["template_id"] != TEMPLATE_ID:
            error = {"error": "BadRequestError", "message": "Template not found"}
            return self._reply(400, {"errors": [error], "status_code": 400})
        nid = str(uuid.uuid4())
        FakeNotify.sent[nid] = body
        FakeNotify.statuses[nid] = "sending"
        p = body["personalisation"]
        return self._reply(
            201,
            {
                "id": nid,
                "reference": body.get("reference"),
                "content": {"subject": p["subject"], "body": p["body"], "from_email": "x@notify"},
                "uri": f"https://api.notifications.service.gov.uk/v2/notifications/{nid}",
                "template": {"id": TEMPLATE_ID, "version": 1, "uri": "https://x/templates/1"},
            },
        )

    def do_GET(self):
        if not self._authorised():
            return self._reply(403, {"errors": [{"error": "AuthError"}], "status_code": 403})
        nid = self.path.rsplit("/", 1)[-1]
        if nid not in FakeNotify.statuses:
            return self._reply(404, {"errors": [{"error": "NoResultFound"}], "status_code": 404})
        body = FakeNotify.sent[nid]
        return self._reply(
            200,
            {
                "id": nid,
                "reference": body.get("reference"),
                "email_address": body["email_address"],
                "type": "email",
                "status": FakeNotify.statuses[nid],
                "template": {"id": TEMPLATE_ID, "version": 1, "uri": "https://x"},
                "body": body["personalisation"]["body"],
                "subject": body["personalisation"]["subject"],
                "created_at": "2026-12-06T10:00:00.000000Z",
            },
        )


@pytest.fixture
def fake_notify():
    FakeNotify.sent, FakeNotify.statuses = {}, {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with override_settings(
        NOTIFICATIONS_BACKEND="notify",
        NOTIFY_API_KEY=API_KEY,
        NOTIFY_TEMPLATE_ID=TEMPLATE_ID,
        NOTIFY_BASE_URL=f"http://127.0.0.1:{server.server_address[1]}",
        NOTIFY_CALLBACK_TOKEN="callback-secret-token-123",
    ):
        yield FakeNotify
    server.shutdown()


def _send(recipient="a@example.nhs.uk", attachments=()):
    return notifications.send(
        recipient,
        "password_reset",
        {"user": PERSON, "link": "https://x.test/r/"},
        attachments=attachments,
    )


def _callback(client, reference, status, token="callback-secret-token-123"):
    return client.post(
        reverse("operations:notify-callback"),
        data=json.dumps(
            {
                "id": reference,
                "reference": "1",
                "to": "a@example.nhs.uk",
                "status": status,
                "created_at": "2026-12-06T10:00:00.000000Z",
                "completed_at": "2026-12-06T10:00:05.000000Z",
                "sent_at": "2026-12-06T10:00:01.000000Z",
                "notification_type": "email",
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.mark.django_db
def test_sent_through_notify_with_its_reference(fake_notify):
    note = _send()
    assert note.status == Notification.Status.SENT and note.provider == "notify"
    sent = fake_notify.sent[note.provider_reference]
    assert sent["reference"] == str(note.pk)
    assert sent["personalisation"]["subject"] == note.subject
    assert sent["personalisation"]["body"] == note.body


@pytest.mark.django_db
def test_a_pdf_goes_as_a_file_link_and_a_calendar_file_is_left_out(fake_notify):
    pdf = notifications.Attachment("report.pdf", b"%PDF-1.7 test", "application/pdf")
    note = _send(attachments=[pdf])
    assert fake_notify.sent[note.provider_reference]["personalisation"]["file"]["filename"] == (
        "report.pdf"
    )
    ics = notifications.Attachment("a.ics", "BEGIN:VCALENDAR", "text/calendar")
    note = _send(attachments=[ics])
    assert fake_notify.sent[note.provider_reference]["personalisation"]["file"] == ""


@pytest.mark.django_db
def test_an_address_notify_refuses_fails_without_retrying(fake_notify):
    note = _send("bad-address@example.nhs.uk")
    note.refresh_from_db()
    assert note.status == Notification.Status.FAILED and note.next_attempt_at is None
    assert "Not a valid email address" in note.error


@pytest.mark.django_db
def test_a_wrong_api_key_is_retried(fake_notify):
    with override_settings(NOTIFY_API_KEY=f"dueregard_test-{SERVICE_ID}-{uuid.uuid4()}"):
        note = _send()
    note.refresh_from_db()
    assert note.status == Notification.Status.QUEUED and note.next_attempt_at is not None


@pytest.mark.django_db
def test_delivery_callbacks_update_the_status(fake_notify, client):
    delivered, bounced, temporary = _send(), _send("b@example.nhs.uk"), _send("c@example.nhs.uk")
    assert _callback(client, delivered.provider_reference, "delivered").json() == {"updated": 1}
    assert _callback(client, bounced.provider_reference, "permanent-failure").status_code == 200
    assert _callback(client, temporary.provider_reference, "temporary-failure").status_code == 200
    for note in (delivered, bounced, temporary):
        note.refresh_from_db()
    assert delivered.status == Notification.Status.DELIVERED
    assert delivered.delivered_at.isoformat().startswith("2026-12-06T10:00:05")
    assert bounced.status == Notification.Status.BOUNCED
    assert temporary.status == Notification.Status.FAILED
    # A status still in flight changes nothing; an unknown reference changes nothing.
    assert _callback(client, delivered.provider_reference, "sending").json() == {"updated": 0}
    assert _callback(client, str(uuid.uuid4()), "delivered").json() == {"updated": 0}


@pytest.mark.django_db
def test_callbacks_need_the_token_and_json(fake_notify, client):
    note = _send()
    assert _callback(client, note.provider_reference, "delivered", token="wrong").status_code == 401
    response = client.post(
        reverse("operations:notify-callback"),
        data="not json",
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer callback-secret-token-123",
    )
    assert response.status_code == 400
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT


@pytest.mark.django_db
def test_the_backend_reads_a_status_back(fake_notify):
    note = _send()
    fake_notify.statuses[note.provider_reference] = "delivered"
    assert notification_backends.NotifyBackend().status(note.provider_reference) == "delivered"
