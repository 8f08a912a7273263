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

from ..models import AuditEvent, Invitation, Notification, User
from . import audit

ERASED_DOMAIN = "erased.invalid"

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


def anonymise_user(user: User) -> None:
    """Replace what identifies a person on their account (name, e-mail, password, second
    factors, sessions); the row stays so records that name them as the actor keep their
    shape ("Former user 12"). The audit trail's labels are redacted the same way."""
    from django_otp import devices_for_user

    for device in devices_for_user(user, confirmed=None):
        device.delete()
    label = f"{user.full_name} <{user.email}>"
    user.email = f"erased-{user.pk}@{ERASED_DOMAIN}"
    user.full_name = f"Former user {user.pk}"
    user.is_active = False
    user.sign_in_by_link = False
    user.sessions_revoked_at = timezone.now()
    user.set_unusable_password()
    user.save()
    _redact_audit_labels(user, label)


def _redact_audit_labels(user: User, label: str) -> None:
    """The audit trail keeps its records; only the person's name and address in their
    labels are replaced (the one change this service may make to it)."""
    from django.db.models.query import QuerySet

    redacted = f"Former user {user.pk}"
    QuerySet.update(AuditEvent.objects.filter(actor=user), actor_label=redacted)
    QuerySet.update(
        AuditEvent.objects.filter(object_type="core.user", object_id=str(user.pk)),
        object_repr=redacted,
    )
    del label  # never stored


def _closed_accounts_due(now):
    """Accounts closed (inactive, sessions ended) longer than the period ago, not yet
    anonymised."""
    cutoff = now - timedelta(days=User.retention_days_after_closure)
    return User.objects.filter(is_active=False, sessions_revoked_at__lt=cutoff).exclude(
        email__endswith="@" + ERASED_DOMAIN
    )


def dispose_closed_accounts(now) -> int:
    count = 0
    for user in _closed_accounts_due(now):
        anonymise_user(user)
        count += 1
    return count


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
    counts["closed accounts"] = dispose_closed_accounts(now)
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
