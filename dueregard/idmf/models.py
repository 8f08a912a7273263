"""Decisions and their six-step IDMF assessments.

A ``Decision`` is one row of the register (an organisation's, or the whole system's when
``organisation`` is empty). Each time it is assessed it gets an ``Assessment`` version that
pins the IDMF and characteristics ``FrameworkVersion`` rows it was made with; a review
opens a new version and keeps the earlier one readable. Impacts, engagement and actions
belong to one assessment version.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.tenancy import ScopedModel
from dueregard.frameworks.models import FrameworkVersion


class DecisionType(models.TextChoices):
    SERVICE_CHANGE = "service_change", _("Service change")
    WORKFORCE = "workforce", _("Workforce")
    POLICY = "policy", _("Policy")
    PROCUREMENT = "procurement", _("Procurement")
    COMMISSIONING = "commissioning", _("Commissioning")
    OTHER = "other", _("Other")


class DecisionStatus(models.TextChoices):
    SCREENING = "screening", _("Screening")
    SCREENED_OUT = "screened_out", _("Screened out: not relevant")
    IN_PROGRESS = "in_progress", _("Assessment in progress")
    SIGNED_OFF = "signed_off", _("Signed off")


class Decision(ScopedModel):
    title = models.CharField(_("proposal title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="idmf_decisions"
    )
    design_group = models.CharField(_("design group"), max_length=120, blank=True)
    decision_body = models.CharField(_("decision-making body"), max_length=160)
    decision_type = models.CharField(_("type"), max_length=20, choices=DecisionType.choices)
    date_needed = models.DateField(_("date the decision is needed"), null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.SCREENING
    )
    public_slug = models.CharField(max_length=40, unique=True, null=True, blank=True)
    is_published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "title"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def new_slug() -> str:
        return secrets.token_urlsafe(18)

    @property
    def place(self):
        return self.organisation or self.system

    def current_assessment(self) -> Assessment | None:
        prefetched = getattr(self, "assessments_by_version", None)
        if prefetched is not None:  # a list's prefetch (views.index): no query per row
            return prefetched[0] if prefetched else None
        return self.assessments.order_by("-version").first()


class Assessment(models.Model):
    class Screening(models.TextChoices):
        PENDING = "", _("Not screened")
        RELEVANT = "relevant", _("Relevant: full assessment needed")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="assessments")
    version = models.PositiveIntegerField(default=1)
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="idmf_assessments"
    )
    characteristics_framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="idmf_assessments_groups"
    )
    screening_answers = models.JSONField(default=dict, blank=True)
    screening_result = models.CharField(
        max_length=20, choices=Screening.choices, default="", blank=True
    )
    answers = models.JSONField(default=dict, blank=True)  # question code -> value
    completed_steps = models.JSONField(default=list, blank=True)  # step codes
    due_regard_checklist = models.JSONField(default=list, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    reminder_sent_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["decision", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "version"], name="idmf_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.decision} (version {self.version})"

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(decision__in=Decision.in_scope(scope))

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    @property
    def is_current(self) -> bool:
        latest = self.decision.current_assessment()
        return latest is not None and latest.pk == self.pk


class Impact(models.Model):
    class Rating(models.TextChoices):  # codes from the framework's impact_values
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")
        UNKNOWN = "unknown", _("Unknown")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="impacts")
    group = models.CharField(max_length=60)  # characteristic code
    rating = models.CharField(max_length=20, blank=True)
    reasons = models.TextField(blank=True)
    evidence = models.TextField(blank=True)  # links and references, one a line
    confidence = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "group"], name="idmf_unique_impact")
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.rating or 'not rated'}"

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(assessment__in=Assessment.in_scope(scope))


class EngagementEntry(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="engagement")
    who = models.CharField(_("who"), max_length=200)
    held_on = models.DateField(_("when"))
    method = models.CharField(_("how"), max_length=200)
    groups_reached = models.JSONField(default=list, blank=True)  # characteristic codes
    heard = models.TextField(_("what was heard"))
    changed = models.TextField(_("what changed as a result"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.who} ({self.held_on})"

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(assessment__in=Assessment.in_scope(scope))


class Action(models.Model):
    class Purpose(models.TextChoices):
        MITIGATE = "mitigate", _("Remove or reduce a negative impact")
        FIND_OUT = "find_out", _("Find out the impact (fill an evidence gap)")
        ADVANCE = "advance", _("Advance equality")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    description = models.TextField(_("action"))
    groups = models.JSONField(default=list, blank=True)  # characteristic codes it addresses
    owner_name = models.CharField(_("owner"), max_length=200)
    owner_email = models.EmailField(_("owner's e-mail address"), blank=True)
    due_date = models.DateField(_("due date"))
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(assessment__in=Assessment.in_scope(scope))
