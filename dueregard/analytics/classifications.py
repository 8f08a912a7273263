"""Standard classifications of protected characteristics, detailed and rolled up.

Ethnicity follows the 2021 Census of England and Wales (ONS classification
``ethnic_group_tb_20b``, the 19 groups used by table TS021 and by the NHS Data Dictionary
ETHNIC CATEGORY 2021 list) with the five high-level groups (``ethnic_group_tb_6a``
without "does not apply") as its roll-up. The other characteristics use the detailed
Census 2021 lists where one exists: disability (TS038, Equality Act), religion (TS030),
sexual orientation (TS077) and gender identity (TS078), each with its broad roll-up.

The 2001 NHS ethnic category codes (A–S, still the codes in ESR and most patient systems)
map onto the 2021 groups: "C Any other White background" has no split into Gypsy or
Irish Traveller / Roma / other, so it maps to "Any other White background"; Chinese (R)
moves to the Asian group as in 2021.

An analysis chooses its level per characteristic (:data:`LEVELS`): ``"broad"`` (the
roll-up), ``"detailed"`` or ``"auto"`` — detailed groups where numbers allow, rolled up
into their broad group where disclosure control would suppress them
(:func:`roll_up_small`). This module imports nothing from Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "CLASSIFICATIONS",
    "ETHNICITY",
    "LEVELS",
    "Classification",
    "Group",
    "classify",
    "roll_up_small",
    "unit_of",
    "CENSUS_2021_BROAD",
    "CENSUS_2021_ETHNICITY",
    "DETAILED_CODES",
    "roll_up",
]

LEVELS = ("broad", "detailed", "auto")


def _key(text: object) -> str:
    """Labels compared without case, punctuation or extra spaces."""
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


@dataclass(frozen=True)
class Group:
    """One detailed group: its ONS code, label, broad group and other spellings."""

    code: str
    label: str
    broad: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Classification:
    """A detailed list with its roll-up. ``broad`` lists the roll-up's groups in order."""

    name: str
    source: str
    broad: tuple[str, ...]
    groups: tuple[Group, ...]
    broad_aliases: Mapping[str, str] = field(default_factory=dict)
    #: Shorter names for the broad groups in tables ("Asian" for the ONS long name).
    short_names: Mapping[str, str] = field(default_factory=dict)

    def short(self, broad: str) -> str:
        """The name a broad group is shown under."""
        return self.short_names.get(broad, broad)

    def display(self, value: object) -> str | None:
        """The label a raw value is counted under at the detailed level: its detailed
        group, or the (short) broad group when it names only that; None outside the list."""
        found = classify(value, self)
        if found is None:
            return None
        return found[0] or self.short(found[1])

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(g.label for g in self.groups)

    def lookup(self) -> Mapping[str, tuple[str, str]]:
        """Normalised spelling -> (detailed label or "" for a broad-only value, broad)."""
        out: dict[str, tuple[str, str]] = {}
        for g in self.groups:
            for text in (g.code, g.label, f"{g.broad}: {g.label}", f"{g.broad} {g.label}"):
                out[_key(text)] = (g.label, g.broad)
            for text in g.aliases:
                out[_key(text)] = (g.label, g.broad)
                if len(text) == 1:  # a 2001 NHS code letter: "H Indian"
                    out[_key(f"{text} {g.label}")] = (g.label, g.broad)
        for b in self.broad:
            out.setdefault(_key(b), ("", b))
        for text, b in self.broad_aliases.items():
            out.setdefault(_key(text), ("", b))
        return MappingProxyType(out)

    def broad_of(self, label: str) -> str | None:
        """The broad group of a detailed label (or of a broad label, long or short)."""
        for g in self.groups:
            if g.label == label:
                return g.broad
        if label in self.broad:
            return label
        return next((b for b, short in self.short_names.items() if short == label), None)

    def is_broad(self, label: str) -> bool:
        return label in self.broad or label in self.short_names.values()


def _nhs2001(code: str, *labels: str) -> tuple[str, ...]:
    """The 2001 NHS code and its usual spellings ("H", "H Indian", "H - Indian")."""
    return (code, *labels, *(f"{code} {x}" for x in labels))


