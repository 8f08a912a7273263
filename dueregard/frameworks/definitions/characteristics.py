"""The protected characteristics and additional groups (``characteristics.yaml``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from .reading import (
    _KINDS,
    _Header,
    _header,
    _Map,
    _norm,
    _Unique,
)


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
