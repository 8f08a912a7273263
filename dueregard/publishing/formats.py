"""The formats a published report is offered in, with their names for the download list.

Views list ``available(document)``; the page says honestly which formats and languages
exist (Braille is English only; audio only where espeak-ng has a voice).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .document import Document
from .renderers import audio, braille

LABELS = {
    "pdf": _("PDF (tagged for screen readers)"),
    "large-print": _("Large print (web page, 18 point)"),
    "large-print-pdf": _("Large print PDF (18 point)"),
    "docx": _("Word (DOCX)"),
    "brf": _("Braille (BRF, Unified English Braille grade 2)"),
    "audio": _("Audio (Ogg/Opus, one file per section, in a ZIP)"),
    "csv": _("Spreadsheet (CSV)"),
    "json": _("Data (JSON)"),
    "txt": _("Plain text"),
}
# The formats every published report is offered in, in the order they are listed.
REPORT_FORMATS = ("pdf", "large-print", "large-print-pdf", "docx", "brf", "audio", "csv", "json")


@dataclass(frozen=True)
class Format:
    code: str
    label: str


def offered(document: Document, fmt: str) -> bool:
    if fmt == "brf":
        return document.language.split("-")[0].lower() in braille.LANGUAGES
    if fmt == "audio":
        return audio.voice_for(document.language) is not None
    return fmt in LABELS


def available(document: Document, formats=REPORT_FORMATS) -> list[Format]:
    return [Format(f, str(LABELS[f])) for f in formats if offered(document, f)]
