"""Analyses as evidence: attached to an EDS outcome (``eds.Evidence.analysis``) or to
step 2 of an IDMF assessment (``IdmfEvidenceLink``). Linked evidence always shows the
analysis's current disclosure-controlled figures and when they were computed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dueregard.core.permissions import can
from dueregard.core.services import audit
from dueregard.eds import attachments
from dueregard.eds.models import Assessment as EdsAssessment
from dueregard.eds.models import Evidence as EdsEvidence
from dueregard.eds.models import Service as EdsService
from dueregard.eds.services import evidence as eds_evidence
from dueregard.eds.services.assessments import framework_of
from dueregard.idmf.models import Assessment as IdmfAssessment
from dueregard.publishing.document import Heading, Paragraph, Table

from ..models import Analysis, IdmfEvidenceLink


def eds_targets(scope) -> list[tuple[str, str]]:
    """``"<assessment pk>:<outcome code>[:<service pk>]"`` for every outcome (and, in
    per-service domains, every service) of the EDS assessments this scope may change."""
    out = []
    for assessment in scope.query(EdsAssessment).order_by("-period", "title"):
        if not can(scope, "eds.change", assessment):
            continue
        framework = framework_of(assessment)
        services = list(EdsService.objects.filter(assessment=assessment))
        for goal in framework.goals:
            for outcome in goal.outcomes:
                what = outcome.title or outcome.statement
                name = f"{assessment.title} {assessment.period}: {outcome.code} {what}"
                if goal.per_service:
                    for service in services:
                        out.append(
                            (
                                f"{assessment.pk}:{outcome.code}:{service.pk}",
                                f"{name} – {service.name}"[:200],
                            )
                        )
                else:
                    out.append((f"{assessment.pk}:{outcome.code}", name[:200]))
    return out


def _top_level_codes() -> set[str]:
    return {code for code, _ in eds_evidence.characteristic_codes()}


@transaction.atomic
def attach_eds(scope, analysis: Analysis, actor, *, target: str, may_be_published: bool):
    if analysis.status != Analysis.Status.READY:
        raise ValidationError("Only a finished analysis can be attached as evidence.")
    if target not in dict(eds_targets(scope)):
        raise ValidationError({"target": "Choose an EDS outcome you can add evidence to"})
    pk, code, *service_pk = target.split(":")
    assessment = scope.get_or_404(EdsAssessment, pk=pk)
    service = (
        EdsService.objects.filter(assessment=assessment, pk=service_pk[0]).first()
        if service_pk
        else None
    )
    item = eds_evidence.add(
        assessment,
        actor,
        outcome_code=code,
        kind=EdsEvidence.Kind.TEXT,
        title=analysis.title[:200],
        # The figures are not copied: the outcome page and the report show the analysis's
        # current disclosure-controlled figures through the link.
        text=f"Analysis from the evidence workspace: {analysis.title}. The figures shown "
        "with it are its current ones, disclosure-controlled.",
        characteristics=[c for c in analysis.characteristics if c in _top_level_codes()],
        may_be_published=may_be_published,
        service=service,
    )
    EdsEvidence.objects.filter(pk=item.pk).update(analysis=analysis)
    audit.record(
        "evidence.analysis.attached_eds",
        actor=actor,
        obj=analysis,
        after={"assessment": assessment.pk, "outcome": code, "published": may_be_published},
    )
    return item


def idmf_targets(scope) -> list[tuple[str, str]]:
    out = []
    rows = (
        scope.query(IdmfAssessment)
        .select_related("decision")
        .order_by("-decision__created_at", "-version")
    )
    seen = set()
    for assessment in rows:
        if assessment.decision_id in seen or assessment.signed_off_at:
            continue
        seen.add(assessment.decision_id)
        if can(scope, "idmf.edit", assessment.decision):
            out.append(
                (str(assessment.pk), f"{assessment.decision.title} (version {assessment.version})")
            )
    return out


@transaction.atomic
def attach_idmf(scope, analysis: Analysis, actor, *, assessment_pk: str, note: str = ""):
    if analysis.status != Analysis.Status.READY:
        raise ValidationError("Only a finished analysis can be attached as evidence.")
    if assessment_pk not in dict(idmf_targets(scope)):
        raise ValidationError({"assessment": "Choose a decision you can edit"})
    assessment = scope.get_or_404(IdmfAssessment, pk=assessment_pk)
    link, created = IdmfEvidenceLink.objects.get_or_create(
        analysis=analysis, assessment=assessment, defaults={"note": note, "added_by": actor}
    )
    if not created:
        raise ValidationError({"assessment": "This analysis is already evidence for that decision"})
    audit.record(
        "evidence.analysis.attached_idmf",
        actor=actor,
        obj=analysis,
        after={"idmf_assessment": assessment.pk},
    )
    return link


def published_blocks(items) -> list:
    """Blocks for the published EDS report: each published evidence item that is an
    analysis, with its disclosure-controlled figures and when they were computed."""
    blocks: list = []
    for item in items:
        analysis = getattr(item, "analysis", None)
        if analysis is None or not item.may_be_published or not analysis.public:
            continue
        public = analysis.public
        when = f"{analysis.computed_at:%d %B %Y}" if analysis.computed_at else "not yet"
        blocks.append(Heading(f"Evidence for {item.outcome_code}: {analysis.title}", level=3))
        blocks.append(
            Paragraph(
                " ".join(public.get("readings", []))
                + f" Computed on {when}; small numbers suppressed (counts 1 to 7 shown as *, "
                "others rounded to 5)."
            )
        )
        table = public.get("table") or {}
        if table.get("rows"):
            blocks.append(
                Table(
                    analysis.title,
                    tuple(table["head"]),
                    tuple(tuple(r) for r in table["rows"]),
                    numeric=tuple(table.get("numeric", ())),
                )
            )
    return blocks


#: Registered with the EDS from ``EvidenceConfig.ready()``: EDS evidence items that are
#: analyses show their figures on the outcome page and in the published report.
EDS_ATTACHMENT = attachments.Attachment(
    name="analysis",
    template="evidence/_eds_attachment.html",
    report_blocks=published_blocks,
)
