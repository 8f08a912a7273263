"""The protected characteristics a programme asks people to share, from the pinned
characteristics framework: every programme (mentoring, change-maker cohorts, workshops,
awards, network days) offers the same top-level groups, in the framework's order."""

from __future__ import annotations

from functools import lru_cache

from ..models import FrameworkVersion
from . import loader


def current() -> FrameworkVersion:
    """The newest characteristics row, loading the shipped files if none is stored."""
    try:
        return loader.current("characteristics")
    except LookupError:
        loader.load_all()
        return loader.current("characteristics")


@lru_cache(maxsize=16)
def _parsed(pk: int, checksum: str):
    return loader.definition(FrameworkVersion.objects.get(pk=pk))


def group_choices(row: FrameworkVersion) -> list[tuple[str, str]]:
    """(code, name) of the top-level groups, in the framework's canonical order."""
    return [(c.code, c.name) for c in _parsed(row.pk, row.checksum).top_level]


def names(row: FrameworkVersion, codes) -> list[str]:
    """Names of ``codes`` in the canonical order (unknown codes are left out)."""
    wanted = set(codes or ())
    return [name for code, name in group_choices(row) if code in wanted]
