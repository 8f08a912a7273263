"""Who saw and exported what: every view and export of an analysis is audited."""

from __future__ import annotations

from dueregard.core.services import audit


def viewed(analysis, actor, *, controlled: bool, request=None) -> None:
    audit.record(
        "evidence.analysis.viewed",
        actor=actor,
        obj=analysis,
        after={"disclosure_controlled": controlled},
        request=request,
    )


def exported(analysis, actor, *, fmt: str, controlled: bool, request=None) -> None:
    audit.record(
        "evidence.analysis.exported",
        actor=actor,
        obj=analysis,
        after={"format": fmt, "disclosure_controlled": controlled},
        request=request,
    )


def dataset_viewed(dataset, actor, request=None) -> None:
    audit.record("evidence.dataset.viewed", actor=actor, obj=dataset, request=request)
