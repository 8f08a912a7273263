"""Leadership against the community: each year's aggregate counts, and the measures an
organisation picks for the three Building Leadership for Inclusion objectives."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.tenancy import ScopedModel


class Snapshot(ScopedModel):
    """One organisation's leadership counts for one reporting year (aggregates only).

    Taken from a workforce staff snapshot when the evidence workspace imports it (its rows
    are deleted soon after); a later file for the same year replaces it.
    """

    period = models.CharField(_("Reporting year"), max_length=7)  # "2025-26"
    counts = models.JSONField()  # figures.snapshot_counts()
    staff = models.PositiveIntegerField(default=0)
    dataset = models.ForeignKey(
        "evidence.Dataset", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "organisation", "period"], name="leadership_snapshot_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation or self.system} {self.period}"


class Objective(models.TextChoices):
    ASPIRATION = "aspiration", _("Raise aspiration on inclusion")
    LEGACY = "legacy", _("Equip leadership to leave a sustainable legacy")
    PACE = "pace", _("Quicken the pace of change")


class Measure(ScopedModel):
    """A measure (from ``services/catalogue.py``) chosen for one objective, with a target."""

    objective = models.CharField(max_length=20, choices=Objective.choices)
    code = models.CharField(max_length=40)
    target = models.DecimalField(max_digits=6, decimal_places=1)
    target_year = models.CharField(max_length=7)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["objective", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "organisation", "objective", "code"],
                name="leadership_measure_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.objective}: {self.code}"
