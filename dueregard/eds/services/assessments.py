"""Creating assessments, moving them through the stages, and reopening as a new revision."""

from __future__ import annotations

from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dueregard.core.services import audit
from dueregard.frameworks.definitions import EdsFramework
from dueregard.frameworks.models import FrameworkVersion
from dueregard.frameworks.services import loader
from dueregard.population.services import population

from ..models import (
    STAGE_ORDER,
    Action,
    Assessment,
    Evidence,
    Grading,
    LocalInterest,
    OutcomeLead,
    Service,
    Stage,
)

EDS_CODES = ("eds-2022", "eds2", "eds-2011")


@lru_cache(maxsize=32)
def _parsed(row_id: int, checksum: str) -> EdsFramework:
    return loader.definition(FrameworkVersion.objects.get(pk=row_id))


def framework_of(assessment: Assessment) -> EdsFramework:
    row = assessment.framework
    return _parsed(row.pk, row.checksum)


def framework_choices() -> list[tuple[str, str]]:
    rows = [loader.current(code) for code in EDS_CODES]
    return [(row.code, f"{row.name} (version {row.version})") for row in rows]


@transaction.atomic
def create(scope, actor, *, framework_code: str, **fields) -> Assessment:
    if framework_code not in EDS_CODES:
        raise ValidationError({"framework": _("Choose a version of the Equality Delivery System.")})
    partners = fields.pop("partners", None)
    assessment = Assessment.objects.create(
        system=scope.system,
        organisation=scope.organisation,
        framework=loader.current(framework_code),
        created_by=actor,
        **fields,
    )
    if partners:
        assessment.partners.set(partners)
    audit.record(
        "eds.assessment.created",
        actor=actor,
        obj=assessment,
        after={"framework": framework_code, "period": assessment.period, "level": assessment.level},
    )
    return assessment


def _require_editable(assessment: Assessment) -> None:
    if assessment.is_locked:
        raise ValidationError(
            "This assessment has been signed off. Reopen it as a new revision to change it."
        )


@transaction.atomic
def move_to(assessment: Assessment, actor, stage: str) -> None:
    """Forward or back one or more stages, up to agreement. Sign-off and publication have
    their own services (they check and freeze the record)."""
    if stage not in STAGE_ORDER or stage in (Stage.SIGN_OFF, Stage.PUBLISHED):
        raise ValidationError(_("Use sign-off and publication for those stages."))
    _require_editable(assessment)
    before = assessment.stage
    assessment.stage = stage
    assessment.save(update_fields=["stage"])
    audit.record(
        "eds.assessment.stage_changed",
        actor=actor,
        obj=assessment,
        before={"stage": before},
        after={"stage": stage},
    )


