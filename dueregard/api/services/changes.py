"""When each object last changed, for ``updated_since`` filtering.

Every important change is audited from its service, so the audit trail knows when an
object last changed even where its table has no ``updated_at`` column: an object's
``last_changed`` is the later of its own timestamp and its latest audit event.
"""

from __future__ import annotations

from django.db import models
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest

from dueregard.core.models import AuditEvent


def with_last_changed(queryset: models.QuerySet, own: str) -> models.QuerySet:
    """Annotate ``last_changed``; ``own`` names the row's own timestamp column."""
    label = queryset.model._meta.label_lower
    latest = (
        AuditEvent.objects.filter(
            object_type=label, object_id=Cast(OuterRef("pk"), output_field=CharField())
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return queryset.annotate(
        last_changed=Greatest(Coalesce(Subquery(latest), own), own),
    )