_WHITE = "White"
_MIXED = "Mixed or Multiple ethnic groups"
_ASIAN = "Asian, Asian British or Asian Welsh"
_BLACK = "Black, Black British, Black Welsh, Caribbean or African"
_OTHER = "Other ethnic group"

#: 2021 Census ethnic group, 19 categories (ONS ``ethnic_group_tb_20b``; TS021 codes 1–19).
ETHNICITY = Classification(
    name="ethnicity",
    source="Census 2021 ethnic group (ONS TS021, 19 categories; NHS Data Dictionary 2021)",
    broad=(_WHITE, _MIXED, _ASIAN, _BLACK, _OTHER),
    groups=(
        Group(
            "13",
            "English, Welsh, Scottish, Northern Irish or British",
            _WHITE,
            _nhs2001("A", "White British", "White - British", "British"),
        ),
        Group("14", "Irish", _WHITE, _nhs2001("B", "White Irish", "White - Irish")),
        Group("15", "Gypsy or Irish Traveller", _WHITE, ("Gypsy", "Irish Traveller")),
        Group("16", "Roma", _WHITE),
        Group(
            "17",
            "Any other White background",
            _WHITE,
            _nhs2001("C", "White - Any other White background", "Other White"),
        ),
        Group(
            "11",
            "White and Black Caribbean",
            _MIXED,
            _nhs2001("D", "Mixed - White and Black Caribbean"),
        ),
        Group(
            "10",
            "White and Black African",
            _MIXED,
            _nhs2001("E", "Mixed - White and Black African"),
        ),
        Group("9", "White and Asian", _MIXED, _nhs2001("F", "Mixed - White and Asian")),
        Group(
            "12",
            "Any other Mixed or Multiple background",
            _MIXED,
            _nhs2001("G", "Any other mixed background", "Mixed - Any other mixed background")
            + ("Other Mixed or Multiple ethnic groups",),
        ),
        Group("3", "Indian", _ASIAN, _nhs2001("H", "Asian or Asian British - Indian")),
        Group("4", "Pakistani", _ASIAN, _nhs2001("J", "Asian or Asian British - Pakistani")),
        Group("1", "Bangladeshi", _ASIAN, _nhs2001("K", "Asian or Asian British - Bangladeshi")),
        Group("2", "Chinese", _ASIAN, _nhs2001("R", "Other Ethnic Groups - Chinese")),
        Group(
            "5",
            "Any other Asian background",
            _ASIAN,
            _nhs2001("L", "Asian - Any other Asian background") + ("Other Asian",),
        ),
        Group("7", "Caribbean", _BLACK, _nhs2001("M", "Black or Black British - Caribbean")),
        Group("6", "African", _BLACK, _nhs2001("N", "Black or Black British - African")),
        Group(
            "8",
            "Any other Black, Black British or Caribbean background",
            _BLACK,
            _nhs2001("P", "Any other Black background", "Black - Any other Black background")
            + ("Other Black",),
        ),
        Group("18", "Arab", _OTHER),
        Group(
            "19",
            "Any other ethnic group",
            _OTHER,
            _nhs2001("S", "Other Ethnic Groups - Any other ethnic group"),
        ),
    ),
    broad_aliases={
        "Mixed": _MIXED,
        "Mixed or multiple": _MIXED,
        "Asian": _ASIAN,
        "Asian or Asian British": _ASIAN,
        "Black": _BLACK,
        "Black or Black British": _BLACK,
        "Black African Caribbean or Black British": _BLACK,
        "Other": _OTHER,
    },
    short_names={
        _WHITE: "White",
        _MIXED: "Mixed",
        _ASIAN: "Asian",
        _BLACK: "Black",
        _OTHER: "Other",
    },
)

