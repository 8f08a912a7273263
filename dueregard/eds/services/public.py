"""Reading published reports without signing in (by their unguessable slug)."""

import uuid

from ..models import Assessment, Stage


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
