"""Results: each nomination's raw mean, number of judges and spread, beside a standardised view.

A judge's mark for a nomination is the mean of their question scores (1–5). The
standardised view removes each judge's own leniency: a judge's marks become z-scores
``(mark - judge's mean) / judge's standard deviation`` over every nomination they marked
(sample standard deviation, n − 1). A judge with one mark has no spread, so no z-score; a
judge who gave every nomination the same mark gets z = 0. A nomination with fewer judges
than the round's ``min_judges`` is flagged.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Scoresheet


@dataclass(frozen=True)
class Mark:
    judge: int
    nomination: int
    value: float


@dataclass(frozen=True)
class JudgeSummary:
    judge: int
    count: int
    mean: float
    sd: float | None


@dataclass(frozen=True)
class NominationResult:
    nomination: int
    judges: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None
    mean_z: float | None
    z_by_judge: dict
    too_few: bool


def summarise_judges(marks: Iterable[Mark]) -> dict[int, JudgeSummary]:
    by_judge: dict[int, list[float]] = defaultdict(list)
    for m in marks:
        by_judge[m.judge].append(m.value)
    return {
        j: JudgeSummary(
            j,
            len(values),
            statistics.fmean(values),
            statistics.stdev(values) if len(values) > 1 else None,
        )
        for j, values in by_judge.items()
    }


def z_score(mark: Mark, judge: JudgeSummary) -> float | None:
    if judge.sd is None:
        return None
    if judge.sd == 0:
        return 0.0
    return (mark.value - judge.mean) / judge.sd


def compute(marks: Iterable[Mark], nominations: Iterable[int], min_judges: int = 3):
    """Results for each nomination id (in the order given) and the judge summaries."""
    marks = list(marks)
    judges = summarise_judges(marks)
    by_nomination: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        by_nomination[m.nomination].append(m)
    out = []
    for pk in nominations:
        ms = by_nomination.get(pk, [])
        values = [m.value for m in ms]
        zs = {m.judge: z_score(m, judges[m.judge]) for m in ms}
        known = [z for z in zs.values() if z is not None]
        out.append(
            NominationResult(
                nomination=pk,
                judges=len(ms),
                mean=statistics.fmean(values) if values else None,
                sd=statistics.stdev(values) if len(values) > 1 else None,
                low=min(values) if values else None,
                high=max(values) if values else None,
                mean_z=statistics.fmean(known) if known else None,
                z_by_judge=zs,
                too_few=len(ms) < min_judges,
            )
        )
    return out, judges


def marks_for(round_) -> list[Mark]:
    sheets = Scoresheet.objects.filter(nomination__round=round_).prefetch_related("scores")
    out = []
    for sheet in sheets:
        values = [s.score for s in sheet.scores.all()]
        if values:
            out.append(Mark(sheet.judge_id, sheet.nomination_id, statistics.fmean(values)))
    return out


def fmt(value: float | None, places: int = 2) -> str:
    return "–" if value is None else f"{value:.{places}f}"
