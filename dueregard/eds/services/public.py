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


def published_evidence(assessment: Assessment, evidence_pk) -> Evidence | None:
    """Evidence of a published report that was marked publishable."""
    return Evidence.objects.filter(
        assessment=assessment, pk=evidence_pk, may_be_published=True
    ).first()
