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
    # The organisation's quality impact assessment and DPIA of the same decision, if any.
    qia_url = models.URLField(_("quality impact assessment link"), max_length=500, blank=True)
    dpia_url = models.URLField(_("DPIA link"), max_length=500, blank=True)
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

    @classmethod
    def in_scope(cls, scope):
        """The scope's decisions, and those of the same system the user co-authors (a
        co-author may work in another organisation of the system)."""
        own = super().in_scope(scope)
        if scope.user_id is None or scope.system is None:
            return own
        shared = cls._default_manager.filter(
            system=scope.system, coauthors__user_id=scope.user_id
        ).values("pk")
        return cls._default_manager.filter(
            models.Q(pk__in=own.values("pk")) | models.Q(pk__in=shared)
        )

    def has_coauthor(self, user_id) -> bool:
        return user_id is not None and self.coauthors.filter(user_id=user_id).exists()


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
    # The decision maker's own sentence for each due-regard (Brown) principle, by code.
    due_regard_statements = models.JSONField(default=dict, blank=True)
    # The date the committee or decision maker decided (not the sign-off timestamp).
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
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


class CommitteeDecision(models.Model):
    """A committee or board's decision on one assessment version, for the minutes."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CONDITIONS = "approved_with_conditions", _("Approved with conditions")
        DEFERRED = "deferred", _("Deferred")
        REJECTED = "rejected", _("Rejected")

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="committee_decision"
    )
    body = models.CharField(_("committee or board"), max_length=160)
    meeting_date = models.DateField(_("meeting date"))
    minute_reference = models.CharField(_("minute reference"), max_length=80)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    conditions = models.TextField(_("conditions or reasons"), blank=True)
    # [{"role": "Chair", "name": "…"}], in the order given
    attendees = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.body} {self.meeting_date}: {self.get_outcome_display()}"

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(assessment__in=Assessment.in_scope(scope))


class CoAuthor(models.Model):
    """Someone writing the assessment with its owner, from any organisation of the system."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="coauthors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idmf_coauthorships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "user"], name="idmf_unique_coauthor")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.decision}"

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(decision__in=Decision.in_scope(scope))


class Comment(models.Model):
    """A comment on one step of an assessment, or on one row of its impact grid."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    step = models.CharField(max_length=60)  # step code, or "screening"
    group = models.CharField(max_length=60, blank=True)  # impact-grid row (characteristic)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:80]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(assessment__in=Assessment.in_scope(scope))


class SpecialistReview(models.Model):
    """An optional EDI specialist review between "ready" and sign-off; one row a round."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for the review")
        CHANGES = "changes", _("Changes asked for")
        APPROVED = "approved", _("Approved")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="specialist_reviews"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("what the reviewer says"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.get_outcome_display()}"

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(assessment__in=Assessment.in_scope(scope))


class ImportJob(models.Model):
    """A Word EqIA uploaded to fill an assessment: parsed off the web request, reviewed by
    the person, saved only when they confirm. The file is dropped once it is read."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Reading the document")
        READY = "ready", _("Ready to review")
        FAILED = "failed", _("Could not be read")
        SAVED = "saved", _("Saved into the assessment")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField(blank=True, default=b"")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    found = models.JSONField(default=dict, blank=True)  # {"answers": {...}, "impacts": {...}}
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(assessment__in=Assessment.in_scope(scope))


class PartnerAccess(models.Model):
    """A named person from a partner organisation OUTSIDE the system, invited by e-mail to
    co-author ONE decision's assessment. They sign in by e-mailed link, hold no membership
    (their scope is empty: nothing else of the system), reach only this decision's pages
    while the access is live, and never sign off."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="partners")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idmf_partner_access"
    )
    organisation_name = models.CharField(_("their organisation"), max_length=200)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(_("access ends"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["invited_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation_name}) on {self.decision}"

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(decision__in=Decision.in_scope(scope))
