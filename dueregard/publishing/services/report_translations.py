"""Translating a published page: export its text for a translator (PO or XLIFF), import
the translated file with the same checks as the interface catalogues (placeholders, HTML,
numbers), have a named person review it, then publish it beside the English page with the
language's own ``lang`` and direction.

A translation is offered to the public only while it is reviewed, published and still
covers every string of the page as it is now: a changed report withdraws it until the new
strings are translated and reviewed (``missing``).
"""

from __future__ import annotations

import dataclasses
import io

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from translate.convert.po2xliff import po2xliff
from translate.filters import checks
from translate.storage import po as tt_po
from translate.storage import poxliff

from dueregard.core.services import audit

from ..document import BulletList, Document, Heading, Paragraph, SummaryList, Table
from ..models import ReportTranslation
from ..published import PublishedPage

FORMATS = ("po", "xliff")
BLOCKING_CHECKS = {
    "printf": gettext_lazy("the %(name)s placeholders must be the same as in the English"),
    "pythonbraceformat": gettext_lazy("the {name} placeholders must be the same as in the English"),
    "xmltags": gettext_lazy("the HTML tags must be the same as in the English"),
    "numbers": gettext_lazy("the numbers must be as in the English (figures may not change)"),
}


def languages() -> list[tuple[str, str]]:
    """Every language of the interface except English."""
    return [(code, str(name)) for code, name in settings.LANGUAGES if not code.startswith("en")]


def source_strings(document: Document) -> list[str]:
    return list(dict.fromkeys(document.text_lines()))


def export(document: Document, language: str, fmt: str, existing: dict | None = None) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}: choose po or xliff.")
    catalog = Catalog(locale=language.replace("-", "_"), project=document.title, fuzzy=False)
    for text in source_strings(document):
        catalog.add(text, (existing or {}).get(text, ""))
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False)
    if fmt == "po":
        return out.getvalue()
    return po2xliff().convertstore(
        tt_po.pofile(out.getvalue()), sourcelanguage="en-GB", targetlanguage=language
    )


def _units(content: bytes, filename: str):
    name = (filename or "").lower()
    try:
        if name.endswith((".xlf", ".xliff")):
            return poxliff.PoXliffFile.parsestring(content).units
        if name.endswith((".po", ".pot")):
            return tt_po.pofile(content).units
    except Exception as exc:  # the toolkit raises several parser errors
        raise ValidationError(
            _("%(file)s could not be read (%(error)s)") % {"file": filename, "error": exc}
        ) from exc
    raise ValidationError(_("Upload a .po or .xlf/.xliff file"))


def _check(language: str, content: bytes, filename: str, wanted: list[str]) -> dict[str, str]:
    checker = checks.StandardChecker(checkerconfig=checks.CheckerConfig(targetlanguage=language))
    found: dict[str, str] = {}
    problems: list[str] = []
    for unit in _units(content, filename):
        if unit.isheader() or not unit.source:
            continue
        source, target = str(unit.source), str(unit.target or "").strip()
        shown = source[:60]
        if source not in wanted:
            problems.append(
                _("%(s)r is not in the page now: the English has changed; export it again")
                % {"s": shown}
            )
            continue
        if not target:
            continue
        for check, advice in BLOCKING_CHECKS.items():
            try:
                getattr(checker, check)(source, target)
            except checks.FilterFailure:
                problems.append(f"{shown!r}: {advice}")
        found[source] = target
    untranslated = [s for s in wanted if s not in found]
    if untranslated:
        problems.append(
            _("%(count)s string(s) have no translation, for example %(s)r")
            % {"count": len(untranslated), "s": untranslated[0][:60]}
        )
    if problems:
        raise ValidationError(problems)
    return found


@transaction.atomic
def import_file(actor, page: PublishedPage, kind: str, slug: str, document: Document,
                language: str, content: bytes, filename: str) -> ReportTranslation:  # fmt: skip
    if language not in dict(languages()):
        raise ValidationError(_("Choose a language from the list"))
    strings = _check(language, content, filename, source_strings(document))
    translation, created = ReportTranslation.objects.get_or_create(
        kind=kind,
        slug=slug,
        language=language,
        defaults={
            "system": page.system,
            "organisation": page.organisation,
            "imported_at": timezone.now(),
        },
    )
    changed = sorted(s for s in strings if translation.strings.get(s) != strings[s])
    translation.strings = strings
    translation.imported_at = timezone.now()
    translation.imported_by = actor
    translation.reviewed_at = translation.reviewed_by = translation.published_at = None
    translation.save()
    audit.record(
        "publishing.translation_imported",
        actor=actor,
        obj=translation,
        after={"language": language, "strings": len(strings), "changed": len(changed)},
    )
    return translation


def missing(translation: ReportTranslation, document: Document) -> list[str]:
    """The page's strings (as it is now) that this translation does not cover."""
    return [s for s in source_strings(document) if s not in translation.strings]


@transaction.atomic
def review(actor, translation: ReportTranslation, document: Document) -> ReportTranslation:
    if missing(translation, document):
        raise ValidationError(
            _("The page has changed since this translation was imported: import it again first")
        )
    translation.reviewed_at = timezone.now()
    translation.reviewed_by = actor
    translation.save(update_fields=["reviewed_at", "reviewed_by"])
    audit.record("publishing.translation_reviewed", actor=actor, obj=translation)
    return translation


@transaction.atomic
def set_published(actor, translation: ReportTranslation, document: Document, publish: bool):
    if publish and (translation.reviewed_at is None or missing(translation, document)):
        raise ValidationError(_("Only a reviewed translation of the current page can be published"))
    translation.published_at = timezone.now() if publish else None
    translation.save(update_fields=["published_at"])
    audit.record(
        "publishing.translation_published" if publish else "publishing.translation_withdrawn",
        actor=actor,
        obj=translation,
    )
    return translation


def offered(kind: str, slug: str, document: Document | None) -> list[ReportTranslation]:
    """The translations the public may read now."""
    if document is None:
        return []
    rows = ReportTranslation.objects.filter(
        kind=kind, slug=slug, reviewed_at__isnull=False, published_at__isnull=False
    )
    return [t for t in rows if not missing(t, document)]


def translated(document: Document, translation: ReportTranslation) -> Document:
    """The same Document with every string replaced by its translation."""
    t = translation.strings

    def tr(text: str) -> str:
        return t.get(text, text) if text else text

    blocks = []
    for b in document.blocks:
        if isinstance(b, Heading | Paragraph):
            blocks.append(dataclasses.replace(b, text=tr(b.text)))
        elif isinstance(b, BulletList):
            blocks.append(dataclasses.replace(b, items=tuple(tr(i) for i in b.items)))
        elif isinstance(b, SummaryList):
            blocks.append(dataclasses.replace(b, rows=tuple((tr(k), tr(v)) for k, v in b.rows)))
        elif isinstance(b, Table):
            blocks.append(
                dataclasses.replace(
                    b,
                    caption=tr(b.caption),
                    columns=tuple(tr(c) for c in b.columns),
                    rows=tuple(tuple(tr(c) for c in row) for row in b.rows),
                )
            )
    return dataclasses.replace(
        document,
        title=tr(document.title),
        subtitle=tr(document.subtitle),
        blocks=tuple(blocks),
        language=translation.language,
    )
