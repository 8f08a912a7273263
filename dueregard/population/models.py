"""Population reference data (ONS Census 2021) and the areas an organisation serves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.tenancy import Scope, ScopedModel


class AreaPopulation(models.Model):
    """One area's usual residents by the 19 Census 2021 ethnic groups (ONS TS021).

    Public reference data, the same for every organisation: not scoped.
    """

    code = models.CharField(_("ONS geography code"), max_length=9)
    name = models.CharField(_("Area"), max_length=200)
    year = models.PositiveSmallIntegerField(_("Census year"))
    total = models.PositiveIntegerField()
    counts = models.JSONField()  # {group code: people}
    loaded_at = models.DateTimeField(auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="population_area_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.all()


class ServedArea(ScopedModel):
    """An area the organisation (or, organisation empty, the system) serves."""

    code = models.CharField(_("ONS geography code"), max_length=9)
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "organisation", "code"], name="population_served_once"
            )
        ]

    def __str__(self) -> str:
        return self.code


class AreaWorkingAge(models.Model):
    """One area's usual residents aged 16 to 64 by the 19 Census 2021 ethnic groups (an
    ONS ethnic group by age table). Public reference data: not scoped."""

    code = models.CharField(_("ONS geography code"), max_length=9)
    name = models.CharField(_("Area"), max_length=200)
    year = models.PositiveSmallIntegerField(_("Census year"))
    total = models.PositiveIntegerField()
    counts = models.JSONField()  # {group code: people aged 16 to 64}
    loaded_at = models.DateTimeField(auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="population_working_age_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.all()