DISABILITY = Classification(
    name="disability",
    source="Census 2021 disability (ONS TS038, Equality Act 2010)",
    broad=("Disabled", "Not disabled"),
    groups=(
        Group("1", "Day-to-day activities limited a lot", "Disabled", ("Limited a lot",)),
        Group("2", "Day-to-day activities limited a little", "Disabled", ("Limited a little",)),
        Group(
            "3",
            "Long-term condition, day-to-day activities not limited",
            "Not disabled",
            ("Has long term physical or mental health condition but not limited",),
        ),
        Group(
            "4",
            "No long-term physical or mental health conditions",
            "Not disabled",
            ("No long term condition",),
        ),
    ),
    broad_aliases={"Yes": "Disabled", "Y": "Disabled", "No": "Not disabled", "N": "Not disabled"},
)

RELIGION = Classification(
    name="religion",
    source="Census 2021 religion (ONS TS030)",
    broad=("No religion", "Has a religion"),
    groups=(
        Group("1", "No religion", "No religion", ("None", "Atheism")),
        Group("2", "Christian", "Has a religion", ("Christianity",)),
        Group("3", "Buddhist", "Has a religion", ("Buddhism",)),
        Group("4", "Hindu", "Has a religion", ("Hinduism",)),
        Group("5", "Jewish", "Has a religion", ("Judaism",)),
        Group("6", "Muslim", "Has a religion", ("Islam",)),
        Group("7", "Sikh", "Has a religion", ("Sikhism",)),
        Group("8", "Other religion", "Has a religion", ("Other",)),
    ),
)

SEXUAL_ORIENTATION = Classification(
    name="sexual_orientation",
    source="Census 2021 sexual orientation (ONS TS077)",
    broad=("Straight or Heterosexual", "Gay, Lesbian, Bisexual or other (LGB+)"),
    groups=(
        Group(
            "1",
            "Straight or Heterosexual",
            "Straight or Heterosexual",
            ("Heterosexual", "Straight"),
        ),
        Group("2", "Gay or Lesbian", "Gay, Lesbian, Bisexual or other (LGB+)", ("Gay", "Lesbian")),
        Group("3", "Bisexual", "Gay, Lesbian, Bisexual or other (LGB+)"),
        Group("4", "Pansexual", "Gay, Lesbian, Bisexual or other (LGB+)"),
        Group("5", "Asexual", "Gay, Lesbian, Bisexual or other (LGB+)"),
        Group("6", "Queer", "Gay, Lesbian, Bisexual or other (LGB+)"),
        Group("7", "All other sexual orientations", "Gay, Lesbian, Bisexual or other (LGB+)"),
    ),
    broad_aliases={"LGB+": "Gay, Lesbian, Bisexual or other (LGB+)"},
)

GENDER_IDENTITY = Classification(
    name="gender_identity",
    source="Census 2021 gender identity (ONS TS078; roll-up as TS070)",
    broad=(
        "Gender identity the same as sex registered at birth",
        "Gender identity different from sex registered at birth",
    ),
    groups=(
        Group(
            "1",
            "Gender identity the same as sex registered at birth",
            "Gender identity the same as sex registered at birth",
            ("Same", "Yes"),
        ),
        Group(
            "2",
            "Different from sex registered at birth, no specific identity given",
            "Gender identity different from sex registered at birth",
        ),
        Group("3", "Trans woman", "Gender identity different from sex registered at birth"),
        Group("4", "Trans man", "Gender identity different from sex registered at birth"),
        Group("5", "Non-binary", "Gender identity different from sex registered at birth"),
        Group(
            "6",
            "All other gender identities",
            "Gender identity different from sex registered at birth",
        ),
    ),
    broad_aliases={"Different": "Gender identity different from sex registered at birth"},
)

#: Every classification by characteristic name.
CLASSIFICATIONS: Mapping[str, Classification] = MappingProxyType(
    {c.name: c for c in (ETHNICITY, DISABILITY, RELIGION, SEXUAL_ORIENTATION, GENDER_IDENTITY)}
)
_LOOKUPS: dict[str, Mapping[str, tuple[str, str]]] = {}


def classify(value: object, classification: Classification = ETHNICITY) -> tuple[str, str] | None:
    """``(detailed label, broad group)`` of a raw value; the detailed label is "" when the
    value only names a broad group ("Asian"); ``None`` when it is not in the list (not
    stated, unknown or a spelling to map by hand)."""
    lookup = _LOOKUPS.get(classification.name)
    if lookup is None:
        lookup = _LOOKUPS[classification.name] = classification.lookup()
    return lookup.get(_key(value))


