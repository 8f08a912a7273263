"""Values for the token and webhook pages."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import WebhookEvent


def _status(token, now) -> str:
    if token.revoked_at is not None:
        return _("Revoked")
    if token.expires_at <= now:
        return _("Expired")
    return _("Active")


def token_rows(tokens) -> list[dict]:
    now = timezone.now()
    return [
        {
            "pk": t.pk,
            "name": t.name,
            "prefix": f"dr_{t.prefix}_…",
            "scopes": t.scopes,
            "person": t.user.full_name or t.user.email,
            "created_at": t.created_at,
            "expires_at": t.expires_at,
            "last_used_at": t.last_used_at,
            "status": _status(t, now),
            "active": t.is_active(now),
        }
        for t in tokens
    ]


def _event_labels(codes) -> list[str]:
    labels = dict(WebhookEvent.choices)
    return [str(labels.get(code, code)) for code in codes]


def webhook_rows(endpoints) -> list[dict]:
    return [
        {"pk": e.pk, "url": e.url, "events": _event_labels(e.events), "created_at": e.created_at}
        for e in endpoints
    ]


def delivery_rows(deliveries) -> list[dict]:
    return [
        {
            "event": str(dict(WebhookEvent.choices).get(d.event, d.event)),
            "created_at": d.created_at,
            "status": d.get_status_display(),
            "attempts": d.attempts,
            "last_status_code": d.last_status_code,
            "last_error": d.last_error,
            "next_attempt_at": d.next_attempt_at,
        }
        for d in deliveries
    ]
