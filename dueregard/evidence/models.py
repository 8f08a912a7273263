"""Datasets uploaded in the app, the row-level data they hold for a while, and analyses.

Only ``RowData`` holds row-level (special category) data. It is deleted once an analysis
is stored, unless the analyst chose a retention date (then ``manage.py dispose_expired``
deletes it on that date). ``Dataset`` and ``Analysis`` keep metadata and aggregates only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.tenancy import ScopedModel


class Dataset(ScopedModel):
    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        MAPPING = "mapping", _("Waiting for column mapping")
        QUEUED = "queued", _("Import queued")
        IMPORTING = "importing", _("Importing")
        READY = "ready", _("Ready to analyse")
        FAILED = "failed", _("Import failed")
        DISPOSED = "disposed", _("Rows deleted (aggregates kept)")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40)  # a schema code (services/schemas.py)
    period = models.CharField(max_length=7, blank=True)  # reporting year, workforce files
    original_name = models.CharField(max_length=300)
    checksum = models.CharField(max_length=64)  # SHA-256 of the uploaded bytes
    size_bytes = models.PositiveIntegerField(default=0)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)  # canonical column -> header
    code_maps = models.JSONField(default=dict, blank=True)  # column -> {raw label: value}
    quality = models.JSONField(default=dict, blank=True)  # the data-quality report
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MAPPING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    errors = models.JSONField(default=list, blank=True)  # [{"row":…, "column":…, "message":…}]
    row_count = models.PositiveIntegerField(default=0)
    retain_until = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_rows(self) -> bool:
        return RowData.objects.filter(dataset=self).exists()


class RowData(models.Model):
    """The uploaded file and its imported rows: special category data, kept briefly."""

    # By declaration: until an analysis is stored, or until ``Dataset.retain_until``; rows
    # of a dataset without a date are never kept longer than this (unused or failed work).
    retention_days = 30

    dataset = models.OneToOneField(Dataset, on_delete=models.CASCADE, related_name="rows")
    upload = models.BinaryField()  # the file as uploaded
    canonical = models.BinaryField(null=True)  # the imported rows (Parquet)
    # The upload as read once by the background check (Parquet, every column text), so
    # mapping and import never parse the uploaded file again in a web request.
    table = models.BinaryField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Rows of {self.dataset_id}"

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(dataset__in=Dataset.in_scope(scope))


class Analysis(ScopedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="analyses")
    kind = models.CharField(max_length=40)  # services/analyses.py ANALYSES
    title = models.CharField(max_length=300)
    parameters = models.JSONField(default=dict, blank=True)
    input_checksum = models.CharField(max_length=64)
    engine_version = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(default=dict, blank=True)  # aggregates only
    # The disclosure-controlled figures as text (readings, table): what EDS, IDMF and the
    # published report show. Rebuilt on every run, so linked evidence is always current.
    public = models.JSONField(default=dict, blank=True)
    characteristics = models.JSONField(default=list, blank=True)  # characteristic codes
    error = models.TextField(blank=True)
    runs = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "analyses"

    def __str__(self) -> str:
        return self.title


class IdmfEvidenceLink(models.Model):
    """An analysis attached as evidence to step 2 of an IDMF assessment."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="idmf_links")
    assessment = models.ForeignKey(
        "idmf.Assessment", on_delete=models.CASCADE, related_name="evidence_links"
    )
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "assessment"], name="evidence_idmf_once")
        ]

    def __str__(self) -> str:
        return f"{self.analysis} for {self.assessment}"

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(analysis__in=Analysis.in_scope(scope))
