"""Per-language status read from the committed PO catalogues (``dueregard/locale/``).

A review is recorded in the catalogue itself, as a translator comment on each message::

    # reviewed: Jane Smith; 2026-12-06; 3f2a9c1e0b7d

The last field is a fingerprint of the source and the translation at the time of review,
so a string whose English or translation changed since is flagged, not trusted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation import to_locale

import dueregard

LOCALE_DIR = Path(dueregard.__file__).parent / "locale"
TEMPLATE = LOCALE_DIR / "django.pot"
SOURCE_LANGUAGE = "en-gb"
REVIEW_PREFIX = "reviewed: "


def po_path(code: str) -> Path:
    return LOCALE_DIR / to_locale(code) / "LC_MESSAGES" / "django.po"


def load(code: str) -> Catalog:
    with po_path(code).open("rb") as fh:
        return read_po(fh, locale=to_locale(code))


def save(code: str, catalog: Catalog) -> None:
    with po_path(code).open("wb") as fh:
        write_po(fh, catalog, width=100)


def load_template() -> Catalog:
    with TEMPLATE.open("rb") as fh:
        return read_po(fh)


def forms(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list | tuple) else (value or "",)


def fingerprint(message: Message) -> str:
    text = "\x00".join(forms(message.id) + ("\x01",) + forms(message.string))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def is_translated(message: Message) -> bool:
    return all(s.strip() for s in forms(message.string))


@dataclass(frozen=True)
class Review:
    reviewer: str
    on: date
    fingerprint: str


def review_of(message: Message) -> Review | None:
    for comment in message.user_comments:
        if comment.startswith(REVIEW_PREFIX):
            try:
                who, when, mark = (p.strip() for p in comment[len(REVIEW_PREFIX) :].split(";"))
                return Review(who, date.fromisoformat(when), mark)
            except ValueError:
                return None
    return None


def set_review(message: Message, reviewer: str, on: date) -> None:
    clear_review(message)
    message.user_comments.append(
        f"{REVIEW_PREFIX}{reviewer}; {on.isoformat()}; {fingerprint(message)}"
    )


def clear_review(message: Message) -> None:
    message.user_comments = [c for c in message.user_comments if not c.startswith(REVIEW_PREFIX)]


def messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


@dataclass
class LanguageStatus:
    code: str
    name: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    reviewed: int = 0
    changed_since_review: list[str] = field(default_factory=list)
    reviewers: list[tuple[str, date]] = field(default_factory=list)
    missing_catalogue: bool = False

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.translated == self.total and self.fuzzy == 0

    @property
    def offered(self) -> bool:
        """Selectable and used to label pages: complete and every string reviewed as it is."""
        return self.complete and self.reviewed == self.total

    @property
    def state(self) -> str:
        if self.offered:
            return "reviewed"
        if self.complete:
            return "complete, not reviewed"
        return "in progress"


def status(code: str) -> LanguageStatus:
    name = str(dict(settings.LANGUAGES).get(code, code))
    if not po_path(code).exists():
        return LanguageStatus(code, name, missing_catalogue=True)
    result = LanguageStatus(code, name)
    seen: dict[str, date] = {}
    for message in messages(load(code)):
        result.total += 1
        if message.fuzzy:
            result.fuzzy += 1
            continue
        if not is_translated(message):
            continue
        result.translated += 1
        review = review_of(message)
        if review is None:
            continue
        if review.fingerprint == fingerprint(message):
            result.reviewed += 1
            seen[review.reviewer] = max(review.on, seen.get(review.reviewer, review.on))
        else:
            result.changed_since_review.append(forms(message.id)[0])
    result.reviewers = sorted(seen.items(), key=lambda kv: kv[1], reverse=True)
    return result


def all_statuses() -> list[LanguageStatus]:
    return [status(code) for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


@cache
def offered_languages() -> frozenset[str]:
    """The source language plus every language whose catalogue is complete and reviewed.
    Read once per process: catalogues change only with a release."""
    return frozenset([SOURCE_LANGUAGE] + [s.code for s in all_statuses() if s.offered])