@transaction.atomic
def add_service(assessment: Assessment, actor, name: str, description: str = "") -> Service:
    _require_editable(assessment)
    name = name.strip()
    if Service.objects.filter(assessment=assessment, name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a service called %s.") % name})
    service = Service.objects.create(assessment=assessment, name=name, description=description)
    audit.record("eds.service.added", actor=actor, obj=assessment, after={"service": name})
    return service


@transaction.atomic
def update_service(service: Service, actor, name: str, description: str = "") -> Service:
    _require_editable(service.assessment)
    name = name.strip()
    clash = Service.objects.filter(assessment=service.assessment, name__iexact=name).exclude(
        pk=service.pk
    )
    if clash.exists():
        raise ValidationError({"name": _("There is already a service called %s.") % name})
    before = {"service": service.name, "description": service.description}
    service.name, service.description = name, description
    service.save(update_fields=["name", "description"])
    audit.record(
        "eds.service.changed",
        actor=actor,
        obj=service.assessment,
        before=before,
        after={"service": name, "description": description},
    )
    return service


@transaction.atomic
def remove_service(service: Service, actor) -> dict[str, int]:
    """Remove a service with its evidence and grades (the page asks for confirmation and
    says how many of each go with it)."""
    _require_editable(service.assessment)
    counts = service_dependants(service)
    audit.record(
        "eds.service.removed",
        actor=actor,
        obj=service.assessment,
        before={"service": service.name, **counts},
    )
    service.delete()
    return counts


def service_dependants(service: Service) -> dict[str, int]:
    return {
        "evidence": Evidence.objects.filter(service=service).count(),
        "grades": Grading.objects.filter(service=service).count(),
    }


@transaction.atomic
def set_outcome_lead(
    assessment: Assessment,
    actor,
    outcome_code: str,
    lead: str,
    role: str = "",
    name_may_be_published: bool = False,
) -> OutcomeLead:
    _require_editable(assessment)
    framework_of(assessment).outcome(outcome_code)
    row = OutcomeLead.objects.filter(assessment=assessment, outcome_code=outcome_code).first()
    before = (
        {"lead": row.lead_contact, "role": row.role, "published": row.name_may_be_published}
        if row
        else {}
    )
    row = row or OutcomeLead(assessment=assessment, outcome_code=outcome_code)
    row.lead_contact, row.role = lead.strip(), role.strip()
    row.name_may_be_published = name_may_be_published
    row.save()
    audit.record(
        "eds.outcome_lead.set",
        actor=actor,
        obj=assessment,
        before={"outcome": outcome_code, **before},
        after={
            "outcome": outcome_code,
            "lead": row.lead_contact,
            "role": row.role,
            "published": name_may_be_published,
        },
    )
    return row


@transaction.atomic
def remove_outcome_lead(lead: OutcomeLead, actor) -> None:
    _require_editable(lead.assessment)
    audit.record(
        "eds.outcome_lead.removed",
        actor=actor,
        obj=lead.assessment,
        before={"outcome": lead.outcome_code, "lead": lead.lead_contact, "role": lead.role},
    )
    lead.delete()


@transaction.atomic
def reopen(assessment: Assessment, actor) -> Assessment:
    """A published assessment is a record: changes go into a new revision (a copy), and the
    earlier revision stays readable as it was published."""
    if assessment.stage != Stage.PUBLISHED:
        raise ValidationError(_("Only a published assessment can be reopened."))
    if not assessment.is_current_revision:
        raise ValidationError(_("A newer revision already exists; open that one instead."))
    new = Assessment.objects.create(
        system=assessment.system,
        organisation=assessment.organisation,
        framework=assessment.framework,
        title=assessment.title,
        period=assessment.period,
        level=assessment.level,
        panel_rule=assessment.panel_rule,
        eds_lead=assessment.eds_lead,
        board_sponsor=assessment.board_sponsor,
        engagement_dates=assessment.engagement_dates,
        revision=assessment.revision + 1,
        previous=assessment,
        stage=Stage.AGREEMENT,
        created_by=actor,
    )
    new.partners.set(assessment.partners.all())
    services = {}
    for service in Service.objects.filter(assessment=assessment):
        services[service.pk] = Service.objects.create(
            assessment=new, name=service.name, description=service.description
        )
    for lead in OutcomeLead.objects.filter(assessment=assessment):
        OutcomeLead.objects.create(
            assessment=new,
            outcome_code=lead.outcome_code,
            lead_contact=lead.lead_contact,
            role=lead.role,
            name_may_be_published=lead.name_may_be_published,
        )
    for model in (Evidence, Grading, Action, LocalInterest):
        for row in model.objects.filter(assessment=assessment):
            versions = list(row.versions.all()) if model is Grading else []
            row.pk = None
            row.assessment = new
            if getattr(row, "service_id", None):
                row.service = services[row.service_id]
            if model is Action:
                row.carried_from = None
            row.save()
            for version in versions:  # the grade's history goes with it
                version.pk, version.grading = None, row
                version.save()
    audit.record(
        "eds.assessment.reopened",
        actor=actor,
        obj=new,
        before={"revision": assessment.revision},
        after={"revision": new.revision},
    )
    return new


def outcome_and_goal(framework: EdsFramework, code: str):
    """The outcome with this code and the goal (or domain) it belongs to; KeyError if the
    framework has no such outcome."""
    outcome = framework.outcome(code)
    goal = next(g for g in framework.goals if outcome in g.outcomes)
    return outcome, goal


def earlier_revisions(assessment: Assessment) -> list[Assessment]:
    chain, node = [], assessment
    while node.previous_id:
        node = node.previous
        chain.append(node)
    return chain


def register_share(scope, assessment: Assessment, code: str):
    """EDS 2022 outcome 3B draws evidence from the decision register (IDMF)."""
    if assessment.framework.code != "eds-2022" or code != "3B":
        return None
    from dueregard.idmf.services.eds_link import decision_assessment_share

    return decision_assessment_share(scope, period=assessment.period)


def population_summary(assessment: Assessment, code: str):
    """EDS 2022 Domain 1 (services) draws evidence from who lives in the areas served."""
    if assessment.framework.code != "eds-2022" or not code.startswith("1"):
        return None
    return population.summary_for(assessment.system, assessment.organisation)
