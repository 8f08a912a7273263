"""Webhooks, tested against a real HTTP receiver on 127.0.0.1: signed deliveries for a
decision signed off, an EDS report published and an analysis finished; retries; pages."""

import datetime as dt
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dueregard.api.models import WebhookDelivery, WebhookEndpoint
from dueregard.api.services import webhooks
from dueregard.core.models import AuditEvent
from dueregard.core.tenancy import resolve_scope
from dueregard.eds.services import publication
from tests.eds.object_urls import OBJECT_URL_FACTORIES as EDS
from tests.idmf.object_urls import OBJECT_URL_FACTORIES as IDMF


def _port() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return 8201 + int(worker.removeprefix("gw") or 0) % 8


class Receiver:
    def __init__(self):
        self.requests = []
        self.statuses = []  # answers to give, in order; then 204
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", _port()), Handler)
        self.url = f"http://127.0.0.1:{_port()}/hooks/dueregard"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.API_WEBHOOKS_ALLOW_HTTP = True
    server = Receiver()
    yield server
    server.close()


def _endpoint(org, user, url, events=None):
    scope = resolve_scope(user, f"org:{org.pk}")
    return webhooks.add_endpoint(
        scope, user, url=url, events=events or [e.value for e in webhooks.WebhookEvent]
    )


def test_a_signed_off_decision_is_sent_signed(
    receiver, org_a, edi_lead_a, make_user, django_capture_on_commit_callbacks
):
    endpoint, secret = _endpoint(org_a, edi_lead_a, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        decision = IDMF["idmf:start-review"][0](org_a, make_user)  # a signed-off decision
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert headers["Dueregard-Event"] == "decision.signed_off"
    assert webhooks.verify(secret, headers["Dueregard-Signature"], body)
    assert not webhooks.verify("whsec_wrong", headers["Dueregard-Signature"], body)
    assert not webhooks.verify(secret, headers["Dueregard-Signature"], body + b" ")
    payload = json.loads(body)
    assert payload["event"] == "decision.signed_off"
    assert payload["object_id"] == decision.pk
    assert payload["api_url"] == f"/api/v1/decisions/{decision.pk}"
    assert payload["id"] == headers["Dueregard-Delivery"]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.DELIVERED and delivery.attempts == 1
    assert delivery.endpoint == endpoint


def test_a_published_eds_report_is_sent_and_other_places_hear_nothing(
    receiver, org_a, org_b, edi_lead_a, edi_lead_b, make_user, django_capture_on_commit_callbacks
):
    _endpoint(org_b, edi_lead_b, receiver.url + "/b")
    _endpoint(org_a, edi_lead_a, receiver.url, events=["eds.report_published"])
    assessment = EDS["eds:detail"][0](org_a, make_user)
    type(assessment).objects.filter(pk=assessment.pk).update(signed_off_at=timezone.now())
    assessment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        publication.publish(assessment, edi_lead_a)
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert headers["Dueregard-Event"] == "eds.report_published"
    assert json.loads(body)["api_url"] == f"/api/v1/eds/assessments/{assessment.pk}"


def test_a_finished_analysis_is_sent(
    receiver, org_a, edi_lead_a, make_user, make_token, api, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from dueregard.core.roles import Role
    from dueregard.evidence.services import synthetic

    call_command("load_frameworks", verbosity=0)
    _endpoint(org_a, edi_lead_a, receiver.url, events=["analysis.finished"])
    analyst = make_user("analyst.a@example.nhs.uk", Role.ANALYST, organisation=org_a)
    token = make_token(analyst, org_a, ["write:datasets"])
    clean = synthetic.uptake_csv(seed=1).replace(synthetic.MESSY_LABEL.encode(), b"African")
    upload = SimpleUploadedFile("flu.csv", clean, content_type="text/csv")
    dataset = (
        api(token)
        .post(
            "/api/v1/evidence/datasets",
            {"name": "Flu", "kind": "uptake", "file": upload},
            content_type=None,
        )
        .json()
    )
    with django_capture_on_commit_callbacks(execute=True):
        started = (
            api(token)
            .post(
                f"/api/v1/evidence/datasets/{dataset['id']}/analyses",
                {"kind": "by-group", "group": "ethnicity"},
            )
            .json()
        )
    assert len(receiver.requests) == 1
    payload = json.loads(receiver.requests[0][1])
    assert payload["event"] == "analysis.finished" and payload["status"] == "ready"
    assert payload["object_id"] == started["id"]


def test_a_failed_delivery_is_retried_then_given_up(receiver, org_a, edi_lead_a):
    endpoint, _secret = _endpoint(org_a, edi_lead_a, receiver.url)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="analysis.finished", payload={"event": "analysis.finished"}
    )
    receiver.statuses = [500]
    now = timezone.now()
    assert webhooks.deliver(delivery.pk, now=now) == WebhookDelivery.Status.RETRYING
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == now + dt.timedelta(minutes=1)
    assert delivery.last_status_code == 500
    # Not due yet: nothing sent; once due, it is delivered.
    assert webhooks.deliver_due(now=now) == 0
    assert webhooks.deliver_due(now=now + dt.timedelta(minutes=2)) == 1
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED and delivery.attempts == 2
    assert len(receiver.requests) == 2
    # A receiver that always fails: five retries, then it gives up.
    failing = WebhookDelivery.objects.create(
        endpoint=endpoint, event="analysis.finished", payload={}
    )
    receiver.statuses = [503] * 10
    outcomes = [webhooks.deliver(failing.pk) for _ in range(7)]
    assert outcomes[:5] == [WebhookDelivery.Status.RETRYING] * 5
    assert outcomes[5:] == [WebhookDelivery.Status.GAVE_UP] * 2
    failing.refresh_from_db()
    assert failing.attempts == 6


def test_an_unreachable_receiver_is_retried(org_a, edi_lead_a, settings):
    settings.API_WEBHOOKS_ALLOW_HTTP = True
    endpoint, _ = _endpoint(org_a, edi_lead_a, "http://127.0.0.1:8209/nobody-here")
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="analysis.finished")
    assert webhooks.deliver(delivery.pk) == WebhookDelivery.Status.RETRYING
    delivery.refresh_from_db()
    assert delivery.last_status_code is None and delivery.last_error


def test_endpoints_must_be_https(org_a, edi_lead_a):
    with pytest.raises(ValidationError) as exc:
        _endpoint(org_a, edi_lead_a, "http://intranet.example.nhs.uk/hooks")
    assert "url" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _endpoint(org_a, edi_lead_a, "https://intranet.example.nhs.uk/h", events=["made.up"])
    endpoint, secret = _endpoint(org_a, edi_lead_a, "https://intranet.example.nhs.uk/hooks")
    assert secret.startswith("whsec_")
    assert AuditEvent.objects.filter(action="api.webhook.added").count() == 1
    assert secret not in str(AuditEvent.objects.get(action="api.webhook.added").after)
    webhooks.remove_endpoint(endpoint, edi_lead_a)
    assert not WebhookEndpoint.objects.get().is_active


def test_signatures_expire(org_a):
    body = b'{"a": 1}'
    header = webhooks.sign("s", 1_000_000, body)
    assert webhooks.verify("s", header, body, now=1_000_100)
    assert not webhooks.verify("s", header, body, now=1_000_000 + 301)
    assert not webhooks.verify("s", "garbage", body)
