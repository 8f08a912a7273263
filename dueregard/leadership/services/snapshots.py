"""Each reporting year's leadership counts, taken from the workforce staff snapshots the
evidence workspace imports, and the series of them a scope sees."""

from __future__ import annotations

import re

from django.db import transaction

from dueregard.core.services import audit
from dueregard.core.tenancy import Scope

from .. import figures
from ..models import Snapshot

STAFF_KIND = "wf-staff"
PERIOD = re.compile(r"^\d{4}-\d{2}$")


def take(dataset, frame, *, actor=None) -> Snapshot | None:
    """The counts of one imported staff snapshot (a reporting year is needed: a file
    without one cannot be placed in the series)."""
    if dataset.kind != STAFF_KIND or not PERIOD.match(dataset.period or ""):
        return None
    return record(
        dataset.system,
        dataset.organisation,
        dataset.period,
        frame,
        dataset=dataset,
        actor=actor,
    )


@transaction.atomic
def record(system, organisation, period, frame, *, dataset=None, actor=None) -> Snapshot:
    """One year's counts from canonical staff rows; replaces that year's earlier counts."""
    snapshot, created = Snapshot.objects.update_or_create(
        system=system,
        organisation=organisation,
        period=period,
        defaults={
            "counts": figures.snapshot_counts(frame),
            "staff": int(len(frame)),
            "dataset": dataset,
        },
    )
    audit.record(
        "leadership.snapshot_taken" if created else "leadership.snapshot_replaced",
        actor=actor,
        obj=snapshot,
        after={"period": period, "dataset": dataset.pk if dataset else None},
    )
    return snapshot


def on_import(dataset, frame) -> None:
    """Registered with the evidence workspace: every imported staff snapshot."""
    take(dataset, frame)


def series(scope: Scope) -> list[dict]:
    """``[{"period", "counts", "organisations"}]`` by year: an organisation's own; for a
    system, its organisations' snapshots added up (its own, if it has any for a year and
    no organisation has)."""
    by_period: dict[str, dict[str, list]] = {}
    for snap in Snapshot.in_scope(scope).order_by("period"):
        key = "org" if snap.organisation_id else "system"
        by_period.setdefault(snap.period, {"org": [], "system": []})[key].append(snap.counts)
    out = []
    for period, found in sorted(by_period.items()):
        parts = found["org"] or found["system"]
        out.append(
            {
                "period": period,
                "counts": figures.add_counts(parts),
                "organisations": len(found["org"]),
            }
        )
    return out
