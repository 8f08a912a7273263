"""The yearly WRES and WDES cycle of one organisation (issue 25, ADR 0041).

Only aggregates are kept: published survey percentages and bases, the board register as
roles (no names) with their group, narratives and the action plan. Row-level workforce
files stay in the evidence workspace, which deletes them once analysed (ADR 0013).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.tenancy import ScopedModel


class Standard(models.TextChoices):
    WRES = "WRES", _("Workforce Race Equality Standard (WRES)")
    WDES = "WDES", _("Workforce Disability Equality Standard (WDES)")


class Stage(models.TextChoices):
    COLLECTING = "collecting", _("Collecting data")
    VALIDATED = "validated", _("Data checked")
    APPROVED = "approved", _("Approved by the board")
    PUBLISHED = "published", _("Published")


class ReturnYear(ScopedModel):
    standard = models.CharField(max_length=4, choices=Standard.choices)
    year = models.PositiveSmallIntegerField()  # the year of the 31 March snapshot
    definitions_version = models.CharField(max_length=20)  # workforce/data/<std>-<v>.yaml
    snapshot_date = models.DateField()
    submission_deadline = models.DateField()
    publication_deadline = models.DateField()
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.COLLECTING)
    # The evidence workspace's WRES/WDES packs (staff, recruitment, cases, training files)
    # for the indicators computed from row-level files.
    analyses = models.ManyToManyField("evidence.Analysis", blank=True, related_name="+")
    validated_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateField(null=True, blank=True)  # sent to NHS England
    approval_body = models.CharField(max_length=200, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_by_name = models.CharField(max_length=200, blank=True)  # who chaired/signed
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    slug = models.SlugField(max_length=80, unique=True, null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "standard"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "standard", "year"], name="returns_one_year_per_standard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard} {self.year}"


class _Child(models.Model):
    return_year = models.ForeignKey(ReturnYear, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    @classmethod
    def in_scope(cls, scope):
        return cls.objects.filter(return_year__in=ReturnYear.in_scope(scope))


class SurveyFigure(_Child):
    """A published NHS Staff Survey percentage and its base (a summary input)."""

    indicator = models.CharField(max_length=12)
    group = models.CharField(max_length=40)
    survey_year = models.PositiveSmallIntegerField()
    percentage = models.DecimalField(max_digits=4, decimal_places=1)
    base = models.PositiveIntegerField()

    class Meta:
        ordering = ["survey_year", "indicator", "group"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.group} {self.survey_year}"


class BoardSeat(_Child):
    """One seat on the board register: the role, not the person's name."""

    role = models.CharField(max_length=200)
    voting = models.BooleanField(default=False)
    executive = models.BooleanField(default=False)
    group = models.CharField(max_length=40)  # BME / White / Disabled / Non-disabled / Unknown

    class Meta:
        ordering = ["-voting", "-executive", "role"]

    def __str__(self) -> str:
        return self.role


class Narrative(_Child):
    indicator = models.CharField(max_length=12)
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Narrative {self.indicator}"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["return_year", "indicator"], name="returns_one_narrative"
            )
        ]


class Action(ScopedModel):
    """An action of the plan; it stays on each later year's plan until it is done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    standard = models.CharField(max_length=4, choices=Standard.choices)
    indicator = models.CharField(max_length=12)
    description = models.TextField()
    owner_name = models.CharField(max_length=200)
    due_date = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    first_year = models.PositiveSmallIntegerField()
    done_year = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:60]
