"""Versioned definitions of the WRES and WDES indicators (DOMAIN.md §5).

Definitions change over the years (survey question numbers, which staff are counted,
rolling windows), so each standard is kept by version, like the EDS frameworks, and a
result records the version it was computed with. WDES has its own definitions — it is
not a copy of WRES with disability substituted.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["STANDARDS", "Standard", "SurveyItem", "get_standard"]

# NHS Staff Survey harassment items: "In the last 12 months how many times have you
# personally experienced harassment, bullying or abuse at work from …" (answers counted
# as "at least once").
AT_LEAST_ONCE = ("1 2", "3 5", "6 10", "more than 10")


@dataclass(frozen=True)
class SurveyItem:
    """A survey percentage: respondents with a positive answer to any of ``questions``
    among those answering (answers normalised: lower case, punctuation → space)."""

    code: str
    title: str
    questions: tuple[str, ...]
    positive: tuple[str, ...]
    groups: tuple[str, ...] | None = None  # restrict to these groups (e.g. disabled only)


@dataclass(frozen=True)
class Standard:
    name: str
    version: str
    grouping: str  # the characteristic column the standard compares
    group: str  # the group of interest (BME, Disabled)
    reference: str  # the comparator (White, Non-disabled)
    exclude_bank: bool
    case_type: str  # formal process counted by indicator 3
    case_reason_excluded: str | None  # regex of reasons not counted (ill health)
    survey: tuple[SurveyItem, ...]
    engagement_question: str | None = None
    window_years: int = 2  # indicator 3 rolling window
    training_window_years: int = 1


WRES_2025 = Standard(
    name="WRES",
    version="2025",
    grouping="ethnic_group",
    group="BME",
    reference="White",
    exclude_bank=False,
    case_type="disciplinary",
    case_reason_excluded=None,
    survey=(
        SurveyItem(
            "5",
            "Harassment, bullying or abuse from patients, relatives or the "
            "public in the last 12 months",
            ("q13a",),
            AT_LEAST_ONCE,
        ),
        SurveyItem(
            "6",
            "Harassment, bullying or abuse from staff in the last 12 months",
            ("q13b", "q13c"),
            AT_LEAST_ONCE,
        ),
        SurveyItem(
            "7",
            "Believe the organisation provides equal opportunities for career "
            "progression or promotion",
            ("q15",),
            ("yes",),
        ),
        SurveyItem(
            "8",
            "Experienced discrimination at work from a manager, team leader or "
            "other colleagues in the last 12 months",
            ("q16b",),
            ("yes",),
        ),
    ),
)

WDES_2025 = Standard(
    name="WDES",
    version="2025",
    grouping="disability",
    group="Disabled",
    reference="Non-disabled",
    exclude_bank=True,  # since 2023 bank staff are excluded
    case_type="capability",
    case_reason_excluded=r"ill[ -]?health|sickness|attendance",  # performance only
    survey=(
        SurveyItem(
            "4a(i)",
            "Harassment, bullying or abuse from patients, service users, relatives or the public",
            ("q13a",),
            AT_LEAST_ONCE,
        ),
        SurveyItem(
            "4a(ii)", "Harassment, bullying or abuse from managers", ("q13b",), AT_LEAST_ONCE
        ),
        SurveyItem(
            "4a(iii)",
            "Harassment, bullying or abuse from other colleagues",
            ("q13c",),
            AT_LEAST_ONCE,
        ),
        SurveyItem(
            "4b",
            "The last time they experienced harassment, bullying or abuse, "
            "they or a colleague reported it",
            ("q13d",),
            ("yes",),
        ),
        SurveyItem(
            "5",
            "Believe the organisation provides equal opportunities for career "
            "progression or promotion",
            ("q15",),
            ("yes",),
        ),
        SurveyItem(
            "6",
            "Felt pressure from their manager to come to work despite not feeling well enough",
            ("q11e",),
            ("yes",),
        ),
        SurveyItem(
            "7",
            "Satisfied with the extent to which the organisation values their work",
            ("q4b",),
            ("agree", "strongly agree", "satisfied", "very satisfied"),
        ),
        SurveyItem(
            "8",
            "The employer has made adequate adjustments to enable them to carry out their work",
            ("q30b",),
            ("yes",),
            groups=("Disabled",),
        ),
    ),
    engagement_question="engagement",
)

#: (name, version) → :class:`Standard`.
STANDARDS: dict[tuple[str, str], Standard] = {
    ("WRES", "2025"): WRES_2025,
    ("WDES", "2025"): WDES_2025,
}


def get_standard(name: str, version: str | None = None) -> Standard:
    """The named standard at ``version`` (default: the latest)."""
    name = name.upper()
    versions = sorted(v for n, v in STANDARDS if n == name)
    if not versions:
        raise ValueError(f"unknown standard {name!r}")
    version = version or versions[-1]
    try:
        return STANDARDS[(name, version)]
    except KeyError:
        raise ValueError(
            f"{name} has no version {version!r}; available: {', '.join(versions)}"
        ) from None
