"""What every EDS view starts with."""

from __future__ import annotations

from django.http import Http404

from dueregard.core.permissions import require

from ..models import Assessment
from ..services.visibility import visible_assessments


def load_assessment(request, pk) -> Assessment:
    """The assessment, if the viewer may open it (panel members do not see drafts)."""
    require(request.scope, "eds.view")
    assessment = visible_assessments(request.scope).filter(pk=pk).first()
    if assessment is None:
        raise Http404("No such assessment here.")
    return assessment


def with_service(url: str, service) -> str:
    return url + (f"?service={service.pk}" if service else "")
