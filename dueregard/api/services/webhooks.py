"""Webhooks: tell other systems when a decision is signed off, an EDS report is
published or an analysis finishes. Signed with HMAC-SHA256, sent as background tasks,
retried with growing waits.

The events come from the audit trail: every one of these changes is already audited by
its own service, so listening for those audit events needs no hook in the other apps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.models import AuditEvent
from dueregard.core.services import audit

from ..models import WebhookDelivery, WebhookEndpoint, WebhookEvent

logger = logging.getLogger(__name__)

# Audit action -> webhook event.
AUDIT_EVENTS = {
    "idmf.signed_off": WebhookEvent.DECISION_SIGNED_OFF,
    "eds.assessment.published": WebhookEvent.EDS_REPORT_PUBLISHED,
    "evidence.analysis.computed": WebhookEvent.ANALYSIS_FINISHED,
    "evidence.analysis.failed": WebhookEvent.ANALYSIS_FINISHED,
}
# Waits before each retry; after the last one the delivery gives up.
RETRY_WAITS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "Dueregard-Signature"


# --- endpoints ---------------------------------------------------------------------------


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme == "https" or (
        parts.scheme == "http" and local and getattr(settings, "API_WEBHOOKS_ALLOW_HTTP", False)
    ):
        return
    raise ValidationError({"url": _("Enter an https address: events are sent encrypted")})


@transaction.atomic
def add_endpoint(scope, actor, *, url: str, events: list[str], request=None):
    """A new endpoint for the current organisation (or system); returns it and its secret."""
    if scope.is_empty:
        raise ValidationError(_("Choose an organisation first."))
    _check_url(url)
    known = set(WebhookEvent.values)
    if not events or not set(events) <= known:
        raise ValidationError({"events": _("Choose at least one event")})
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint.objects.create(
        system=scope.system,
        organisation=scope.organisation,
        url=url,
        events=sorted(set(events)),
        secret=secret,
        created_by=actor,
    )
    audit.record(
        "api.webhook.added",
        actor=actor,
        obj=endpoint,
        request=request,
        after={"url": url, "events": endpoint.events},
    )
    return endpoint, secret


@transaction.atomic
def remove_endpoint(endpoint: WebhookEndpoint, actor, request=None) -> None:
    endpoint.is_active = False
    endpoint.save(update_fields=["is_active"])
    audit.record(
        "api.webhook.removed", actor=actor, obj=endpoint, request=request, after={"active": False}
    )


# --- events ------------------------------------------------------------------------------


def _payload(event: AuditEvent) -> dict:
    data = {
        "object_type": event.object_type,
        "object_id": int(event.object_id) if event.object_id.isdigit() else event.object_id,
        "title": event.object_repr,
        "organisation_id": event.organisation_id,
        "system_id": event.system_id,
        "details": event.after,
    }
    if event.action == "idmf.signed_off":
        data["api_url"] = reverse("api-v1:decision", args=[event.object_id])
    elif event.action == "eds.assessment.published":
        data["api_url"] = reverse("api-v1:eds_assessment", args=[event.object_id])
    else:
        data["api_url"] = reverse("api-v1:analysis", args=[event.object_id])
        data["status"] = "ready" if event.action.endswith("computed") else "failed"
    return data


def on_audit_event(sender, instance: AuditEvent, created: bool, **kwargs) -> None:
    name = AUDIT_EVENTS.get(instance.action)
    if not created or name is None or instance.system_id is None:
        return
    try:
        _queue(name, instance)
    except Exception:  # a webhook must never stop the change it reports
        logger.exception("Could not queue webhooks for audit event %s", instance.pk)


def _queue(name: str, instance: AuditEvent) -> None:
    endpoints = WebhookEndpoint.for_event(
        name, organisation_id=instance.organisation_id, system_id=instance.system_id
    )
    if not endpoints:
        return
    payload = _payload(instance)
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=name,
            payload={"event": str(name), "occurred_at": instance.created_at.isoformat(), **payload},
        )
        transaction.on_commit(lambda pk=delivery.pk: enqueue(pk))


def connect() -> None:
    post_save.connect(on_audit_event, sender=AuditEvent, dispatch_uid="api.webhooks")


# --- delivery ----------------------------------------------------------------------------


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body>``, as the receiver checks it."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300, now=None) -> bool:
    """What a receiver does (and the docs show): recompute and compare in constant time."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (ValueError, KeyError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))


def enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    from .tasks import deliver_webhook

    task = deliver_webhook
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # `manage.py deliver_webhooks` sends it when it is due
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _post(url: str, body: bytes, headers: dict) -> int:
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("Only http(s) addresses are called.")
    opener = urllib.request.build_opener(_NoRedirects)
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with opener.open(req, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - https checked
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def deliver(delivery_id: int, now=None) -> str:
    """One attempt. 2xx delivers; anything else waits and tries again, then gives up."""
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    if delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.GAVE_UP):
        return delivery.status
    endpoint = delivery.endpoint
    body = json.dumps(
        {"id": str(delivery.event_id), **delivery.payload}, ensure_ascii=False, sort_keys=True
    ).encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "dueregard-webhooks/1",
        "Dueregard-Event": delivery.event,
        "Dueregard-Delivery": str(delivery.event_id),
        SIGNATURE_HEADER: sign(endpoint.secret, int(time.time()), body),
    }
    code, error = None, ""
    if not endpoint.is_active:
        error = "The endpoint was removed."
    else:
        try:
            code = _post(endpoint.url, body, headers)
        except (OSError, ValueError, http.client.HTTPException) as exc:
            error = str(exc)[:300] or exc.__class__.__name__
    now = now or timezone.now()
    delivery.attempts += 1
    delivery.last_status_code = code
    delivery.last_error = error or ("" if code and 200 <= code < 300 else f"HTTP {code}")
    if code is not None and 200 <= code < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts <= len(RETRY_WAITS) and endpoint.is_active:
        delivery.status = WebhookDelivery.Status.RETRYING
        delivery.next_attempt_at = now + RETRY_WAITS[delivery.attempts - 1]
    else:
        delivery.status = WebhookDelivery.Status.GAVE_UP
        delivery.next_attempt_at = None
    delivery.save()
    if delivery.status == WebhookDelivery.Status.RETRYING:
        enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery.status


def deliver_due(now=None) -> int:
    """Send every delivery that is due (``manage.py deliver_webhooks``)."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING],
        next_attempt_at__lte=now,
    ) | WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__isnull=True
    )
    count = 0
    for pk in due.values_list("pk", flat=True):
        deliver(pk, now=now)
        count += 1
    return count
