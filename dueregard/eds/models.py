"""The EDS cycle: assessments (with revisions), services, evidence, gradings, the
improvement plan and four-year objectives. Outcomes and grades are codes from the
framework version the assessment pinned, never hard-coded here."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import Organisation
from dueregard.core.tenancy import ScopedModel
from dueregard.frameworks.models import FrameworkVersion


class Stage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    EVIDENCE = "evidence", _("Gathering evidence")
    GRADING = "grading", _("Grading")
    AGREEMENT = "agreement", _("Agreeing grades")
    SIGN_OFF = "sign_off", _("Ready for sign-off")
    PUBLISHED = "published", _("Published")


STAGE_ORDER = [s.value for s in Stage]


class Level(models.TextChoices):
    ORGANISATION = "organisation", _("Single organisation")
    PARTNERSHIP = "partnership", _("Partnership")
    SYSTEM = "system", _("Whole system (ICS-wide)")


class PanelRule(models.TextChoices):
    MEDIAN = "median", _("Median of the panel members' grades (lower middle when even)")
    LOWEST = "lowest", _("Lowest panel member's grade")
    CHAIR = "chair", _("Agreed by the panel in discussion, entered by the chair")


class Assessment(ScopedModel):
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT)
    title = models.CharField(max_length=200)
    period = models.CharField(_("period"), max_length=20, help_text=_("For example, 2025-26"))
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.ORGANISATION)
    partners = models.ManyToManyField(Organisation, blank=True, related_name="+")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_revision"
    )
    panel_rule = models.CharField(
        max_length=10, choices=PanelRule.choices, default=PanelRule.MEDIAN
    )
    eds_lead = models.CharField(_("EDS lead"), max_length=200, blank=True)
    board_sponsor = models.CharField(max_length=200, blank=True)
    engagement_dates = models.CharField(max_length=300, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The day the EDI leads were last reminded of the publication deadline: claimed before
    # sending, so the daily job sends at most one reminder a day however often it runs.
    publication_reminded_on = models.DateField(null=True, blank=True, editable=False)
    public_slug = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The agreed result, frozen at sign-off: what the published report shows.
    result = models.JSONField(default=dict, blank=True)
    imported = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "title", "-revision"]

    def __str__(self) -> str:
        suffix = f" (revision {self.revision})" if self.revision > 1 else ""
        return f"{self.title} {self.period}{suffix}"

    @property
    def is_current_revision(self) -> bool:
        return not hasattr(self, "next_revision") or self.next_revision is None

    @property
    def is_locked(self) -> bool:
        """Signed-off and published assessments are records: reopen to change them."""
        return self.stage in (Stage.PUBLISHED,) or self.signed_off_at is not None


class AssessmentChild(models.Model):
    """Rows that belong to an assessment reach scope through it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE)

    class Meta:
        abstract = True

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(assessment__in=Assessment.in_scope(scope))


