"""Each reporting year's leadership counts, taken from the workforce staff snapshots the
evidence workspace imports, and the series of them a scope sees."""

from __future__ import annotations

import re

from django.db import transaction

from dueregard.core.services import audit
from dueregard.core.tenancy import Scope
from dueregard.mentoring.models import Partnership, Programme
from dueregard.reach.headcounts import published

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
    reach = mentoring_pairs(scope)
    out = []
    for period, found in sorted(by_period.items()):
        parts = found["org"] or found["system"]
        counts = figures.add_counts(parts)
        counts["reach"] = {"mentoring_pairs": reach.get(period, 0)}
        out.append({"period": period, "counts": counts, "organisations": len(found["org"])})
    return out


def reporting_year(day) -> str:
    """The NHS reporting year (April to March) of a date: 2025-04-01 → "2025-26"."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def mentoring_pairs(scope: Scope) -> dict[str, int]:
    """Reciprocal mentoring pairs introduced in each reporting year (programme reach)."""
    out: dict[str, int] = {}
    introduced = Partnership.objects.filter(
        programme__in=Programme.in_scope(scope), introduced_at__isnull=False
    ).values_list("introduced_at", flat=True)
    for when in introduced:
        year = reporting_year(when.date())
        out[year] = out.get(year, 0) + 1
    return out


def staff_in_post(scope: Scope):
    """WRES indicator 4's staff in post: White and BME staff of the newest year whose
    staff file held the ethnic category (published counts, ``reach.headcounts``)."""
    for year in reversed(series(scope)):
        counts = year["counts"]["levels"].get("all", {}).get("ethnicity")
        if counts and "ethnicity" in year["counts"]["characteristics"]:
            return published(counts.get("white", 0), counts.get("minority", 0), year["period"])
    return None
