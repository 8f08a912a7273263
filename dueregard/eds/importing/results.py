"""The results of parsing and checking an imported report: frozen, JSON-safe dataclasses.

Line numbers are 1-based and inclusive, counted in the extracted text (``\\n`` lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "Snippet",
    "LeadContact",
    "Reason",
    "ParsedOutcome",
    "ParsedAction",
    "ParsedReport",
    "Problem",
    "SEVERITIES",
    "report_from_dict",
    "problem_from_dict",
]

#: Problem severities, most serious first.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Snippet:
    """A piece of the text the parser did not place, for a person to review."""

    start_line: int
    end_line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start_line": self.start_line, "end_line": self.end_line, "text": self.text}


@dataclass(frozen=True)
class LeadContact:
    """A lead contact as the report names them: a person's name and/or a role."""

    name: str
    role: str = ""

    def __str__(self) -> str:
        if self.name and self.role:
            return f"{self.name} ({self.role})"
        return self.name or self.role

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True)
class Reason:
    """The reason given under one grading factor (``factor`` is the framework's code)."""

    factor: str
    label: str  # the label as written ("Progression Plans")
    text: str
    start_line: int
    end_line: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "label": self.label,
            "text": self.text,
            "start_line": self.start_line,
            "end_line": self.end_line,
        }


@dataclass(frozen=True)
class ParsedOutcome:
    """One outcome's section of the report.

    ``found_by`` says how the section was located: "heading" ("EDS Outcome 1.1 ..."),
    "code" (a line starting with the code and the outcome's words) or "statement" (the
    heading was missing; the outcome's statement was recognised). ``grade`` is the
    framework's grade code (aliases resolved), None when no grade was recognised;
    ``grade_text`` is the grade as written ("DEVELOPING.", "Excellent"). ``summary`` is the
    reason text not under a grading factor (usually the concluding paragraph).
    ``coverage`` is a coverage word code ("most") if the reasons state one.
    ``extra_grades`` are further grades written in the same section (a sign that a heading
    is missing).
    """

    code: str
    start_line: int
    end_line: int
    found_by: str
    heading: str = ""
    statement: str = ""
    organisation: str = ""
    grade: str | None = None
    grade_text: str = ""
    grade_line: int | None = None
    lead_contacts: tuple[LeadContact, ...] = ()
    narrative: str = ""
    reasons: tuple[Reason, ...] = ()
    summary: str = ""
    coverage: str | None = None
    coverage_text: str = ""
    extra_grades: tuple[str, ...] = ()

    def reason(self, factor: str) -> str:
        """The text given under a grading factor (by code), or ""."""
        return "\n".join(reason.text for reason in self.reasons if reason.factor == factor)

    @property
    def factors(self) -> tuple[str, ...]:
        """The factor codes the section gives reasons under, in order of appearance."""
        return tuple(dict.fromkeys(reason.factor for reason in self.reasons))

    @property
    def reasons_text(self) -> str:
        """All reason text: every factor's reason, then the summary."""
        parts = [f"{reason.label}: {reason.text}" for reason in self.reasons]
        if self.summary:
            parts.append(self.summary)
        return "\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "found_by": self.found_by,
            "heading": self.heading,
            "statement": self.statement,
            "organisation": self.organisation,
            "grade": self.grade,
            "grade_text": self.grade_text,
            "grade_line": self.grade_line,
            "lead_contacts": [contact.to_dict() for contact in self.lead_contacts],
            "narrative": self.narrative,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "summary": self.summary,
            "coverage": self.coverage,
            "coverage_text": self.coverage_text,
            "extra_grades": list(self.extra_grades),
        }


@dataclass(frozen=True)
class ParsedAction:
    """One action of an action (improvement) plan found in the report."""

    text: str
    owner: str
    due: str  # the completion date as written
    outcome_code: str | None
    start_line: int
    end_line: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "owner": self.owner,
            "due": self.due,
            "outcome_code": self.outcome_code,
            "start_line": self.start_line,
            "end_line": self.end_line,
        }


@dataclass(frozen=True)
class ParsedReport:
    """A parsed report. ``outcomes`` are in document order and may hold duplicates.

    ``fields`` are other "Label: value" pairs of the front matter (EDS 2022 template
    fields such as "EDS Lead"). ``missing`` are the framework's outcome codes not found.
    """

    framework: str
    line_count: int
    title: str = ""
    organisation: str = ""
    period: str = ""
    date: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    outcomes: tuple[ParsedOutcome, ...] = ()
    missing: tuple[str, ...] = ()
    action_plan: bool = False
    actions: tuple[ParsedAction, ...] = ()
    unrecognised: tuple[Snippet, ...] = ()

    def outcome(self, code: str) -> ParsedOutcome | None:
        """The first section of an outcome (case-insensitive code), or None."""
        wanted = code.strip().casefold()
        for outcome in self.outcomes:
            if outcome.code.casefold() == wanted:
                return outcome
        return None

    @property
    def grades(self) -> dict[str, str | None]:
        """Outcome code -> grade code, for the first section of each outcome found."""
        result: dict[str, str | None] = {}
        for outcome in self.outcomes:
            result.setdefault(outcome.code, outcome.grade)
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "line_count": self.line_count,
            "title": self.title,
            "organisation": self.organisation,
            "period": self.period,
            "date": self.date,
            "fields": [[label, value] for label, value in self.fields],
            "outcomes": [outcome.to_dict() for outcome in self.outcomes],
            "missing": list(self.missing),
            "action_plan": self.action_plan,
            "actions": [action.to_dict() for action in self.actions],
            "unrecognised": [snippet.to_dict() for snippet in self.unrecognised],
        }


@dataclass(frozen=True)
class Problem:
    """Something a person must look at. ``outcome_code`` is None for the whole report.

    ``severity`` is "error" (must be resolved or explained before sign-off), "warning"
    (probably wrong; a provisional rule or a pattern broken) or "info".
    """

    outcome_code: str | None
    kind: str
    message: str
    severity: str = "error"

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome_code": self.outcome_code,
            "kind": self.kind,
            "message": self.message,
            "severity": self.severity,
        }


def report_from_dict(data: dict[str, Any]) -> ParsedReport:
    """The :class:`ParsedReport` stored by ``to_dict()``, rebuilt without parsing again."""
    outcomes = tuple(
        ParsedOutcome(
            **{
                **o,
                "lead_contacts": tuple(LeadContact(**c) for c in o.get("lead_contacts", ())),
                "reasons": tuple(Reason(**r) for r in o.get("reasons", ())),
                "extra_grades": tuple(o.get("extra_grades", ())),
            }
        )
        for o in data.get("outcomes", ())
    )
    return ParsedReport(
        **{
            **data,
            "fields": tuple((label, value) for label, value in data.get("fields", ())),
            "outcomes": outcomes,
            "missing": tuple(data.get("missing", ())),
            "actions": tuple(ParsedAction(**a) for a in data.get("actions", ())),
            "unrecognised": tuple(Snippet(**s) for s in data.get("unrecognised", ())),
        }
    )


def problem_from_dict(data: dict[str, Any]) -> Problem:
    return Problem(**data)
