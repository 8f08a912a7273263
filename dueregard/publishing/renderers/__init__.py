"""Renderers: each turns a ``Document`` into one format (bytes) with its media type."""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Document
from . import audio, braille, csvjson, docx, html, pdf, text

RENDERERS = {
    "html": (html.render, "text/html; charset=utf-8", "html"),
    "large-print": (html.render_large_print, "text/html; charset=utf-8", "html"),
    "pdf": (pdf.render, "application/pdf", "pdf"),
    "large-print-pdf": (pdf.render_large_print, "application/pdf", "pdf"),
    "docx": (
        docx.render,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "csv": (csvjson.render_csv, "text/csv; charset=utf-8", "csv"),
    "json": (csvjson.render_json, "application/json", "json"),
    "xlsx": (
        csvjson.render_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    "txt": (text.render, "text/plain; charset=utf-8", "txt"),
    # a11y: Braille Ready Format (UEB grade 2, liblouis) and speech (espeak-ng, Ogg/Opus in a ZIP)
    "brf": (braille.render, "application/x-brf", "brf"),
    "audio": (audio.render, "application/zip", "zip"),
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    media_type: str
    extension: str


def render(document: Document, fmt: str) -> Rendered:
    try:
        fn, media_type, extension = RENDERERS[fmt]
    except KeyError as exc:
        raise ValueError(f"Unknown format {fmt!r}; choose from {', '.join(RENDERERS)}.") from exc
    return Rendered(fn(document), media_type, extension)
