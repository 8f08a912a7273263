"""Retention by declaration: dispose of personal data whose retention period has ended.

Each model that holds personal data declares how long it keeps it (``retention_days``).
``dispose_expired`` deletes what is past its period and writes one audit record per kind,
so the trail shows that disposal happened (and how much) without keeping what was deleted.
Run daily: ``manage.py dispose_expired``. Apps that hold personal data elsewhere register
their own disposal with ``register_disposal(label, fn)``; ``fn(now)`` returns a count.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import AuditEvent, Invitation, Notification
from . import audit

_DISPOSALS: list[tuple[str, object]] = []


def register_disposal(label: str, fn) -> None:
    """Add an app's disposal (``fn(now) -> count``) to ``dispose_expired``."""
    if all(existing != label for existing, _ in _DISPOSALS):
        _DISPOSALS.append((label, fn))


def _invitations_due(now):
    cutoff = now - timedelta(days=Invitation.retention_days)
    return Invitation.objects.filter(
        Q(accepted_at__lt=cutoff) | Q(revoked_at__lt=cutoff) | Q(expires_at__lt=cutoff)
    )


def _notifications_due(now):
    return Notification.objects.filter(
        created_at__lt=now - timedelta(days=Notification.retention_days)
    )


@transaction.atomic
def dispose_expired(now=None) -> dict[str, int]:
    now = now or timezone.now()
    counts = {}
    for label, queryset in (
        ("invitations", _invitations_due(now)),
        ("notifications", _notifications_due(now)),
    ):
        deleted, _ = queryset.delete()
        counts[label] = deleted
    for label, fn in _DISPOSALS:
        disposed = fn(now)
        if disposed:  # registered kinds are listed only when something was disposed
            counts[label] = disposed
    # The audit trail has its own, longer period; only this service may delete from it.
    cutoff = now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    old_events = AuditEvent.objects.filter(created_at__lt=cutoff)
    counts["audit events"] = old_events.count()
    if counts["audit events"]:
        from django.db.models.query import QuerySet

        QuerySet.delete(old_events)  # bypasses the append-only guard, deliberately
    if any(counts.values()):
        audit.record("retention.disposed", after={k: v for k, v in counts.items() if v})
    return counts
