"""What each kind of dataset holds: canonical columns, the headers that find them, and the
code maps that turn a file's labels into the canonical groups.

Service and population files (activity, complaints and PALS contacts, patient experience,
programme uptake) share one shape: characteristics (area, age band, sex, ethnicity,
disability, deprivation decile…) and a numerator with an optional denominator. Without a
denominator each row is one person (patient-level), and the numerator is a 0/1 flag.
Workforce files use the schemas of ``dueregard.analytics.workforce`` (see ``workforce.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dueregard.analytics.classifications import DISABILITY, ETHNICITY, Classification

NOT_DECLARED = "Not declared"
UNKNOWN = "Unknown"
MISSING_VALUES = (NOT_DECLARED, UNKNOWN)

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(label: object) -> str:
    """Lower case, every run of other characters one space (so "A White - British" and
    "a white british" match)."""
    return _NON_ALNUM.sub(" ", str(label).lower()).strip()


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    kind: str  # characteristic | free | decile | number
    required: bool = False
    aliases: tuple[str, ...] = ()
    characteristic: str = ""  # the framework characteristic code it covers


@dataclass(frozen=True)
class Schema:
    code: str
    title: str
    description: str
    columns: tuple[Column, ...]
    numerator_label: str = "Count"
    denominator_label: str = "Population"
    statistic: str = "proportion"  # proportion | rate | pack
    workforce: str = ""  # the workforce input kind, for workforce files
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    @property
    def group_columns(self) -> list[Column]:
        kinds = ("characteristic", "free", "decile", "wf-characteristic")
        return [c for c in self.columns if c.kind in kinds]


# Canonical values of the coded characteristics, from raw labels and NHS Data Dictionary
# codes. Ethnicity keeps the detailed Census 2021 group (the 2001 NHS codes A–S map onto
# it) or the broad group when that is all a file gives; an analysis chooses the level it
# counts at (``levels``). Disability likewise keeps the Census 2021 detail when given.
_NOT_DECLARED_LABELS = ("Z", "not stated", "not declared", "prefer not to say", "declined")
_UNKNOWN_LABELS = ("99", "not known", "unknown", "undefined", "", "n a", "null", "none")


def _classified_map(cls: Classification) -> dict[str, str]:
    out: dict[str, str] = {}
    for g in cls.groups:
        spellings = (g.code, g.label, f"{g.broad}: {g.label}", *g.aliases)
        if cls is ETHNICITY:
            spellings = tuple(x for x in spellings if not x.isdigit())  # "1" is not Bangladeshi
            letters = [x for x in g.aliases if len(x) == 1]  # the 2001 NHS code
            spellings += tuple(f"{c} {g.label}" for c in letters)
        for raw in spellings:
            out[normalise(raw)] = g.label
    for broad in cls.broad:
        out[normalise(broad)] = cls.short(broad)
        out[normalise(cls.short(broad))] = cls.short(broad)
    for raw, broad in cls.broad_aliases.items():
        out.setdefault(normalise(raw), cls.short(broad))
    return out


def _canonical(cls: Classification) -> tuple[str, ...]:
    """Each broad group followed by its detailed groups (the order tables use)."""
    out: list[str] = []
    for broad in cls.broad:
        out.append(cls.short(broad))
        out += [g.label for g in cls.groups if g.broad == broad and g.label != cls.short(broad)]
    return tuple(out)


CODE_MAPS: dict[str, dict[str, str]] = {
    "ethnicity": _classified_map(ETHNICITY),
    "sex": {
        normalise(k): v
        for k, v in {
            "F": "Female",
            "Female": "Female",
            "Woman": "Female",
            "2": "Female",
            "M": "Male",
            "Male": "Male",
            "Man": "Male",
            "1": "Male",
        }.items()
    },
    "disability": {
        normalise(k): v
        for k, v in {
            "Y": "Disabled",
            "Yes": "Disabled",
            "Disabled": "Disabled",
            "N": "Not disabled",
            "No": "Not disabled",
            "Not disabled": "Not disabled",
            "Non-disabled": "Not disabled",
        }.items()
    }
    | {k: v for k, v in _classified_map(DISABILITY).items() if k not in ("1", "2", "3", "4")},
}
CANONICAL_VALUES: dict[str, tuple[str, ...]] = {
    "ethnicity": (*_canonical(ETHNICITY), NOT_DECLARED, UNKNOWN),
    "sex": ("Female", "Male", NOT_DECLARED, UNKNOWN),
    "disability": (*_canonical(DISABILITY), NOT_DECLARED, UNKNOWN),
    "deprivation_decile": (*[str(i) for i in range(1, 11)], UNKNOWN),
}
# The group compared with by default (the largest is used when absent).
REFERENCE_GROUP = {"ethnicity": "White", "sex": "Male", "disability": "Not disabled"}
for _column in CODE_MAPS:
    CODE_MAPS[_column].update({normalise(x): NOT_DECLARED for x in _NOT_DECLARED_LABELS})
    CODE_MAPS[_column].update({normalise(x): UNKNOWN for x in _UNKNOWN_LABELS})


def guess_value(column: Column, raw: str) -> str | None:
    """The canonical value of a raw label, or None when it cannot be mapped."""
    text = normalise(raw)
    if column.kind == "wf-characteristic":
        from . import workforce

        return workforce.guess_value(column.name, raw)
    if column.kind == "characteristic":
        return CODE_MAPS[column.name].get(text)
    if column.kind == "decile":
        if text in {normalise(x) for x in _UNKNOWN_LABELS + _NOT_DECLARED_LABELS}:
            return UNKNOWN
        match = re.fullmatch(r"(?:decile )?(\d+)(?: .*)?", text)
        if match and 1 <= int(match.group(1)) <= 10:
            return str(int(match.group(1)))
        return None
    if column.kind == "free":
        if text in _FREE_NOT_DECLARED:
            return NOT_DECLARED
        if text in _FREE_UNKNOWN:
            return UNKNOWN
        return raw.strip()
    return None


_FREE_NOT_DECLARED = {normalise(x) for x in _NOT_DECLARED_LABELS if x != "Z"}
# "None" is a religion or belief answer, not a missing value, so it is kept.
_FREE_UNKNOWN = {normalise(x) for x in _UNKNOWN_LABELS if x not in ("none", "99")}


_CHARACTERISTICS = (
    Column(
        "area",
        "Area",
        "free",
        aliases=("area name", "locality", "place", "ward", "gp practice area", "practice area"),
    ),
    Column(
        "age_band",
        "Age band",
        "free",
        aliases=("age group", "age range", "ageband", "age"),
        characteristic="age",
    ),
    Column(
        "sex",
        "Sex",
        "characteristic",
        aliases=("gender", "legal sex", "person stated gender code", "sex code"),
        characteristic="sex",
    ),
    Column(
        "ethnicity",
        "Ethnicity",
        "characteristic",
        aliases=("ethnic group", "ethnic category", "ethnic origin", "ethnic category code"),
        characteristic="race",
    ),
    Column(
        "disability",
        "Disability",
        "characteristic",
        aliases=("disabled", "disability status", "disability flag"),
        characteristic="disability",
    ),
    Column(
        "deprivation_decile",
        "Deprivation decile (1 = most deprived)",
        "decile",
        aliases=(
            "imd decile",
            "imd",
            "deprivation",
            "imd 2019 decile",
            "index of multiple deprivation decile",
        ),
        characteristic="deprivation-core20",
    ),
    Column(
        "religion",
        "Religion or belief",
        "free",
        aliases=("religious belief", "religion or belief", "faith"),
        characteristic="religion-belief",
    ),
    Column(
        "sexual_orientation",
        "Sexual orientation",
        "free",
        aliases=("sexual orientation code",),
        characteristic="sexual-orientation",
    ),
)


def _service(code, title, description, numerator, num_aliases, denominator, den_aliases, statistic):
    return Schema(
        code=code,
        title=title,
        description=description,
        columns=(
            *_CHARACTERISTICS,
            Column("numerator", numerator, "number", required=True, aliases=num_aliases),
            Column("denominator", denominator + " (optional)", "number", aliases=den_aliases),
        ),
        numerator_label=numerator,
        denominator_label=denominator,
        statistic=statistic,
    )


SERVICE_SCHEMAS = {
    s.code: s
    for s in (
        _service(
            "uptake",
            "Programme uptake (vaccination, screening, health checks)",
            "One row per person offered (uptake 0 or 1), or counts of eligible and taken up.",
            "Taken up",
            ("uptake", "vaccinated", "screened", "attended", "received", "completed", "taken up"),
            "Eligible",
            ("eligible", "offered", "invited", "cohort", "population", "denominator"),
            "proportion",
        ),
        _service(
            "activity",
            "Activity or access (attendances, referrals, admissions)",
            "Counts of activity with the population they come from, or one row per person.",
            "Activity",
            ("attendances", "referrals", "admissions", "contacts", "activity", "count", "events"),
            "Population",
            ("population", "registered", "list size", "denominator", "people"),
            "rate",
        ),
        _service(
            "complaints",
            "Complaints and PALS contacts",
            "Counts of complaints or PALS contacts with the population served.",
            "Complaints and contacts",
            ("complaints", "pals contacts", "contacts", "count"),
            "Population",
            ("population", "patients", "people", "denominator"),
            "rate",
        ),
        _service(
            "experience",
            "Patient experience survey responses",
            "One row per response (positive 0 or 1), or counts of positive and all responses.",
            "Positive responses",
            ("positive", "good", "satisfied", "would recommend", "positive responses"),
            "Responses",
            ("responses", "respondents", "answered", "denominator"),
            "proportion",
        ),
    )
}


def schema(code: str) -> Schema:
    from . import workforce

    if code in SERVICE_SCHEMAS:
        return SERVICE_SCHEMAS[code]
    found = workforce.schema(code)
    if found is None:
        raise KeyError(code)
    return found


def kind_choices() -> list[tuple[str, str]]:
    from . import workforce

    return [(s.code, s.title) for s in SERVICE_SCHEMAS.values()] + workforce.kind_choices()


def value_choices(sch: Schema, column: str) -> list[tuple[str, str]]:
    """The canonical values a label of ``column`` may be mapped to."""
    if sch.workforce:
        from . import workforce

        return [(v, workforce.value_label(column, v)) for v in workforce.canonical_values(column)]
    return [(v, v) for v in CANONICAL_VALUES.get(column, ())]


def match_columns(headers: list[str], sch: Schema) -> dict[str, str]:
    """Canonical column -> file header, by name or alias after normalisation."""
    by_norm: dict[str, str] = {}
    for h in headers:
        by_norm.setdefault(normalise(h), h)
    found: dict[str, str] = {}
    used: set[str] = set()
    for col in sch.columns:
        for alias in (col.name.replace("_", " "), col.label, *col.aliases):
            h = by_norm.get(normalise(alias))
            if h is not None and h not in used:
                found[col.name] = h
                used.add(h)
                break
    return found
