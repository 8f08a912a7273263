"""Reading framework files: the strict YAML loader, the checked mapping reader that names
where a problem is, the shared header and the error every parser raises."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

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
