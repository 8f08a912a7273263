"""The Equality Delivery System versions (``eds-2011.yaml``, ``eds2.yaml``,
``eds-2022.yaml``): what a parsed EDS framework holds. Parsing is in :mod:`.eds_parser`."""

from __future__ import annotations

import datetime as dt
import numbers
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from .reading import (
    Choice,
    _Header,
    _norm,
)


@dataclass(frozen=True)
class Grade:
    code: str
    name: str
    order: int  # 1 = lowest
    score: int | None = None  # only where the framework scores (EDS 2022: 0-3)
    colour: str | None = None
    definition: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label that names this grade: code, name and aliases."""
        return (self.code, self.name, *self.aliases)


@dataclass(frozen=True)
class GradingFactor:
    code: str
    name: str
    order: int
    description: str


@dataclass(frozen=True)
class Outcome:
    code: str
    statement: str
    goal_code: str
    order: int  # 1-based position in the whole framework
    title: str = ""


@dataclass(frozen=True)
class Goal:
    """A goal (EDS 2011, EDS2) or a domain (EDS 2022): ``kind`` says which."""

    code: str
    name: str
    kind: str  # "goal" | "domain"
    order: int
    outcomes: tuple[Outcome, ...]
    rated_by: tuple[str, ...] = ()
    may_also_involve: tuple[str, ...] = ()
    per_service: bool = False
    min_services: int | None = None
    aggregation: str | None = None  # "median"
    aggregation_level: str | None = None  # "domain" | "outcome"


#: EDS 2022 calls its goals domains; same shape.
Domain = Goal


@dataclass(frozen=True)
class RatingBand:
    """An overall rating: totals from ``min_total`` to ``max_total`` inclusive."""

    grade: Grade
    min_total: int
    max_total: int

    @property
    def name(self) -> str:
        return self.grade.name


@dataclass(frozen=True)
class CoverageWord:
    code: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class CoverageRule:
    """Coverage word -> suggested grade code. ``status`` is "confirmed" or "provisional"."""

    status: str
    mapping: tuple[tuple[str, str], ...]
    no_evidence: str

    def grade_code_for(self, coverage: str) -> str:
        return dict(self.mapping)[coverage]


@dataclass(frozen=True)
class PublicationDeadline:
    month: int
    day: int

    def for_year(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)


@dataclass(frozen=True)
class ReportField:
    code: str
    label: str
    type: str
    options: tuple[Choice, ...] = ()
    per_domain: bool = False
    domains: tuple[str, ...] = ()  # empty: not limited to some domains


@dataclass(frozen=True)
class ReportTable:
    code: str
    label: str
    columns: tuple[Choice, ...]
    per_domain: bool = False


@dataclass(frozen=True)
class ReportTemplate:
    fields: tuple[ReportField, ...]
    tables: tuple[ReportTable, ...]


@dataclass(frozen=True)
class EdsFramework(_Header):
    structure: str  # "goal" | "domain"
    grades: tuple[Grade, ...]  # lowest first
    grading_factors: tuple[GradingFactor, ...]
    goals: tuple[Goal, ...]
    coverage_words: tuple[CoverageWord, ...] = ()
    coverage_rule: CoverageRule | None = None
    rating_bands: tuple[RatingBand, ...] = ()
    max_total: int | None = None
    review: str | None = None
    publication_deadline: PublicationDeadline | None = None
    report_template: ReportTemplate | None = None

    kind: ClassVar[str] = "eds"

    @property
    def domains(self) -> tuple[Goal, ...]:
        return self.goals

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        return tuple(outcome for goal in self.goals for outcome in goal.outcomes)

    @property
    def is_scored(self) -> bool:
        return all(grade.score is not None for grade in self.grades)

    def goal(self, code: str) -> Goal:
        """The goal (or domain) with this code; ``KeyError`` if there is none."""
        for goal in self.goals:
            if goal.code == str(code).strip():
                return goal
        raise KeyError(f"{self.code} has no {self.structure} {code!r}")

    def outcome(self, code: str) -> Outcome:
        """The outcome with this code (case-insensitive: "1a" is 1A); ``KeyError`` if none."""
        wanted = str(code).strip().casefold()
        for outcome in self.outcomes:
            if outcome.code.casefold() == wanted:
                return outcome
        raise KeyError(f"{self.code} has no outcome {code!r}")

    def grade(self, code: str) -> Grade:
        """The grade with exactly this code; ``KeyError`` if there is none."""
        for grade in self.grades:
            if grade.code == code:
                return grade
        raise KeyError(f"{self.code} has no grade {code!r}")

    def grade_for(self, label: str | None) -> Grade | None:
        """The grade named by a code, name or alias, ignoring case and spacing; else None."""
        if not isinstance(label, str):
            return None
        wanted = _norm(label)
        if not wanted:
            return None
        for grade in self.grades:
            if any(_norm(name) == wanted for name in grade.labels):
                return grade
        return None

    def grade_for_score(self, score: int) -> Grade | None:
        """The grade with this score (scored frameworks only); else None."""
        for grade in self.grades:
            if grade.score is not None and grade.score == score and not isinstance(score, bool):
                return grade
        return None

    def rating_for_total(self, total: float | Decimal) -> RatingBand | None:
        """The overall rating band for a total score; None if the framework has no bands.

        A fractional total (possible when a median is taken over an even number of
        services) falls in the band whose minimum it has reached. A total below 0 or above
        the maximum raises ``ValueError``.
        """
        if not self.rating_bands:
            return None
        if isinstance(total, bool) or not isinstance(total, numbers.Real | Decimal):
            raise TypeError(f"total must be a number, not {type(total).__name__}")
        if total != total or total < 0 or (self.max_total is not None and total > self.max_total):
            raise ValueError(f"total {total} is outside 0..{self.max_total} for {self.code}")
        found = self.rating_bands[0]
        for band in self.rating_bands:
            if band.min_total <= total:
                found = band
        return found

    def suggested_grade(self, coverage: str | None) -> Grade | None:
        """The grade the framework's coverage rule suggests; None if it has no such rule.

        ``coverage`` is a coverage word's code or label ("all", "Most"...), or None when
        there is no evidence. An unknown word raises ``ValueError``. Check
        ``coverage_rule.status``: a "provisional" rule is only a prompt.
        """
        rule = self.coverage_rule
        if rule is None:
            return None
        if coverage is None or not _norm(coverage):
            return self.grade(rule.no_evidence)
        wanted = _norm(coverage)
        for word in self.coverage_words:
            if wanted in (_norm(word.code), _norm(word.label)):
                return self.grade(rule.grade_code_for(word.code))
        known = ", ".join(word.code for word in self.coverage_words)
        raise ValueError(f"{coverage!r} is not a coverage word of {self.code} ({known})")
