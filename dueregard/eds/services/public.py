"""Reading published reports without signing in (by their unguessable slug)."""

import uuid

from ..models import Assessment, Evidence, Stage


def published_by_slug(slug) -> Assessment | None:
    try:
        key = uuid.UUID(str(slug))
    except ValueError:
        return None
    return (
        Assessment.objects.filter(public_slug=key, stage=Stage.PUBLISHED)
        .select_related("framework", "organisation", "system", "signed_off_by")
        .first()
    )


def document_for_store(slug):
    """``(version, document)`` of a published report, for the stored downloads
    (:mod:`dueregard.publishing.stored`); the version is the publication time."""
    from .report import build_document

    assessment = published_by_slug(slug)
    if assessment is None:
        return None
    return publication_version(assessment), build_document(assessment)


def publication_version(assessment: Assessment) -> str:
    return assessment.published_at.isoformat() if assessment.published_at else "draft"


def published_page(slug):
    """The published report as a page people may ask about in another format (a11y)."""
    from django.urls import reverse

    from dueregard.publishing.published import PublishedPage

    assessment = published_by_slug(slug)
    if assessment is None:
        return None
    return PublishedPage(
        title=f"{assessment.title} {assessment.period}",
        system=assessment.system,
        organisation=assessment.organisation,
        url=reverse("eds:public-report", args=[assessment.public_slug]),
    )


def published_document(slug):
    """The published report's Document, for its Easy Read version and translations (a11y)."""
    from .report import build_document

    assessment = published_by_slug(slug)
    return build_document(assessment) if assessment is not None else None


def published_evidence(assessment: Assessment, evidence_pk) -> Evidence | None:
    """Evidence of a published report that was marked publishable."""
    return Evidence.objects.filter(
        assessment=assessment, pk=evidence_pk, may_be_published=True
    ).first()
