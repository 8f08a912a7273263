"""Evidence for EDS 2022 outcome 3B: how many decisions had a completed assessment.

The EDS app calls ``decision_assessment_share(scope, year)``: for each decision-making
body and year, the number of decisions, how many have a completed (signed-off)
assessment, and the share. A decision's year is the year of its sign-off, or else the
year it is needed, or else the year it was entered. Screened-out decisions are counted
(they are decisions) and reported separately: a recorded screening is proportionate due
regard, but it is not a completed six-step assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..models import Assessment, Decision, DecisionStatus


@dataclass(frozen=True)
class BodyYearShare:
    body: str
    year: int
    decisions: int
    completed: int
    screened_out: int

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.completed, self.decisions) if self.decisions else None

    @property
    def share_text(self) -> str:
        if not self.decisions:
            return "no decisions"
        percent = round(100 * self.completed / self.decisions)
        return f"{self.completed} of {self.decisions} ({percent}%)"


def _year(decision: Decision, signed: dict[int, object]) -> int:
    when = signed.get(decision.pk)
    if when is not None:
        return when.year
    if decision.date_needed is not None:
        return decision.date_needed.year
    return decision.created_at.year


def decision_assessment_share(scope, year: int | None = None) -> list[BodyYearShare]:
    """Rows sorted by year, then body; ``year`` keeps only that year."""
    decisions = list(scope.query(Decision))
    signed = {}
    for a in (
        scope.query(Assessment)
        .filter(signed_off_at__isnull=False)
        .order_by("decision_id", "version")
    ):
        signed.setdefault(a.decision_id, a.signed_off_at)  # the first sign-off
    counts: dict[tuple[str, int], list[int]] = {}
    for d in decisions:
        key = (d.decision_body.strip() or "Not recorded", _year(d, signed))
        row = counts.setdefault(key, [0, 0, 0])
        row[0] += 1
        row[1] += d.pk in signed
        row[2] += d.status == DecisionStatus.SCREENED_OUT
    rows = [
        BodyYearShare(body, y, total, completed, out)
        for (body, y), (total, completed, out) in counts.items()
        if year is None or y == year
    ]
    return sorted(rows, key=lambda r: (r.year, r.body.lower()))
