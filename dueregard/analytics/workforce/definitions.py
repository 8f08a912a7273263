"""Versioned definitions of the WRES and WDES indicators (DOMAIN.md §5), read from data.

Definitions change over the years (survey question numbers, which staff are counted,
rolling windows), so each standard is kept by version, like the EDS frameworks (ADR 0004),
as one YAML file per standard and year in ``data/`` (``wres-2025.yaml``). A new
year's definitions are a new file; the old files stay, so a result computed with an old
version (recorded in its ``meta["standards"]``) can be computed again. WDES has its own
definitions — it is not a copy of WRES with disability substituted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DEFINITIONS_DIR",
    "STANDARDS",
    "DefinitionError",
    "Standard",
    "SurveyItem",
    "get_standard",
    "load_standards",
]

#: Where the definitions live: ``<name>-<version>.yaml``.
DEFINITIONS_DIR = Path(__file__).with_name("data")


class DefinitionError(ValueError):
    """A definitions file that cannot be used; the message names the file and the field."""


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


_TEXT = (str,)
_STANDARD_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    # field: (allowed types, required)
    "name": (_TEXT, True),
    "version": (_TEXT, True),
    "grouping": (_TEXT, True),
    "group": (_TEXT, True),
    "reference": (_TEXT, True),
    "exclude_bank": ((bool,), True),
    "case_type": (_TEXT, True),
    "case_reason_excluded": ((str, type(None)), False),
    "engagement_question": ((str, type(None)), False),
    "window_years": ((int,), False),
    "training_window_years": ((int,), False),
    "survey": ((list,), True),
}
_ITEM_FIELDS = {f.name for f in fields(SurveyItem)}


def _text_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise DefinitionError(f"{where} must be a non-empty list of text values")
    return tuple(value)


def _survey_item(raw: Any, where: str) -> SurveyItem:
    if not isinstance(raw, dict):
        raise DefinitionError(f"{where} must be a mapping with code, title, questions, positive")
    unknown = sorted(set(raw) - _ITEM_FIELDS)
    if unknown:
        raise DefinitionError(f"{where} has unknown field(s): {', '.join(unknown)}")
    for key in ("code", "title"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise DefinitionError(f"{where}.{key} must be text")
    groups = raw.get("groups")
    return SurveyItem(
        code=raw["code"],
        title=raw["title"],
        questions=_text_list(raw.get("questions"), f"{where}.questions"),
        positive=_text_list(raw.get("positive"), f"{where}.positive"),
        groups=None if groups is None else _text_list(groups, f"{where}.groups"),
    )


def _check_fields(raw: dict, where: str) -> None:
    unknown = sorted(set(raw) - set(_STANDARD_FIELDS))
    if unknown:
        raise DefinitionError(f"{where} has unknown field(s): {', '.join(unknown)}")
    for key, (types, required) in _STANDARD_FIELDS.items():
        if key not in raw:
            if required:
                raise DefinitionError(f"{where} needs the field {key!r}")
            continue
        value = raw[key]
        # bool is an int in Python: a year count of ``true`` is a mistake.
        if not isinstance(value, types) or (types == (int,) and isinstance(value, bool)):
            wanted = " or ".join("nothing" if t is type(None) else t.__name__ for t in types)
            raise DefinitionError(f"{where}: {key} must be {wanted}, not {value!r}")


def parse_standard(raw: Any, where: str = "definitions") -> Standard:
    """A :class:`Standard` from a parsed YAML mapping, or :class:`DefinitionError`."""
    if not isinstance(raw, dict):
        raise DefinitionError(f"{where} must be a mapping of fields")
    _check_fields(raw, where)
    if raw.get("case_reason_excluded"):
        try:
            re.compile(raw["case_reason_excluded"])
        except re.error as exc:
            raise DefinitionError(
                f"{where}: case_reason_excluded is not a valid pattern ({exc})"
            ) from None
    survey = tuple(
        _survey_item(item, f"{where}: survey[{i}]") for i, item in enumerate(raw["survey"])
    )
    codes = [item.code for item in survey]
    if len(set(codes)) != len(codes):
        raise DefinitionError(f"{where}: survey item codes repeat")
    values = {k: v for k, v in raw.items() if k != "survey"}
    return Standard(**values, survey=survey)


def load_standards(directory: Path = DEFINITIONS_DIR) -> dict[tuple[str, str], Standard]:
    """Every ``<name>-<version>.yaml`` in ``directory``, checked: (NAME, version) → Standard."""
    out: dict[tuple[str, str], Standard] = {}
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as f:
            std = parse_standard(yaml.safe_load(f), path.name)
        expected = f"{std.name.lower()}-{std.version}.yaml"
        if path.name != expected:
            raise DefinitionError(
                f"{path.name} defines {std.name} {std.version}: name it {expected}"
            )
        out[(std.name.upper(), std.version)] = std
    return out


#: (name, version) → :class:`Standard`, read once from :data:`DEFINITIONS_DIR`.
STANDARDS: dict[tuple[str, str], Standard] = load_standards()


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