class Service(AssessmentChild):
    """A service assessed in a per-service domain (EDS 2022 Domain 1: at least three)."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "name"], name="unique_service_name")
        ]

    def __str__(self) -> str:
        return self.name


class OutcomeLead(AssessmentChild):
    """Who leads an outcome. The published report names the role; the person's name only
    when it is published on purpose."""

    outcome_code = models.CharField(max_length=10)
    lead_contact = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    name_may_be_published = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "outcome_code"], name="unique_outcome_lead"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome_code}: {self.lead_contact}"


def evidence_upload_to(instance, filename):
    return f"eds/{instance.assessment_id}/{uuid.uuid4().hex}/{filename}"


class Evidence(AssessmentChild):
    class Kind(models.TextChoices):
        TEXT = "text", _("Written evidence")
        LINK = "link", _("A link")
        DOCUMENT = "document", _("A document")

    outcome_code = models.CharField(max_length=10)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    url = models.URLField(blank=True, max_length=500)
    document = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=300)
    characteristics = models.JSONField(default=list, blank=True)  # characteristic codes
    factors = models.JSONField(default=list, blank=True)  # grading factor codes
    may_be_published = models.BooleanField(default=False)
    # An analysis from the evidence workspace: the evidence shows its current figures.
    analysis = models.ForeignKey(
        "evidence.Analysis",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="eds_evidence",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["outcome_code", "created_at"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title


class Grading(AssessmentChild):
    """One view of one outcome (for one service, in per-service domains)."""

    class Source(models.TextChoices):
        ORGANISATION = "organisation", _("The organisation's proposed grade")
        PANEL_MEMBER = "panel_member", _("A local-interest panel member's grade")
        PANEL_AGREED = "panel_agreed", _("Agreed by the panel, entered by the chair")
        IMPORTED = "imported", _("Imported from a published report")

    outcome_code = models.CharField(max_length=10)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)
    source = models.CharField(max_length=20, choices=Source.choices)
    grader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.CharField(
        max_length=300, blank=True, help_text=_("Recorded on behalf of … at the meeting of …")
    )
    represents = models.CharField(
        max_length=200, blank=True, help_text=_("The organisation a panel member represents")
    )
    grade_code = models.CharField(max_length=20)
    reasons = models.JSONField(default=dict, blank=True)  # factor code (or "summary") -> text
    # The reasons appear in the published report only when marked so (by whoever records
    # the grade, or a manager after review, e.g. reasons read from an imported report).
    reasons_may_be_published = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["outcome_code", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "outcome_code", "service", "source", "grader"],
                name="one_grading_per_grader",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome_code} {self.source}: {self.grade_code}"


class GradingVersion(models.Model):
    """Every grade as it was given: the first is kept as given; a change is a new, dated
    version with its reason. ``after_reveal`` marks a change made once the grader could see
    the other grades ("changed after discussion")."""

    grading = models.ForeignKey(Grading, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    grade_code = models.CharField(max_length=20)
    reasons = models.JSONField(default=dict, blank=True)
    change_reason = models.TextField(blank=True)
    after_reveal = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["grading", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grading", "number"], name="one_grading_version")
        ]

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(grading__assessment__in=Assessment.in_scope(scope))

    def __str__(self) -> str:
        return f"{self.grading} v{self.number}"


class LocalInterest(AssessmentChild):
    """A staff network of the organisation (or its system) named as a local interest on the
    panel (issue 19, ADR 0046). The report shows the network's name, never its members;
    ``name`` keeps the name as it was when named, so a later rename or removal of the
    network does not change a signed-off report."""

    network = models.ForeignKey(
        "networks.Network", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("Local interest"), max_length=200)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "name"], name="eds_local_interest_once")
        ]

    def __str__(self) -> str:
        return self.name


class Objective(ScopedModel):
    """A four-year equality objective, linked to EDS outcomes."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    start_year = models.PositiveIntegerField()
    end_year = models.PositiveIntegerField()
    outcome_codes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="objective_years_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year} to {self.end_year})"


class Action(AssessmentChild):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Completed")

    outcome_code = models.CharField(max_length=10)
    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.TextField()
    owner = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.action[:80]


class ReportImport(ScopedModel):
    """A published report uploaded for import (issue 23): the request stores the file and
    queues a background job (``eds.services.import_jobs``), which reads it within the upload
    limits, keeps what it found in ``result`` for the review page and empties ``content``.
    Confirming saves the assessment from ``result`` without reading the file again."""

    class Status(models.TextChoices):
        READING = "reading", _("Being read")
        READY = "ready", _("Ready to check")
        FAILED = "failed", _("Could not be read")
        IMPORTED = "imported", _("Imported")

    framework_code = models.CharField(max_length=40)
    period = models.CharField(max_length=20)
    filename = models.CharField(max_length=255)
    content = models.BinaryField(blank=True, default=b"")  # emptied once read
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.READING)
    message = models.TextField(blank=True)  # why it could not be read
    result = models.JSONField(default=dict, blank=True)  # parsed, problems, by_service
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"