def unit_of(label: str, classification: Classification, level: str) -> str:
    """The group a (detailed or broad) label is counted in at ``level`` ("broad" rolls a
    detailed label up; "detailed" keeps it). Labels outside the list stay as they are."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    if level == "broad":
        broad = classification.broad_of(label)
        return classification.short(broad) if broad else label
    return label


def roll_up_small(
    counts: Mapping[str, float], classification: Classification, threshold: float
) -> dict[str, str]:
    """Detailed groups where numbers allow, rolled up where they would be suppressed.

    ``counts`` maps each label present (detailed, broad or outside the list) to its number
    of people. The detailed groups of a broad group with fewer than ``threshold`` people
    are combined (with any rows that gave only the broad group); while the combination is
    still below ``threshold`` or holds a single group, the smallest other group of the same
    broad group joins it, so no detailed count can be recovered from the combination. A
    combination of every group present is labelled with the broad group; otherwise
    ``"<broad> (combined: a, b)"``. Labels outside the list keep their own row.
    Returns label -> the row it is counted in.
    """
    units = {label: label for label in counts}
    by_broad: dict[str, list[str]] = {}
    for label in counts:
        broad = classification.broad_of(label)
        if broad is not None:
            by_broad.setdefault(broad, []).append(label)
    for broad, labels in by_broad.items():
        only_broad = [x for x in labels if classification.is_broad(x)]
        detailed = sorted((counts[x], x) for x in labels if x not in only_broad)
        members = [x for n, x in detailed if n < threshold]
        if not members:
            continue
        members += only_broad
        rest = [x for _n, x in detailed if x not in members]
        while rest and (len(members) < 2 or sum(counts[x] for x in members) < threshold):
            members.append(rest.pop(0))
        short = classification.short(broad)
        if not rest:
            name = short
        else:
            parts = [x for x in members if x not in only_broad]
            if only_broad:
                parts.append("not specified further")
            name = f"{short} (combined: {', '.join(parts)})"
        for label in members:
            units[label] = name
    return units


# --- The 2021 ethnic groups as ONS tables code and name them (population reference data) ---

#: ONS table labels where TS021 names a group more briefly than the Census question.
_TABLE_LABELS = {
    "5": "Other Asian",
    "8": "Other Black",
    "12": "Other Mixed or Multiple ethnic groups",
    "17": "Other White",
}


@dataclass(frozen=True)
class CensusGroup:
    """A 2021 ethnic group as ONS tables code it: ONS code, TS021 label, broad group key."""

    code: str
    label: str
    broad: str


def _broad_key(broad: str) -> str:
    return ETHNICITY.short(broad).lower()


#: The five high-level groups as (key, ONS label), keys "white", "mixed", "asian"...
CENSUS_2021_BROAD: tuple[tuple[str, str], ...] = tuple((_broad_key(b), b) for b in ETHNICITY.broad)

#: The 19 groups keyed by ONS code ("1"–"19"), labelled as in TS021.
CENSUS_2021_ETHNICITY: tuple[CensusGroup, ...] = tuple(
    CensusGroup(g.code, _TABLE_LABELS.get(g.code, g.label), _broad_key(g.broad))
    for g in sorted(ETHNICITY.groups, key=lambda g: int(g.code))
)
DETAILED_CODES = tuple(g.code for g in CENSUS_2021_ETHNICITY)


def roll_up(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts by the 19 ONS codes -> counts by the five high-level groups (every code required)."""
    unknown = set(counts) - set(DETAILED_CODES)
    missing = set(DETAILED_CODES) - set(counts)
    if unknown or missing:
        raise ValueError(
            f"Census 2021 ethnic groups: unknown {sorted(unknown)}, missing {sorted(missing)}"
        )
    out = {key: 0 for key, _label in CENSUS_2021_BROAD}
    for group in CENSUS_2021_ETHNICITY:
        out[group.broad] += int(counts[group.code])
    return out
