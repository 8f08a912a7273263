"""Canonical schemas of the workforce inputs and the header aliases that find them.

Each input kind (staff snapshot, recruitment, formal cases, training, survey, reference
population) has canonical columns with a type, whether it is required, and the headers
common ESR and recruitment-system exports use for it. :func:`match_columns` maps a file's
headers to canonical names; the analyst can extend or override the mapping (``mapping``
argument or ``--mapping map.json`` on the command line).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .codes import CHARACTERISTICS, normalise

__all__ = ["SCHEMAS", "Column", "Schema", "match_columns"]

# kinds: id, text, characteristic, grade, bool, number, date, stage, case_type
_CHARACTERISTIC_ALIASES = {
    "age_band": ["age band", "age group", "age range", "age"],
    "disability": ["disability", "disability flag", "disabled", "disability status"],
    "gender_identity": ["gender identity", "gender identity same as at birth", "trans"],
    "marital_status": ["marital status", "marital civil partnership status"],
    "ethnic_category": [
        "ethnic origin",
        "ethnicity",
        "ethnic group",
        "ethnic category",
        "ethnic category code",
        "ethnic origin code",
    ],
    "religion": ["religious belief", "religion", "religion or belief", "religion belief"],
    "sex": ["gender", "sex", "legal sex", "person stated gender code"],
    "sexual_orientation": ["sexual orientation", "sexual orientation code"],
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    kind: str
    title: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()
    notes: str = ""
    characteristics: bool = True
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _chars(required: tuple[str, ...] = ()) -> tuple[Column, ...]:
    return tuple(
        Column(col, "characteristic", col in required, tuple(_CHARACTERISTIC_ALIASES[col]))
        for col in CHARACTERISTICS
    )


STAFF = Schema(
    "staff",
    "Staff snapshot (ESR-like, one row per person: primary assignment)",
    (
        Column(
            "person_id",
            "id",
            True,
            ("employee number", "person id", "staff id", "pseudonymised person id", "employee id"),
        ),
        Column("assignment_id", "text", False, ("assignment number", "assignment id")),
        Column(
            "organisation",
            "text",
            False,
            ("organisation", "org", "organisation code", "employing organisation", "trust"),
        ),
        Column("staff_group", "text", False, ("staff group", "occupation group")),
        Column(
            "pay_grade",
            "grade",
            True,
            ("pay band", "band", "grade", "afc band", "pay grade", "payscale", "grade band"),
        ),
        Column(
            "clinical",
            "bool",
            False,
            ("clinical", "clinical flag", "clinical non clinical", "is clinical"),
        ),
        # Used only when the clinical flag is absent: clinical/non-clinical is then derived
        # from the code's matrix (``occupation.py``); unknown codes are refused, never guessed.
        Column(
            "occupation_code",
            "text",
            False,
            ("occupation code", "esr occupation code", "occ code", "nhs occupation code"),
        ),
        *_chars(("ethnic_category", "disability", "sex")),
        Column("fte", "number", False, ("fte", "whole time equivalent", "wte")),
        Column(
            "weekly_hours",
            "number",
            False,
            ("contracted hours", "weekly hours", "contracted weekly hours", "hours"),
        ),
        Column(
            "period_pay",
            "number",
            False,
            ("ordinary pay", "period pay", "pay for period", "basic pay"),
        ),
        Column("days_in_period", "number", False, ("days in period", "pay period days")),
        Column(
            "bonus_pay",
            "number",
            False,
            ("bonus pay", "bonus", "bonus 12 months", "clinical excellence award"),
        ),
        Column(
            "full_pay_relevant",
            "bool",
            False,
            ("full pay relevant", "fpr", "full pay relevant employee"),
        ),
        Column("board_member", "bool", False, ("board member", "board")),
        Column(
            "board_voting", "bool", False, ("board voting", "voting member", "voting board member")
        ),
        Column(
            "board_executive",
            "bool",
            False,
            ("board executive", "executive member", "executive director"),
        ),
        Column("bank", "bool", False, ("bank", "bank staff", "bank only")),
    ),
    unique=("person_id",),
)

RECRUITMENT = Schema(
    "recruitment",
    "Recruitment (one row per application, with the stage reached)",
    (
        Column(
            "application_id",
            "id",
            True,
            ("application id", "applicant id", "application reference", "candidate id"),
        ),
        Column(
            "vacancy_id",
            "text",
            False,
            ("vacancy id", "vacancy reference", "job reference", "advert reference"),
        ),
        Column(
            "stage",
            "stage",
            True,
            ("stage", "stage reached", "status", "outcome", "application status", "furthest stage"),
        ),
        Column(
            "application_date",
            "date",
            False,
            ("application date", "date applied", "submitted date"),
        ),
        *_chars(("ethnic_category", "disability")),
    ),
    unique=("application_id",),
)

CASES = Schema(
    "cases",
    "Formal disciplinary and capability cases (one row per case)",
    (
        Column("case_id", "id", True, ("case id", "case reference", "case number")),
        Column("person_id", "text", True, ("employee number", "person id", "staff id")),
        Column("case_type", "case_type", True, ("case type", "process", "type")),
        Column("reason", "text", False, ("reason", "capability reason", "case reason")),
        Column(
            "start_date",
            "date",
            True,
            ("start date", "date opened", "opened", "date entered formal process"),
        ),
    ),
    unique=("case_id",),
    characteristics=False,
)

TRAINING = Schema(
    "training",
    "Non-mandatory training and CPD (one row per course attended)",
    (
        Column("person_id", "text", True, ("employee number", "person id", "staff id")),
        Column("course", "text", False, ("course", "course name", "activity", "training")),
        Column("date", "date", True, ("date", "course date", "start date", "date attended")),
    ),
    characteristics=False,
)

SURVEY = Schema(
    "survey",
    "Staff survey responses (one row per respondent and question)",
    (
        Column("respondent_id", "text", True, ("respondent id", "respondent", "response id")),
        Column("question", "text", True, ("question", "question code", "item")),
        Column("answer", "text", True, ("answer", "response", "value")),
        *_chars(("ethnic_category", "disability")),
    ),
    unique=("respondent_id", "question"),
)

REFERENCE = Schema(
    "reference",
    "Reference population (e.g. Census 2021 working age, by group, for an area)",
    (
        Column("area", "text", False, ("area", "area code", "geography", "la code")),
        Column("characteristic", "text", True, ("characteristic", "variable", "dimension")),
        Column("group", "text", True, ("group", "category", "value", "label")),
        Column("count", "number", True, ("count", "population", "observation", "people")),
    ),
    characteristics=False,
)

SCHEMAS: dict[str, Schema] = {
    s.kind: s for s in (STAFF, RECRUITMENT, CASES, TRAINING, SURVEY, REFERENCE)
}


def match_columns(
    headers: list[str], schema: Schema, mapping: Mapping[str, str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Map file ``headers`` to canonical column names.

    Returns ``(found, ignored)``: ``found`` maps canonical name → header; headers not
    used are listed in ``ignored``. ``mapping`` (header → canonical name, either side
    matched after normalisation) takes precedence over the built-in aliases.
    """
    by_norm: dict[str, str] = {}
    for h in headers:
        by_norm.setdefault(normalise(h), h)
    found: dict[str, str] = {}
    for header, canonical in (mapping or {}).items():
        h = by_norm.get(normalise(header))
        if h is not None and canonical in schema.by_name:
            found[canonical] = h
    used = set(found.values())
    for col in schema.columns:
        if col.name in found:
            continue
        for alias in (col.name.replace("_", " "), *col.aliases):
            h = by_norm.get(normalise(alias))
            if h is not None and h not in used:
                found[col.name] = h
                used.add(h)
                break
    ignored = [h for h in headers if h not in used]
    return found, ignored
