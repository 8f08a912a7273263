"""Evidence for EDS 2022 outcome 3B: how many decisions had due regard recorded.

The EDS app calls ``decision_assessment_share(scope, period=assessment.period)``: for each
decision-making body and year, the number of decisions, how many have a completed
(signed-off) assessment, how many were screened out, and how many are not finished yet.
A screened-out decision is a recorded, proportionate screening: it counts as screened,
never as incomplete. The shares add up: decisions = assessed + screened out + not yet
complete.

A decision's date is the date it was decided (the committee's or decision maker's date
recorded at sign-off), or else the date it is needed, or else the day it was entered.
``period`` limits the rows to an EDS year: "2025-26" is the financial year 1 April 2025
to 31 March 2026; "2025" the calendar year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from fractions import Fraction

from ..models import Assessment, Decision, DecisionStatus

FINANCIAL_YEAR = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$")
CALENDAR_YEAR = re.compile(r"^\s*(\d{4})\s*$")


@dataclass(frozen=True)
class BodyYearShare:
    body: str
    year: int
    decisions: int
    completed: int
    screened_out: int

    @property
    def incomplete(self) -> int:
        return self.decisions - self.completed - self.screened_out

    @property
    def share(self) -> Fraction | None:
        """Decisions with due regard recorded: assessed and signed off, or screened out."""
        if not self.decisions:
            return None
        return Fraction(self.completed + self.screened_out, self.decisions)

    @property
    def share_text(self) -> str:
        if not self.decisions:
            return "no decisions"
        percent = round(100 * (self.completed + self.screened_out) / self.decisions)
        return (
            f"{self.completed} of {self.decisions} assessed and signed off, "
            f"{self.screened_out} screened out, {self.incomplete} not yet complete "
            f"({percent}% with due regard recorded)"
        )


def period_range(period: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of an EDS period ("2025-26" or "2025"); None if unreadable."""
    match = FINANCIAL_YEAR.match(period or "")
    if match:
        start = int(match.group(1))
        end = match.group(2)
        end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
        if end_year != start + 1:
            return None
        return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)
    match = CALENDAR_YEAR.match(period or "")
    if match:
        year = int(match.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def _when(decision: Decision, decided: dict[int, dt.date]) -> dt.date:
    if decision.pk in decided:
        return decided[decision.pk]
    if decision.date_needed is not None:
        return decision.date_needed
    return decision.created_at.date()


def _first_decisions(scope) -> dict[int, dt.date]:
    """Each decision's first signed-off version: the date it was decided."""
    out: dict[int, dt.date] = {}
    for a in (
        scope.query(Assessment)
        .filter(signed_off_at__isnull=False)
        .order_by("decision_id", "version")
        .only("decision_id", "decided_on", "signed_off_at")
    ):
        out.setdefault(a.decision_id, a.decided_on or a.signed_off_at.date())
    return out


def decision_assessment_share(
    scope, year: int | None = None, period: str | None = None
) -> list[BodyYearShare]:
    """Rows sorted by year, then body; ``year`` or ``period`` keeps only that year (a
    period that cannot be read keeps every year).

    A decision under review (a later version open) keeps counting as assessed: its
    decision was made with a signed-off assessment.
    """
    bounds = period_range(period) if period else None
    decided = _first_decisions(scope)
    counts: dict[tuple[str, int], list[int]] = {}
    for d in scope.query(Decision):
        when = _when(d, decided)
        if year is not None and when.year != year:
            continue
        if bounds is not None and not bounds[0] <= when <= bounds[1]:
            continue
        key = (d.decision_body.strip() or "Not recorded", when.year)
        row = counts.setdefault(key, [0, 0, 0])
        row[0] += 1
        if d.pk in decided:
            row[1] += 1
        elif d.status == DecisionStatus.SCREENED_OUT:
            row[2] += 1
    rows = [
        BodyYearShare(body, y, total, completed, out)
        for (body, y), (total, completed, out) in counts.items()
    ]
    return sorted(rows, key=lambda r: (r.year, r.body.lower()))
