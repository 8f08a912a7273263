"""Read and validate the framework definition files (pure Python: stdlib and PyYAML only).

Each file in ``data/`` holds one framework at one version:

- ``characteristics.yaml``: the protected characteristics and additional groups, in the
  one canonical order used everywhere;
- ``eds-2011.yaml``, ``eds2.yaml``, ``eds-2022.yaml``: the Equality Delivery System versions;
- ``idmf.yaml``: the Inclusive Decision Making Framework (screening and six steps).

Every file starts with the same header: ``framework`` (its code), ``version``, ``name``,
``source`` and ``published``. Parsing returns frozen dataclasses and rejects a malformed
file with :class:`FrameworkDataError`, whose message starts with the file name and says
where and what is wrong. Unknown keys are errors too, so a misspelt key cannot be ignored
silently.

Each parsed framework carries a ``checksum``: the SHA-256 of the file's content in a
canonical form (the parsed data as JSON with sorted keys). Comments and layout do not
change it; any change of content does. The database loader compares it with the stored
checksum of the same ``(framework, version)`` to tell a changed file from an unchanged one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import numbers
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import yaml

__all__ = [
    "DATA_DIR",
    "EDS_CODES",
    "ANSWER_TYPES",
    "FrameworkDataError",
    "FrameworkInfo",
    "Choice",
    "Characteristic",
    "Characteristics",
    "Grade",
    "GradingFactor",
    "Outcome",
    "Goal",
    "Domain",
    "RatingBand",
    "CoverageWord",
    "CoverageRule",
    "PublicationDeadline",
    "ReportField",
    "ReportTable",
    "ReportTemplate",
    "EdsFramework",
    "IdmfQuestion",
    "IdmfScreening",
    "IdmfStep",
    "PsedAim",
    "HumanRightsArticle",
    "HumanRights",
    "ChecklistItem",
    "IdmfFramework",
    "load_characteristics",
    "load_eds",
    "load_idmf",
    "load_framework",
    "load_file",
    "parse_content",
    "available_frameworks",
    "checksum_of",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

#: The EDS versions shipped with the product, oldest first.
EDS_CODES: tuple[str, ...] = ("eds-2011", "eds2", "eds-2022")

#: Every framework file shipped, in the order a loader should load them.
_SHIPPED: tuple[str, ...] = ("characteristics", *EDS_CODES, "idmf")

#: Answer types of IDMF questions.
ANSWER_TYPES: tuple[str, ...] = ("text", "long_text", "yes_no", "date", "choice")

_YES_NO = ("yes", "no")
_REPORT_FIELD_TYPES = ("text", "long_text", "date", "choice", "computed")
_AGGREGATIONS = ("median",)
_AGGREGATION_LEVELS = ("domain", "outcome")
_RULE_STATUSES = ("confirmed", "provisional")
_KINDS = ("protected", "additional")
_REPEATS = ("characteristics", "psed_aims")
_OPTION_LISTS = ("impact_values", "confidence_levels")

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_GOAL_CODE = re.compile(r"[0-9A-Za-z]+")
_PUBLISHED = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")

PathLike = str | os.PathLike[str]


class FrameworkDataError(ValueError):
    """A framework file is missing, unreadable or malformed.

    ``filename`` is the file's name; ``detail`` the problem without the file name.
    """

    def __init__(self, filename: str, detail: str) -> None:
        self.filename = filename
        self.detail = detail
        super().__init__(f"{filename}: {detail}")


# --------------------------------------------------------------------------------------
# Dataclasses
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrameworkInfo:
    """The header of one framework file, and its checksum."""

    code: str
    kind: str  # "characteristics" | "eds" | "idmf"
    version: int
    name: str
    source: str
    published: str
    checksum: str
    filename: str


@dataclass(frozen=True)
class _Header:
    code: str
    version: int
    name: str
    short_name: str
    source: str
    published: str
    checksum: str
    filename: str

    kind: ClassVar[str] = ""

    @property
    def info(self) -> FrameworkInfo:
        return FrameworkInfo(
            code=self.code,
            kind=self.kind,
            version=self.version,
            name=self.name,
            source=self.source,
            published=self.published,
            checksum=self.checksum,
            filename=self.filename,
        )


@dataclass(frozen=True)
class Choice:
    """One option of a list: a code, a label shown to people, an optional description."""

    code: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Characteristic:
    code: str
    name: str
    kind: str  # "protected" | "additional"
    description: str
    order: int
    parent: str | None = None

    @property
    def is_protected(self) -> bool:
        return self.kind == "protected"


@dataclass(frozen=True)
class Characteristics(_Header):
    """The canonical list; iterating yields every item in the canonical order."""

    items: tuple[Characteristic, ...]

    kind: ClassVar[str] = "characteristics"

    def __iter__(self) -> Iterator[Characteristic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    @property
    def protected(self) -> tuple[Characteristic, ...]:
        return tuple(item for item in self.items if item.kind == "protected")

    @property
    def additional(self) -> tuple[Characteristic, ...]:
        return tuple(item for item in self.items if item.kind == "additional")

    @property
    def top_level(self) -> tuple[Characteristic, ...]:
        return tuple(item for item in self.items if item.parent is None)

    def get(self, code: str) -> Characteristic:
        """The item with this code; ``KeyError`` if there is none."""
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(f"no characteristic or group with code {code!r}")

    def children(self, code: str) -> tuple[Characteristic, ...]:
        return tuple(item for item in self.items if item.parent == code)


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


@dataclass(frozen=True)
class IdmfQuestion:
    code: str
    text: str
    type: str  # one of ANSWER_TYPES
    required: bool
    hint: str = ""
    options: tuple[Choice, ...] = ()  # for "choice", resolved from options_from if given
    options_from: str | None = None  # "impact_values" | "confidence_levels"
    repeat_for: str | None = None  # "characteristics" | "psed_aims"
    triggers_on: tuple[str, ...] = ()  # screening: answers that need a full assessment

    @property
    def answer_codes(self) -> tuple[str, ...]:
        """The valid answers of a yes/no or choice question (empty for free answers)."""
        if self.type == "yes_no":
            return _YES_NO
        return tuple(option.code for option in self.options)


@dataclass(frozen=True)
class IdmfScreening:
    title: str
    purpose: str
    questions: tuple[IdmfQuestion, ...]


@dataclass(frozen=True)
class IdmfStep:
    code: str
    number: int
    title: str
    purpose: str
    questions: tuple[IdmfQuestion, ...]


@dataclass(frozen=True)
class PsedAim:
    code: str
    section: str
    name: str
    description: str


@dataclass(frozen=True)
class HumanRightsArticle:
    code: str
    article: str
    name: str


@dataclass(frozen=True)
class HumanRights:
    prompt: str
    articles: tuple[HumanRightsArticle, ...]


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    text: str


@dataclass(frozen=True)
class IdmfFramework(_Header):
    screening: IdmfScreening
    steps: tuple[IdmfStep, ...]
    impact_values: tuple[Choice, ...]
    confidence_levels: tuple[Choice, ...]
    psed_aims: tuple[PsedAim, ...]
    human_rights: HumanRights
    due_regard_checklist: tuple[ChecklistItem, ...]

    kind: ClassVar[str] = "idmf"

    @property
    def questions(self) -> tuple[IdmfQuestion, ...]:
        """Every question: screening first, then the steps in order."""
        return self.screening.questions + tuple(q for step in self.steps for q in step.questions)

    def step(self, code: str) -> IdmfStep:
        for step in self.steps:
            if step.code == code:
                return step
        raise KeyError(f"idmf has no step {code!r}")

    def question(self, code: str) -> IdmfQuestion:
        for question in self.questions:
            if question.code == code:
                return question
        raise KeyError(f"idmf has no question {code!r}")

    def needs_full_assessment(self, answers: Mapping[str, object]) -> bool:
        """Whether the screening answers make the six-step assessment necessary.

        ``answers`` maps screening question codes to answers (option codes, or True/False
        for yes/no). An unanswered screening question counts as "needed": a proposal
        cannot be screened out without answers. An answer that is not a valid option
        raises ``ValueError``.
        """
        for question in self.screening.questions:
            if not question.triggers_on:
                continue
            answer = answers.get(question.code)
            if answer is None or answer == "":
                return True
            if isinstance(answer, bool):
                answer = "yes" if answer else "no"
            code = _norm(str(answer))
            if code not in question.answer_codes:
                raise ValueError(f"{answer!r} is not an answer to {question.code}")
            if code in question.triggers_on:
                return True
        return False


# --------------------------------------------------------------------------------------
# Public loading functions
# --------------------------------------------------------------------------------------


def load_characteristics(path: PathLike | None = None) -> Characteristics:
    """The protected characteristics and additional groups, in the canonical order."""
    result = load_file(path if path is not None else DATA_DIR / "characteristics.yaml")
    if not isinstance(result, Characteristics):
        raise FrameworkDataError(Path(path or "").name, "not a characteristics file")
    return result


def load_eds(code: str, path: PathLike | None = None) -> EdsFramework:
    """An EDS version by code: "eds-2011", "eds2" or "eds-2022".

    With ``path``, read that file instead of the shipped one; its ``framework`` must
    still be ``code``.
    """
    if path is None:
        if code not in EDS_CODES:
            raise ValueError(f"unknown EDS framework {code!r}; expected one of {EDS_CODES}")
        path = DATA_DIR / f"{code}.yaml"
    filename, data = _read(path)
    return _parse_eds(filename, data, expected_code=code)


def load_idmf(path: PathLike | None = None) -> IdmfFramework:
    """The Inclusive Decision Making Framework: screening and six steps."""
    filename, data = _read(path if path is not None else DATA_DIR / "idmf.yaml")
    return _parse_idmf(filename, data)


def load_framework(code: str) -> Characteristics | EdsFramework | IdmfFramework:
    """Any shipped framework by code ("characteristics", an EDS code, or "idmf")."""
    if code not in _SHIPPED:
        raise ValueError(f"unknown framework {code!r}; expected one of {_SHIPPED}")
    return load_file(DATA_DIR / f"{code}.yaml")


def load_file(path: PathLike) -> Characteristics | EdsFramework | IdmfFramework:
    """Any framework file, parsed according to its ``framework`` header."""
    filename, data = _read(path)
    return parse_content(data, filename=filename)


def parse_content(
    content: Mapping[str, Any], filename: str = "<content>"
) -> Characteristics | EdsFramework | IdmfFramework:
    """Parse and validate content already read (for example a stored JSON copy of a file).

    The result, including its checksum, is the same as loading the file the content came
    from. ``filename`` names the content in error messages.
    """
    if not isinstance(content, Mapping):
        raise FrameworkDataError(filename, f"expected a mapping at the top, got {_kind(content)}")
    data = dict(content)
    code = data.get("framework")
    if code == "characteristics":
        return _parse_characteristics(filename, data)
    if code == "idmf":
        return _parse_idmf(filename, data)
    if isinstance(code, str) and code.startswith("eds"):
        return _parse_eds(filename, data, expected_code=code)
    if code is None:
        raise FrameworkDataError(filename, "missing required key 'framework'")
    raise FrameworkDataError(
        filename,
        f"unknown framework {code!r}: expected 'characteristics', 'idmf' or an EDS code",
    )


def available_frameworks() -> tuple[FrameworkInfo, ...]:
    """Every shipped framework file, parsed and validated, in loading order."""
    return tuple(load_framework(code).info for code in _SHIPPED)


def checksum_of(data: Any) -> str:
    """SHA-256 of parsed file content in canonical form (sorted-key JSON)."""
    canonical = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------
# Reading YAML
# --------------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects a key given twice in one mapping (PyYAML keeps the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=deep)
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key; let the constructor report it
            break
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r}",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read(path: PathLike) -> tuple[str, dict[str, Any]]:
    path = Path(path)
    filename = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkDataError(filename, f"file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FrameworkDataError(filename, f"cannot read the file: {error}") from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        detail = " ".join(str(error).split())
        raise FrameworkDataError(filename, f"invalid YAML: {detail}") from None
    if not isinstance(data, dict):
        raise FrameworkDataError(filename, f"expected a mapping at the top, got {_kind(data)}")
    return filename, data


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, dt.date):  # YAML reads an unquoted 2013-11-01 as a date
        return "a date (write it in quotes)"
    return type(value).__name__


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


_MISSING = object()


class _Map:
    """A mapping from the file, read key by key, with its location for messages."""

    def __init__(self, filename: str, data: Any, where: str) -> None:
        self.filename = filename
        self.where = where
        if not isinstance(data, dict):
            self.fail(f"expected a mapping, got {_kind(data)}")
        self.data: dict[Any, Any] = data
        self.read: list[str] = []

    def fail(self, message: str) -> NoReturn:
        raise FrameworkDataError(
            self.filename, f"{self.where}: {message}" if self.where else message
        )

    def at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _get(self, key: str, required: bool) -> Any:
        self.read.append(key)
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(f"missing required key {key!r}")
            return _MISSING
        return value

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        value = self._get(key, required)
        if value is _MISSING:
            return default
        if not isinstance(value, str):
            self.fail(f"{key!r} must be text, got {_kind(value)}")
        value = value.strip()
        if not value:
            if required:
                self.fail(f"{key!r} must not be empty")
            return default
        return value

    def optional_text(self, key: str) -> str | None:
        value = self.text(key, required=False)
        return value or None

    def slug(self, key: str = "code") -> str:
        value = self.text(key)
        if not _SLUG.fullmatch(value):
            self.fail(
                f"{key} {value!r} is not a valid code (lower-case letters, digits and hyphens)"
            )
        return value

    def integer(self, key: str, required: bool = True, minimum: int | None = None) -> int | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"{key!r} must be a whole number, got {_kind(value)}")
        if minimum is not None and value < minimum:
            self.fail(f"{key!r} must be at least {minimum}, got {value}")
        return value

    def req_int(self, key: str, minimum: int | None = None) -> int:
        value = self.integer(key, required=True, minimum=minimum)
        assert value is not None
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._get(key, required=False)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.fail(f"{key!r} must be true or false, got {_kind(value)}")
        return value

    def entries(
        self, key: str, required: bool = True, non_empty: bool = True
    ) -> list[tuple[str, Any]]:
        value = self._get(key, required)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.fail(f"{key!r} must be a list, got {_kind(value)}")
        if non_empty and not value:
            self.fail(f"{key!r} must not be empty")
        return [(f"{self.at(key)}[{index}]", item) for index, item in enumerate(value)]

    def maps(self, key: str, required: bool = True, non_empty: bool = True) -> list[_Map]:
        return [
            _Map(self.filename, item, where)
            for where, item in self.entries(key, required=required, non_empty=non_empty)
        ]

    def mapping(self, key: str, required: bool = True) -> _Map | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        return _Map(self.filename, value, self.at(key))

    def texts(self, key: str) -> tuple[str, ...]:
        items = []
        for where, item in self.entries(key, required=False, non_empty=False):
            if isinstance(item, bool) or not isinstance(item, str | int) or not str(item).strip():
                raise FrameworkDataError(self.filename, f"{where}: must be text, got {_kind(item)}")
            items.append(str(item).strip())
        return tuple(items)

    def req_flag(self, key: str) -> bool:
        value = self._get(key, required=True)
        if not isinstance(value, bool):
            self.fail(f"{key!r} must be true or false, got {_kind(value)}")
        return value

    def done(self) -> None:
        """Reject any key that was not read: a misspelt key must not pass silently."""
        unknown = [key for key in self.data if key not in self.read]
        if unknown:
            allowed = ", ".join(self.read)
            self.fail(f"unknown key {unknown[0]!r} (allowed here: {allowed})")


class _Unique:
    """Reports the second use of a code (or other value) within one list."""

    def __init__(self, node: _Map, what: str) -> None:
        self.node = node
        self.what = what
        self.seen: dict[Any, str] = {}

    def add(self, value: Any, where: str, shown: Any = None) -> None:
        if value in self.seen:
            shown = value if shown is None else shown
            raise FrameworkDataError(
                self.node.filename,
                f"{where}: duplicate {self.what} {shown!r} (first used at {self.seen[value]})",
            )
        self.seen[value] = where


def _header(node: _Map, expected_code: str | None) -> dict[str, Any]:
    code = node.slug("framework")
    if expected_code is not None and code != expected_code:
        node.fail(f"framework is {code!r} but {expected_code!r} was asked for")
    published = node.text("published")
    if not _PUBLISHED.fullmatch(published):
        node.fail(f"'published' must look like 2013, 2013-11 or 2013-11-01, got {published!r}")
    name = node.text("name")
    return {
        "code": code,
        "version": node.req_int("version", minimum=1),
        "name": name,
        "short_name": node.text("short_name", required=False, default=name),
        "source": node.text("source"),
        "published": published,
        "checksum": checksum_of(node.data),
        "filename": node.filename,
    }


def _choices(node: _Map, key: str, what: str, required: bool = True) -> tuple[Choice, ...]:
    unique = _Unique(node, f"{what} code")
    result = []
    for item in node.maps(key, required=required):
        code = item.slug()
        unique.add(code, item.where)
        result.append(
            Choice(
                code=code,
                label=item.text("label"),
                description=item.text("description", required=False),
            )
        )
        item.done()
    return tuple(result)


# --------------------------------------------------------------------------------------
# Characteristics
# --------------------------------------------------------------------------------------


def _parse_characteristics(filename: str, data: dict[str, Any]) -> Characteristics:
    root = _Map(filename, data, "")
    header = _header(root, "characteristics")
    codes = _Unique(root, "code")
    names = _Unique(root, "name")
    orders = _Unique(root, "order")
    items: list[Characteristic] = []
    by_code: dict[str, Characteristic] = {}
    for node in root.maps("characteristics"):
        code = node.slug()
        codes.add(code, node.where)
        name = node.text("name")
        names.add(_norm(name), node.where, name)
        kind = node.text("kind")
        if kind not in _KINDS:
            node.fail(f"kind {kind!r} must be one of {', '.join(_KINDS)}")
        order = node.req_int("order", minimum=1)
        orders.add(order, node.where)
        if items and order <= items[-1].order:
            node.fail(
                f"order {order} of {code!r} must be greater than {items[-1].order} of "
                f"{items[-1].code!r}: the file is kept in the canonical order"
            )
        if kind == "protected" and items and items[-1].kind != "protected":
            node.fail(f"protected characteristic {code!r} must come before the additional groups")
        parent = node.optional_text("parent")
        if parent is not None:
            if parent not in by_code:
                node.fail(f"parent {parent!r} of {code!r} is not an earlier item of the list")
            if by_code[parent].parent is not None:
                node.fail(f"parent {parent!r} of {code!r} is itself a sub-group")
            if by_code[parent].kind != kind:
                node.fail(f"{code!r} is {kind} but its parent {parent!r} is {by_code[parent].kind}")
        item = Characteristic(
            code=code,
            name=name,
            kind=kind,
            description=node.text("description"),
            order=order,
            parent=parent,
        )
        node.done()
        items.append(item)
        by_code[code] = item
    root.done()
    return Characteristics(**header, items=tuple(items))


# --------------------------------------------------------------------------------------
# EDS
# --------------------------------------------------------------------------------------


def _parse_eds(filename: str, data: dict[str, Any], expected_code: str) -> EdsFramework:
    root = _Map(filename, data, "")
    header = _header(root, expected_code)
    structure = root.text("structure")
    if structure not in ("goal", "domain"):
        root.fail(f"structure {structure!r} must be 'goal' or 'domain'")

    grades = _parse_grades(root)
    by_code = {grade.code: grade for grade in grades}

    factors = []
    factor_codes = _Unique(root, "grading factor code")
    factor_orders = _Unique(root, "grading factor order")
    for node in root.maps("grading_factors", required=False, non_empty=False):
        code = node.slug()
        factor_codes.add(code, node.where)
        order = node.req_int("order", minimum=1)
        factor_orders.add(order, node.where)
        factors.append(GradingFactor(code, node.text("name"), order, node.text("description")))
        node.done()

    words: tuple[CoverageWord, ...] = ()
    rule: CoverageRule | None = None
    coverage = root.mapping("coverage", required=False)
    if coverage is not None:
        words, rule = _parse_coverage(coverage, by_code)

    goals_key = "goals" if structure == "goal" else "domains"
    other_key = "domains" if structure == "goal" else "goals"
    if other_key in data:
        root.fail(
            f"structure is {structure!r}, so outcomes belong under {goals_key!r}, not {other_key!r}"
        )
    goals = _parse_goals(root, goals_key, structure)

    max_total: int | None = None
    bands: tuple[RatingBand, ...] = ()
    rating = root.mapping("rating", required=False)
    if rating is not None:
        n_outcomes = sum(len(goal.outcomes) for goal in goals)
        max_total, bands = _parse_rating(rating, grades, by_code, n_outcomes)

    review = None
    deadline = None
    cycle = root.mapping("cycle", required=False)
    if cycle is not None:
        review = cycle.optional_text("review")
        node = cycle.mapping("publication_deadline", required=False)
        if node is not None:
            month = node.req_int("month", minimum=1)
            day = node.req_int("day", minimum=1)
            try:
                dt.date(2001, month, day)  # a common year: 29 February is not a deadline
            except ValueError:
                node.fail(f"month {month} and day {day} are not a date in every year")
            node.done()
            deadline = PublicationDeadline(month, day)
        cycle.done()

    template = None
    node = root.mapping("report_template", required=False)
    if node is not None:
        template = _parse_report_template(node, {goal.code for goal in goals})

    root.done()
    return EdsFramework(
        **header,
        structure=structure,
        grades=grades,
        grading_factors=tuple(sorted(factors, key=lambda f: f.order)),
        goals=goals,
        coverage_words=words,
        coverage_rule=rule,
        rating_bands=bands,
        max_total=max_total,
        review=review,
        publication_deadline=deadline,
        report_template=template,
    )


def _parse_grades(root: _Map) -> tuple[Grade, ...]:
    codes = _Unique(root, "grade code")
    labels = _Unique(root, "grade label")
    orders: dict[int, str] = {}
    scores: dict[int, str] = {}
    grades = []
    for node in root.maps("grades"):
        code = node.slug()
        codes.add(code, node.where)
        name = node.text("name")
        order = node.req_int("order", minimum=1)
        if order in orders:
            node.fail(f"grade order {order} is used by both {orders[order]!r} and {code!r}")
        orders[order] = code
        score = node.integer("score", required=False, minimum=0)
        if score is not None:
            if score in scores:
                node.fail(f"grade score {score} is used by both {scores[score]!r} and {code!r}")
            scores[score] = code
        aliases = node.texts("aliases")
        for label in dict.fromkeys(_norm(label) for label in (code, name, *aliases)):
            labels.add(label, node.where)
        grades.append(
            Grade(
                code=code,
                name=name,
                order=order,
                score=score,
                colour=node.optional_text("colour"),
                definition=node.text("definition", required=False),
                aliases=aliases,
            )
        )
        node.done()
    if scores and len(scores) != len(grades):
        unscored = [grade.code for grade in grades if grade.score is None]
        root.fail(f"grades: either every grade has a score or none has; {unscored[0]!r} has none")
    ordered = tuple(sorted(grades, key=lambda grade: grade.order))
    if scores:
        by_score = tuple(sorted(grades, key=lambda grade: grade.score or 0))
        if by_score != ordered:
            root.fail("grades: scores must rise with order")
    return ordered


def _parse_coverage(
    node: _Map, grades: dict[str, Grade]
) -> tuple[tuple[CoverageWord, ...], CoverageRule | None]:
    words = tuple(
        CoverageWord(choice.code, choice.label, choice.description)
        for choice in _choices(node, "words", "coverage word")
    )
    word_codes = [word.code for word in words]
    rule = None
    rule_node = node.mapping("rule", required=False)
    if rule_node is not None:
        status = rule_node.text("status")
        if status not in _RULE_STATUSES:
            rule_node.fail(f"status {status!r} must be one of {', '.join(_RULE_STATUSES)}")
        mapping_node = rule_node.mapping("map")
        assert mapping_node is not None
        mapping = []
        for word, grade_code in mapping_node.data.items():
            if word not in word_codes:
                mapping_node.fail(f"coverage rule names unknown coverage word {word!r}")
            if grade_code not in grades:
                mapping_node.fail(f"coverage rule maps {word!r} to unknown grade {grade_code!r}")
            mapping.append((word, grade_code))
        mapped = {word for word, _ in mapping}
        for word in word_codes:
            if word not in mapped:
                mapping_node.fail(f"coverage word {word!r} has no grade in the rule")
        no_evidence = rule_node.text("no_evidence")
        if no_evidence not in grades:
            rule_node.fail(f"no_evidence names unknown grade {no_evidence!r}")
        rule_node.done()
        rule = CoverageRule(status, tuple(mapping), no_evidence)
    node.done()
    return words, rule


def _parse_goals(root: _Map, key: str, structure: str) -> tuple[Goal, ...]:
    goal_codes = _Unique(root, f"{structure} code")
    outcome_codes = _Unique(root, "outcome code")
    goals = []
    position = 0
    for goal_order, node in enumerate(root.maps(key), start=1):
        code = node.text("code")
        if not _GOAL_CODE.fullmatch(code):
            node.fail(f"{structure} code {code!r} must be letters and digits only")
        goal_codes.add(code, node.where)
        name = node.text("name")
        outcomes = []
        pattern = re.compile(re.escape(code) + r"\.?[0-9A-Za-z]+")
        for item in node.maps("outcomes"):
            outcome_code = item.text("code")
            outcome_codes.add(outcome_code.casefold(), item.where, outcome_code)
            if not pattern.fullmatch(outcome_code):
                item.fail(
                    f"outcome code {outcome_code!r} does not belong to {structure} {code!r} "
                    f"(expected {code}.1, {code}A...)"
                )
            position += 1
            outcomes.append(
                Outcome(
                    code=outcome_code,
                    statement=item.text("statement"),
                    goal_code=code,
                    order=position,
                    title=item.text("title", required=False),
                )
            )
            item.done()
        rated_by = node.texts("rated_by")
        may_also_involve = node.texts("may_also_involve")
        per_service = node.flag("per_service")
        min_services = node.integer("min_services", required=False, minimum=1)
        aggregation = node.optional_text("aggregation")
        level = node.optional_text("aggregation_level")
        if per_service:
            if min_services is None:
                node.fail("missing required key 'min_services' (per_service is true)")
            if aggregation is None:
                node.fail("missing required key 'aggregation' (per_service is true)")
            if aggregation not in _AGGREGATIONS:
                node.fail(f"aggregation {aggregation!r} must be one of {', '.join(_AGGREGATIONS)}")
            level = level or "domain"
            if level not in _AGGREGATION_LEVELS:
                node.fail(
                    f"aggregation_level {level!r} must be one of {', '.join(_AGGREGATION_LEVELS)}"
                )
        else:
            for extra, value in (
                ("min_services", min_services),
                ("aggregation", aggregation),
                ("aggregation_level", level),
            ):
                if value is not None:
                    node.fail(f"{extra!r} is given but per_service is not true")
        node.done()
        goals.append(
            Goal(
                code=code,
                name=name,
                kind=structure,
                order=goal_order,
                outcomes=tuple(outcomes),
                rated_by=rated_by,
                may_also_involve=may_also_involve,
                per_service=per_service,
                min_services=min_services,
                aggregation=aggregation,
                aggregation_level=level,
            )
        )
    return tuple(goals)


def _parse_rating(
    node: _Map, grades: tuple[Grade, ...], by_code: dict[str, Grade], n_outcomes: int
) -> tuple[int, tuple[RatingBand, ...]]:
    if any(grade.score is None for grade in grades):
        node.fail("rating bands need scored grades: give every grade a 'score'")
    max_total = node.req_int("max_total", minimum=0)
    top = max(grade.score or 0 for grade in grades)
    if max_total != n_outcomes * top:
        node.fail(
            f"max_total {max_total} does not match {n_outcomes} outcomes x top score {top} "
            f"= {n_outcomes * top}"
        )
    bands: list[RatingBand] = []
    for item in node.maps("bands"):
        grade_code = item.text("grade")
        if grade_code not in by_code:
            item.fail(f"rating band names unknown grade {grade_code!r}")
        low = item.req_int("min", minimum=0)
        high = item.req_int("max", minimum=0)
        item.done()
        if low > high:
            item.fail(f"band {grade_code!r}: min {low} is greater than max {high}")
        if high > max_total:
            item.fail(f"band {grade_code!r}: max {high} is above max_total {max_total}")
        grade = by_code[grade_code]
        if not bands:
            if low != 0:
                item.fail(f"rating bands must start at 0; the first band starts at {low}")
        else:
            previous = bands[-1]
            if low <= previous.max_total:
                item.fail(
                    f"rating bands overlap: {grade_code!r} starts at {low} but "
                    f"{previous.grade.code!r} ends at {previous.max_total}"
                )
            if low > previous.max_total + 1:
                item.fail(
                    f"rating bands leave a gap: no band covers {previous.max_total + 1}..{low - 1}"
                )
            if grade.order <= previous.grade.order:
                item.fail(
                    f"band {grade_code!r} must name a higher grade than the band before "
                    f"({previous.grade.code!r})"
                )
        bands.append(RatingBand(grade=grade, min_total=low, max_total=high))
    if bands[-1].max_total != max_total:
        node.fail(
            f"rating bands leave a gap: the last band ends at {bands[-1].max_total}, "
            f"not at max_total {max_total}"
        )
    node.done()
    return max_total, tuple(bands)


def _parse_report_template(node: _Map, goal_codes: set[str]) -> ReportTemplate:
    field_codes = _Unique(node, "report field code")
    fields = []
    for item in node.maps("fields"):
        code = item.slug()
        field_codes.add(code, item.where)
        kind = item.text("type")
        if kind not in _REPORT_FIELD_TYPES:
            item.fail(f"type {kind!r} must be one of {', '.join(_REPORT_FIELD_TYPES)}")
        options = _choices(item, "options", "option", required=kind == "choice")
        if options and kind != "choice":
            item.fail(f"options are only for choice fields, not {kind!r}")
        domains = item.texts("domains")
        for domain in domains:
            if domain not in goal_codes:
                item.fail(f"domains names unknown domain {domain!r}")
        fields.append(
            ReportField(
                code=code,
                label=item.text("label"),
                type=kind,
                options=options,
                per_domain=item.flag("per_domain"),
                domains=domains,
            )
        )
        item.done()
    table_codes = _Unique(node, "report table code")
    tables = []
    for item in node.maps("tables", required=False, non_empty=False):
        code = item.slug()
        table_codes.add(code, item.where)
        tables.append(
            ReportTable(
                code=code,
                label=item.text("label"),
                columns=_choices(item, "columns", "column"),
                per_domain=item.flag("per_domain"),
            )
        )
        item.done()
    node.done()
    return ReportTemplate(fields=tuple(fields), tables=tuple(tables))


# --------------------------------------------------------------------------------------
# IDMF
# --------------------------------------------------------------------------------------


def _parse_idmf(filename: str, data: dict[str, Any]) -> IdmfFramework:
    root = _Map(filename, data, "")
    header = _header(root, "idmf")
    lists = {
        "impact_values": _choices(root, "impact_values", "impact value"),
        "confidence_levels": _choices(root, "confidence_levels", "confidence level"),
    }

    aims = []
    aim_codes = _Unique(root, "PSED aim code")
    for node in root.maps("psed_aims"):
        code = node.slug()
        aim_codes.add(code, node.where)
        aims.append(
            PsedAim(code, node.text("section"), node.text("name"), node.text("description"))
        )
        node.done()

    rights_node = root.mapping("human_rights")
    assert rights_node is not None
    articles = []
    article_codes = _Unique(rights_node, "article code")
    for node in rights_node.maps("articles", required=False, non_empty=False):
        code = node.slug()
        article_codes.add(code, node.where)
        articles.append(HumanRightsArticle(code, node.text("article"), node.text("name")))
        node.done()
    rights = HumanRights(prompt=rights_node.text("prompt"), articles=tuple(articles))
    rights_node.done()

    checklist = []
    checklist_codes = _Unique(root, "checklist code")
    for node in root.maps("due_regard_checklist"):
        code = node.slug()
        checklist_codes.add(code, node.where)
        checklist.append(ChecklistItem(code, node.text("text")))
        node.done()

    question_codes = _Unique(root, "question code")
    screening_node = root.mapping("screening")
    assert screening_node is not None
    screening = IdmfScreening(
        title=screening_node.text("title"),
        purpose=screening_node.text("purpose"),
        questions=_parse_questions(screening_node, question_codes, lists, screening=True),
    )
    screening_node.done()

    steps = []
    step_codes = _Unique(root, "step code")
    for index, node in enumerate(root.maps("steps"), start=1):
        code = node.slug()
        step_codes.add(code, node.where)
        number = node.req_int("number", minimum=1)
        if number != index:
            node.fail(f"step {code!r} is number {number} but is step {index} in the file")
        steps.append(
            IdmfStep(
                code=code,
                number=number,
                title=node.text("title"),
                purpose=node.text("purpose"),
                questions=_parse_questions(node, question_codes, lists, screening=False),
            )
        )
        node.done()

    root.done()
    return IdmfFramework(
        **header,
        screening=screening,
        steps=tuple(steps),
        impact_values=lists["impact_values"],
        confidence_levels=lists["confidence_levels"],
        psed_aims=tuple(aims),
        human_rights=rights,
        due_regard_checklist=tuple(checklist),
    )


def _parse_questions(
    parent: _Map,
    codes: _Unique,
    lists: dict[str, tuple[Choice, ...]],
    screening: bool,
) -> tuple[IdmfQuestion, ...]:
    questions = []
    for node in parent.maps("questions"):
        code = node.slug()
        codes.add(code, node.where)
        kind = node.text("type")
        if kind not in ANSWER_TYPES:
            node.fail(f"question {code!r}: type {kind!r} must be one of {', '.join(ANSWER_TYPES)}")
        required = node.req_flag("required")
        options_from = node.optional_text("options_from")
        options = _choices(node, "options", "option", required=False)
        if kind == "choice":
            if options and options_from:
                node.fail(f"question {code!r}: give 'options' or 'options_from', not both")
            if options_from is not None:
                if options_from not in _OPTION_LISTS:
                    node.fail(
                        f"question {code!r}: options_from {options_from!r} must be one of "
                        f"{', '.join(_OPTION_LISTS)}"
                    )
                options = lists[options_from]
            if not options:
                node.fail(f"question {code!r}: a choice question needs 'options' or 'options_from'")
        elif options or options_from:
            node.fail(f"question {code!r}: options are only for choice questions, not {kind!r}")
        repeat_for = node.optional_text("repeat_for")
        if repeat_for is not None:
            if screening:
                node.fail(f"question {code!r}: screening questions are answered once")
            if repeat_for not in _REPEATS:
                node.fail(
                    f"question {code!r}: repeat_for {repeat_for!r} must be one of "
                    f"{', '.join(_REPEATS)}"
                )
        triggers_on = node.texts("triggers_on")
        if triggers_on:
            if not screening:
                node.fail(f"question {code!r}: triggers_on is only for screening questions")
            valid = _YES_NO if kind == "yes_no" else tuple(option.code for option in options)
            if not valid:
                node.fail(f"question {code!r}: triggers_on needs a yes_no or choice question")
            for answer in triggers_on:
                if answer not in valid:
                    node.fail(
                        f"question {code!r}: triggers_on names {answer!r}, which is not an "
                        f"answer ({', '.join(valid)})"
                    )
        questions.append(
            IdmfQuestion(
                code=code,
                text=node.text("text"),
                type=kind,
                required=required,
                hint=node.text("hint", required=False),
                options=options,
                options_from=options_from,
                repeat_for=repeat_for,
                triggers_on=triggers_on,
            )
        )
        node.done()
    return tuple(questions)
