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


def may_attach_eds(scope, assessment) -> bool:
    """Those who change the assessment, and analysts and EDI leads of the organisation
    (``evidence.attach``), while the assessment is not signed off."""
    if can(scope, "eds.change", assessment):
        return True
    return can(scope, "evidence.attach") and not assessment.is_locked


def may_attach_idmf(scope, assessment) -> bool:
    """Those who edit the decision, and analysts and EDI leads of the organisation, until
    the assessment is signed off."""
    if assessment.signed_off_at:
        return False
    return can(scope, "idmf.edit", assessment.decision) or can(scope, "evidence.attach")


def _matches(label: str, search: str) -> bool:
    words = search.lower().split()
    return all(w in label.lower() for w in words)


def eds_periods(scope) -> list[str]:
    """The years of the EDS assessments an analysis can be attached to (for the picker)."""
    rows = scope.query(EdsAssessment).order_by("-period")
    return list(dict.fromkeys(a.period for a in rows if may_attach_eds(scope, a)))


def eds_targets(scope, *, search: str = "", period: str = "") -> list[tuple[str, str]]:
    """``"<assessment pk>:<outcome code>[:<service pk>]"`` for every outcome (and, in
    per-service domains, every service) of the EDS assessments this scope may attach
    evidence to; ``search`` (words of the assessment, outcome or service) and ``period``
    filter the picker."""
    out = []
    for assessment in scope.query(EdsAssessment).order_by("-period", "title"):
        if not may_attach_eds(scope, assessment) or (period and assessment.period != period):
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
    return [t for t in out if _matches(t[1], search)] if search else out


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


def idmf_targets(scope, *, search: str = "") -> list[tuple[str, str]]:
    """Step 2 of the latest open assessment of each decision this scope may attach to."""
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
        label = f"{assessment.decision.title} (version {assessment.version})"
        if may_attach_idmf(scope, assessment) and _matches(label, search):
            out.append((str(assessment.pk), label))
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


def analysis_blocks(analysis: Analysis, heading: str) -> list:
    """An analysis's current disclosure-controlled figures as publishing blocks: a heading,
    the readings with when they were computed, and the table."""
    public = analysis.public
    if not public:
        return []
    when = (
        f"{analysis.computed_at.day} {analysis.computed_at:%B %Y}"
        if analysis.computed_at
        else "not yet"
    )
    blocks: list = [
        Heading(heading, level=3),
        Paragraph(
            " ".join(public.get("readings", []))
            + f" Computed on {when}; small numbers suppressed (counts 1 to 7 shown as *, "
            "others rounded to 5, figures beside them computed from the rounded counts)."
        ),
    ]
    table = public.get("table") or {}
    if table.get("rows"):
        blocks.append(
            Table(
                analysis.title[:200],
                tuple(table["head"]),
                tuple(tuple(r) for r in table["rows"]),
                numeric=tuple(table.get("numeric", ())),
            )
        )
    return blocks


def published_blocks(items) -> list:
    """Blocks for the published EDS report: each published evidence item that is an
    analysis, with its disclosure-controlled figures and when they were computed."""
    blocks: list = []
    for item in items:
        analysis = getattr(item, "analysis", None)
        if analysis is None or not item.may_be_published:
            continue
        blocks += analysis_blocks(analysis, f"Evidence for {item.outcome_code}: {analysis.title}")
    return blocks


def idmf_blocks(assessment, *, public: bool) -> list:
    """Step 2 of an IDMF assessment: every analysis attached to it, disclosure-controlled
    (in the record, its PDF and DOCX, and the public summary alike)."""
    blocks: list = []
    links = IdmfEvidenceLink.objects.filter(assessment=assessment).select_related("analysis")
    for link in links:
        found = analysis_blocks(link.analysis, f"Analysis: {link.analysis.title}")
        if found and link.note and not public:
            found.insert(1, Paragraph(link.note))
        blocks += found
    return blocks


#: Registered with the EDS from ``EvidenceConfig.ready()``: EDS evidence items that are
#: analyses show their figures on the outcome page and in the published report.
EDS_ATTACHMENT = attachments.Attachment(
    name="analysis",
    template="evidence/_eds_attachment.html",
    report_blocks=published_blocks,
)
