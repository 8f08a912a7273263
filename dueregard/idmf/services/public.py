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


def published_page(slug):
    """The public summary as a page people may ask about in another format (a11y)."""
    from django.urls import reverse

    from dueregard.publishing.published import PublishedPage

    decision = published_decision(slug)
    if decision is None or latest_signed(decision) is None:
        return None
    return PublishedPage(
        title=decision.title,
        system=decision.system,
        organisation=decision.organisation,
        url=reverse("idmf:public", args=[decision.public_slug]),
    )


def published_document(slug):
    """The public summary's Document, for its Easy Read version and translations (a11y)."""
    from .document import build_public

    decision = published_decision(slug)
    assessment = latest_signed(decision) if decision is not None else None
    return build_public(assessment) if assessment is not None else None
