"""One page for every programme's reach (ADR 0044): for the scope's organisation (or
its whole system), each programme it runs with the people at each stage, published
with disclosure control, and a link to its table by shared characteristic."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from dueregard.core.monitoring import published
from dueregard.core.permissions import can
from dueregard.core.tenancy import Scope, scope_filter

from .registry import PROGRAMMES, Source, stage_label


@dataclass
class Section:
    source: Source
    stages: list
    rows: list = field(default_factory=list)


def programmes(source: Source, scope: Scope):
    """The programmes of ``source`` the scope runs: an organisation's own, or (system
    scope) every one in the system, system-wide ones included."""
    return scope_filter(scope.query(source.model), scope).order_by("pk")


def sections(scope: Scope) -> list[Section]:
    out = []
    for source in PROGRAMMES:
        objects = list(programmes(source, scope))
        totals = source.service.totals(objects) if hasattr(source.service, "totals") else {}
        section = Section(source, [stage_label(s) for s in source.service.STAGES])
        for obj in sorted(objects, key=str):
            section.rows.append(
                {
                    "title": str(obj),
                    "url": reverse(source.url_name, args=[obj.pk])
                    if can(scope, source.rule, obj)
                    else "",
                    "counts": published(totals[obj.pk]) if obj.pk in totals else [],
                }
            )
        out.append(section)
    return out
