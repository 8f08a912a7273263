"""Published pages that people may ask about: each app registers how to find one of its
public pages from its slug, so the request-a-format form works on every published page
without publishing importing the apps.

    published.register("eds", resolve)   # resolve(slug) -> PublishedPage | None
    published.register_document("eds", build)   # build(slug) -> Document | None

A page whose app registers its ``Document`` can also get an Easy Read version and
translations (``services/easy_read.py``, ``services/report_translations.py``).
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
_DOCUMENTS: dict[str, Callable[[str], object | None]] = {}


def register(kind: str, resolve: Callable[[str], PublishedPage | None]) -> None:
    _RESOLVERS[kind] = resolve


def find(kind: str, slug: str) -> PublishedPage | None:
    resolve = _RESOLVERS.get(kind)
    return resolve(slug) if resolve else None


def register_document(kind: str, build: Callable[[str], object | None]) -> None:
    _DOCUMENTS[kind] = build


def document(kind: str, slug: str):
    """The published page's ``Document`` (None when its app registers none)."""
    build = _DOCUMENTS.get(kind)
    return build(slug) if build else None


def in_scope(page: PublishedPage, scope) -> bool:
    """Whether the signed-in person's current scope holds the page's organisation (or,
    for a system-wide page, is that system)."""
    if scope.is_empty or page.system is None:
        return False
    if page.organisation is None:
        return scope.organisation is None and scope.system.pk == page.system.pk
    return scope.organisations().filter(pk=page.organisation.pk).exists()
