"""The translators' workflow: export a language (PO or XLIFF), import their file back with
validation, and record who reviewed what and when.

Import is all or nothing: every problem is listed (which string, what is wrong, how to fix
it) and the catalogue is left as it was. Imported translations are *unreviewed* until a
named reviewer marks them (``review``); a string whose English changes loses its review.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from babel.messages.mofile import write_mo
from translate.convert.po2xliff import po2xliff
from translate.filters import checks
from translate.storage import po as tt_po
from translate.storage import poxliff

from . import catalogues

FORMATS = ("po", "xliff")
# Checks that make an import fail: a lost or changed placeholder breaks the page or hides a
# number; broken HTML breaks the page.
BLOCKING_CHECKS = {
    "printf": "the %(name)s placeholders must be the same as in the English",
    "pythonbraceformat": "the {name} placeholders must be the same as in the English",
    "xmltags": "the HTML tags must be the same as in the English",
}


class ImportRejected(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s); nothing was imported:\n" + "\n".join(problems)
        )


def export(code: str, fmt: str) -> bytes:
    """The language's catalogue for translators, review records left out."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}: choose po or xliff.")
    catalog = catalogues.load(code)
    for message in catalogues.messages(catalog):
        catalogues.clear_review(message)
    out = io.BytesIO()
    from babel.messages.pofile import write_po

    write_po(out, catalog, width=100)
    if fmt == "po":
        return out.getvalue()
    return po2xliff().convertstore(
        tt_po.pofile(out.getvalue()), sourcelanguage="en-GB", targetlanguage=code
    )


def _read(content: bytes, filename: str) -> tt_po.pofile:
    name = filename.lower()
    try:
        if name.endswith((".xlf", ".xliff")):
            return poxliff.PoXliffFile.parsestring(content)
        if name.endswith((".po", ".pot")):
            return tt_po.pofile(content)
    except Exception as exc:  # the toolkit raises several parser errors
        raise ImportRejected([f"{filename}: this file could not be read ({exc})."]) from exc
    raise ImportRejected([f"{filename}: upload a .po or .xlf/.xliff file."])


def _key(unit) -> str | tuple[str, ...]:
    if unit.hasplural():  # msgid and msgid_plural (XLIFF repeats the plural per form)
        return tuple(str(s) for s in unit.source.strings[:2])
    return str(unit.source)


def _targets(unit) -> tuple[str, ...]:
    if unit.hasplural():
        return tuple(str(s) for s in unit.target.strings)
    return (str(unit.target or ""),)


@dataclass
class ImportResult:
    updated: int
    unchanged: int
    untranslated: int


def import_file(code: str, content: bytes, filename: str) -> ImportResult:
    catalog = catalogues.load(code)
    by_key = {
        (m.id if isinstance(m.id, str) else tuple(m.id), m.context): m
        for m in catalogues.messages(catalog)
    }
    checker = checks.StandardChecker(checkerconfig=checks.CheckerConfig(targetlanguage=code))
    problems: list[str] = []
    updates: list[tuple] = []
    untranslated = 0
    for number, unit in enumerate(_read(content, filename).units, start=1):
        if unit.isheader() or not unit.source:
            continue
        key = _key(unit)
        shown = (key[0] if isinstance(key, tuple) else key)[:60]
        message = by_key.get((key, unit.getcontext() or None))
        if message is None:
            problems.append(
                f"String {number} ({shown!r}) is not in the current catalogue: the English "
                "has changed since this file was exported. Export the language again."
            )
            continue
        targets = _targets(unit)
        if not any(t.strip() for t in targets):
            untranslated += 1
            continue
        if isinstance(message.id, tuple | list) and len(targets) != catalog.num_plurals:
            problems.append(
                f"String {number} ({shown!r}) has {len(targets)} plural form(s); "
                f"{code} needs {catalog.num_plurals}. Give every form."
            )
            continue
        sources = catalogues.forms(message.id)
        for i, target in enumerate(targets):
            source = sources[min(i, len(sources) - 1)]
            for check, advice in BLOCKING_CHECKS.items():
                try:
                    getattr(checker, check)(source, target)
                except checks.FilterFailure:
                    problems.append(f"String {number} ({shown!r}): {advice}.")
        updates.append((message, targets))
    if problems:
        raise ImportRejected(problems)
    updated = unchanged = 0
    for message, targets in updates:
        new = targets if isinstance(message.id, tuple | list) else targets[0]
        if catalogues.forms(message.string) == catalogues.forms(new) and not message.fuzzy:
            unchanged += 1
            continue
        message.string = new
        message.flags.discard("fuzzy")
        review = catalogues.review_of(message)
        if review and review.fingerprint != catalogues.fingerprint(message):
            catalogues.clear_review(message)
        updated += 1
    catalogues.save(code, catalog)
    compile_catalogue(code)
    return ImportResult(updated, unchanged, untranslated)


def review(code: str, reviewer: str, on: date, only: set[str] | None = None) -> int:
    """Record that ``reviewer`` checked the language's current translations (or ``only``
    the named English strings). Untranslated and fuzzy strings are never marked."""
    reviewer = " ".join(reviewer.split()).replace(";", ",")
    if not reviewer:
        raise ValueError("Give the reviewer's name.")
    catalog = catalogues.load(code)
    marked = 0
    for message in catalogues.messages(catalog):
        if message.fuzzy or not catalogues.is_translated(message):
            continue
        if only is not None and catalogues.forms(message.id)[0] not in only:
            continue
        catalogues.set_review(message, reviewer, on)
        marked += 1
    catalogues.save(code, catalog)
    return marked


def compile_catalogue(code: str) -> None:
    catalog = catalogues.load(code)
    with catalogues.po_path(code).with_suffix(".mo").open("wb") as fh:
        write_mo(fh, catalog)
