"""API tokens, webhook endpoints and their deliveries.

A token belongs to one organisation (or a whole system) and to the person who created it:
its requests act as that person there, with their current roles, narrowed by the token's
scopes. Only a SHA-256 hash of the token is stored (ADR 0120); the token itself is shown
once. A webhook endpoint's secret signs each delivery (HMAC-SHA256), so it is kept.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.core.tenancy import Scope, ScopedModel


class ApiToken(ScopedModel):
    name = models.CharField(_("Name"), max_length=120)
    prefix = models.CharField(max_length=16, unique=True)  # shown in lists; finds the row
    token_hash = models.CharField(max_length=64)  # SHA-256 of the whole token
    scopes = models.JSONField(default=list)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Rate limiting: a fixed window per token, counted with conditional UPDATEs.
    window_started_at = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class WebhookEvent(models.TextChoices):
    DECISION_SIGNED_OFF = "decision.signed_off", _("A decision is signed off")
    EDS_REPORT_PUBLISHED = "eds.report_published", _("An EDS report is published")
    ANALYSIS_FINISHED = "analysis.finished", _("An evidence analysis has finished")


class WebhookEndpoint(ScopedModel):
    url = models.URLField(_("Address (URL)"), max_length=500)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=80)  # signs deliveries; shown once
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.url

    @classmethod
    def for_event(cls, event: str, *, organisation_id, system_id) -> list[WebhookEndpoint]:
        """Active endpoints that hear about an event of this organisation: its own, and
        the whole system's (an event of the whole system reaches system endpoints only)."""
        place = models.Q(organisation__isnull=True)
        if organisation_id:
            place |= models.Q(organisation_id=organisation_id)
        rows = cls._default_manager.filter(is_active=True, system_id=system_id).filter(place)
        return [row for row in rows if event in row.events]


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        DELIVERED = "delivered", _("Delivered")
        RETRYING = "retrying", _("Failed; will try again")
        GAVE_UP = "gave_up", _("Failed; gave up")

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(endpoint__in=WebhookEndpoint.in_scope(scope))
