"""What other apps can attach to an EDS evidence item, and how it is shown.

The EDS knows nothing of the apps that attach things to its evidence (today the evidence
workspace attaches analyses through ``eds.Evidence.analysis``). Such an app registers an
:class:`Attachment` from its ``AppConfig.ready()``; the EDS outcome page includes each
registered ``template`` under every evidence item, and the published report adds each
registered ``report_blocks``. Dependencies point one way: the attaching app imports
``dueregard.eds``, never the reverse (import-linter contract in ``pyproject.toml``;
ADR 0017).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["Attachment", "register", "registered", "report_blocks", "templates"]


@dataclass(frozen=True)
class Attachment:
    """One kind of thing attached to EDS evidence items.

    ``template``: a Jinja template included under each evidence item of the outcome page,
    with the item as ``item`` (it renders nothing when the item has no such attachment).
    ``report_blocks``: given the evidence items of one goal, the publishing blocks to add
    to the published report (only what may be published).
    """

    name: str
    template: str
    report_blocks: Callable[[Iterable], list]


_REGISTRY: dict[str, Attachment] = {}


def register(attachment: Attachment) -> None:
    """Register (or, on a repeated ``ready()``, replace) an attachment kind by name."""
    _REGISTRY[attachment.name] = attachment


def registered() -> tuple[Attachment, ...]:
    return tuple(_REGISTRY.values())


def templates() -> tuple[str, ...]:
    """The templates the outcome page includes under each evidence item."""
    return tuple(a.template for a in _REGISTRY.values())


def report_blocks(items: Iterable) -> list:
    """The published report's blocks for ``items`` from every registered attachment."""
    items = list(items)
    blocks: list = []
    for attachment in _REGISTRY.values():
        blocks += attachment.report_blocks(items)
    return blocks
