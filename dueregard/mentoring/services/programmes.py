"""Programmes and applications: every change here writes an audit record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dueregard.core.services import audit

from ..models import Application, Programme, ProgrammeStatus, Side
from . import framework

PROGRAMME_FIELDS = (
    "title",
    "cohort_start",
    "cohort_end",
    "focus_groups",
    "board_commitment",
    "board_committed_on",
    "sponsor",
    "meeting_cadence",
)
APPLICATION_FIELDS = (
    "side",
    "role",
    "organisation",
    "directorate",
    "team",
    "line_manager_email",
    "topics",
    "availability",
    "format",
    "capacity",
    "prefer_organisations",
    "avoid_organisations",
    "characteristics",  # recorded only as "[changed]" (special category)
    "status",
)


def audit_place(programme: Programme) -> dict:
    return {"organisation": programme.organisation, "system": programme.system}


@transaction.atomic
def create_programme(*, actor, organiser_organisation, system_wide=False, request=None, **values):
    """A programme of ``organiser_organisation``, or of its whole system."""
    programme = Programme.objects.create(
        system=organiser_organisation.system,
        organisation=None if system_wide else organiser_organisation,
        organiser_organisation=organiser_organisation,
        characteristics_framework=framework.current_characteristics(),
        created_by=actor,
        **values,
    )
    audit.record(
        "mentoring.programme_created",
        actor=actor,
        obj=programme,
        after=audit.snapshot(programme, PROGRAMME_FIELDS),
        request=request,
        object_repr=programme.title,
        **({"system": programme.system} if system_wide else {}),
    )
    return programme


def _emails(values) -> list[str]:
    return sorted({v.strip().lower() for v in values or () if v and v.strip()})


@transaction.atomic
def apply(programme: Programme, user, *, request=None, **values) -> Application:
    """Submit an application (one per person per programme)."""
    if programme.status != ProgrammeStatus.OPEN:
        raise ValidationError("Applications to this programme are closed")
    if Application.objects.filter(programme=programme, user=user).exists():
        raise ValidationError("You have already applied to this programme")
    values["line_manager_email"] = (values.get("line_manager_email") or "").strip().lower()
    values["senior_manager_emails"] = _emails(values.get("senior_manager_emails"))
    values["conflict_emails"] = _emails(values.get("conflict_emails"))
    allowed = {c for c, _n in framework.focus_choices(programme)}
    values["characteristics"] = [c for c in values.get("characteristics") or () if c in allowed]
    if values.get("side") != Side.LEADER:
        values["capacity"] = 1
    application = Application.objects.create(programme=programme, user=user, **values)
    audit.record(
        "mentoring.applied",
        actor=user,
        obj=application,
        after=audit.snapshot(application, APPLICATION_FIELDS),
        request=request,
        object_repr=f"Application {application.pk} to {programme.title}",
        **audit_place(programme),
    )
    return application


@transaction.atomic
def withdraw(application: Application, *, actor, request=None) -> Application:
    before = audit.snapshot(application, APPLICATION_FIELDS)
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    audit.record(
        "mentoring.withdrawn",
        actor=actor,
        obj=application,
        before=before,
        after=audit.snapshot(application, APPLICATION_FIELDS),
        request=request,
        **audit_place(application.programme),
    )
    return application


@transaction.atomic
def set_matching(
    programme: Programme, *, actor, weights: dict, require_focus_group: bool, request=None
) -> Programme:
    """Save the organiser's weights and whether shared characteristics limit partners."""
    fields = ("weight_topics", "weight_availability", "weight_format", "require_focus_group")
    before = audit.snapshot(programme, fields)
    programme.weight_topics = float(weights["topics"])
    programme.weight_availability = float(weights["availability"])
    programme.weight_format = float(weights["format"])
    programme.require_focus_group = bool(require_focus_group)
    programme.save(update_fields=list(fields))
    audit.record(
        "mentoring.matching_configured",
        actor=actor,
        obj=programme,
        before=before,
        after=audit.snapshot(programme, fields),
        request=request,
        **audit_place(programme),
    )
    return programme
