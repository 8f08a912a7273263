"""The public summary: found by its unguessable slug, only while the owner publishes it.

Public pages have no scope (nobody is signed in), so the lookup lives here, not in a view.
"""

from __future__ import annotations

from ..models import Assessment, Decision


def published_decision(slug: str) -> Decision | None:
    if not slug:
        return None
    return (
        Decision.objects.filter(public_slug=slug, is_published=True)
        .select_related("organisation", "system")
        .first()
    )


def latest_signed(decision: Decision) -> Assessment | None:
    return decision.assessments.filter(signed_off_at__isnull=False).order_by("-version").first()
