"""Published pages that people may ask about: each app registers how to find one of its
public pages from its slug, so the request-a-format form works on every published page
without publishing importing the apps.

    published.register("eds", resolve)   # resolve(slug) -> PublishedPage | None
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedPage:
    title: str
    system: object  # core.models.System
    organisation: object | None  # core.models.Organisation; None for a system-wide page
    url: str


_RESOLVERS: dict[str, Callable[[str], PublishedPage | None]] = {}


def register(kind: str, resolve: Callable[[str], PublishedPage | None]) -> None:
    _RESOLVERS[kind] = resolve


def find(kind: str, slug: str) -> PublishedPage | None:
    resolve = _RESOLVERS.get(kind)
    return resolve(slug) if resolve else None
