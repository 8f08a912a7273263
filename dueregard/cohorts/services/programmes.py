"""Programmes and cohorts: the open call, its eligibility rules, and the cohort's calendar
(an events series, created with the cohort; ADR 0043)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.models import Organisation
from dueregard.core.services import audit
from dueregard.events.models import Series
from dueregard.frameworks.services import characteristics

from ..choices import BANDS, STAFF_GROUPS, label
from ..models import Cohort, Programme

COHORT_FIELDS = [
    "name",
    "opens_on",
    "closes_on",
    "places",
    "eligible_bands",
    "eligible_staff_groups",
    "min_attendance_percent",
]


def today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def create_programme(
    *, actor, organisation, system_wide: bool, title: str, description: str = "", request=None
) -> Programme:
    programme = Programme.objects.create(
        system=organisation.system,
        organisation=None if system_wide else organisation,
        organiser_organisation=organisation,
        title=title.strip(),
        description=description.strip(),
        characteristics_framework=characteristics.current(),
        created_by=actor,
    )
    audit.record(
        "cohorts.programme_created",
        actor=actor,
        obj=programme,
        organisation=organisation,
        after={"title": programme.title, "system_wide": system_wide},
        request=request,
    )
    return programme


def organisations_of(programme: Programme):
    """The organisations whose staff a programme is for."""
    if programme.organisation_id is None:
        return Organisation.objects.filter(system_id=programme.system_id)
    return Organisation.objects.filter(pk=programme.organisation_id)


@transaction.atomic
def create_cohort(
    programme: Programme, *, actor, eligible_organisations=(), request=None, **values
) -> Cohort:
    """A cohort with its open call, and the events series that holds its calendar. The
    series is open to nobody for booking: participants are enrolled on selection."""
    if values["closes_on"] < values["opens_on"]:
        raise ValidationError(
            {"closes_on": _("The closing date must be on or after the opening date")}
        )
    allowed = set(organisations_of(programme).values_list("pk", flat=True))
    if any(o.pk not in allowed for o in eligible_organisations):
        raise ValidationError(
            {"eligible_organisations": _("Choose organisations this programme is for")}
        )
    cohort = Cohort(programme=programme, **values)
    series = Series.objects.create(
        system=programme.system,
        organisation=programme.organiser_organisation,
        title=f"{programme.title}: {values['name']}"[:200],
        description=_("The calendar of modules and action-learning sets of this cohort."),
        audience=_("Participants selected for the cohort"),
        one_per_person=False,
        created_by=actor,
    )
    cohort.series = series
    cohort.save()
    cohort.eligible_organisations.set(eligible_organisations)
    audit.record(
        "cohorts.cohort_created",
        actor=actor,
        obj=programme,
        object_repr=str(cohort),
        after={
            **audit.snapshot(cohort, COHORT_FIELDS),
            "series": series.pk,
            "organisations": sorted(o.pk for o in eligible_organisations),
        },
        request=request,
    )
    return cohort


def eligibility_problems(cohort: Cohort, *, band: str, staff_group: str, organisation) -> list:
    """What makes an applicant ineligible (empty: eligible), as messages for the form."""
    problems = []
    if cohort.eligible_bands and band not in cohort.eligible_bands:
        problems.append(
            (
                "band",
                _("This cohort is for %(bands)s")
                % {"bands": ", ".join(label(BANDS, b) for b in cohort.eligible_bands)},
            )
        )
    if cohort.eligible_staff_groups and staff_group not in cohort.eligible_staff_groups:
        problems.append(
            (
                "staff_group",
                _("This cohort is for these staff groups: %(groups)s")
                % {
                    "groups": ", ".join(
                        label(STAFF_GROUPS, g) for g in cohort.eligible_staff_groups
                    )
                },
            )
        )
    eligible = list(cohort.eligible_organisations.all())
    allowed = eligible or list(organisations_of(cohort.programme))
    if organisation is None or organisation.pk not in {o.pk for o in allowed}:
        problems.append(
            (
                "organisation",
                _("This cohort is for staff of %(names)s")
                % {"names": ", ".join(o.name for o in allowed)},
            )
        )
    return problems


def eligibility_summary(cohort: Cohort) -> list[tuple[str, str]]:
    everyone = _("Any")
    return [
        (
            _("Bands"),
            ", ".join(label(BANDS, b) for b in cohort.eligible_bands) or everyone,
        ),
        (
            _("Staff groups"),
            ", ".join(label(STAFF_GROUPS, g) for g in cohort.eligible_staff_groups) or everyone,
        ),
        (
            _("Organisations"),
            ", ".join(o.name for o in cohort.eligible_organisations.all())
            or ", ".join(o.name for o in organisations_of(cohort.programme)),
        ),
    ]
