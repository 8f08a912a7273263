"""Downloads of an analysis: one ``Document`` (the readings and tables as viewed), in CSV,
JSON or XLSX. The download is rendered first and audited only once it exists, so the
audit trail never records an export that did not happen."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from dueregard.publishing.document import Document
from dueregard.publishing.renderers import render

from . import access

FORMATS = ("csv", "json", "xlsx")


@dataclass(frozen=True)
class Download:
    content: bytes
    media_type: str
    filename: str


def export(analysis, doc: Document, actor, *, fmt: str, controlled: bool, request=None) -> Download:
    """Render the download (``presenters.document``), then audit it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    stem = slugify(analysis.title)[:80] or "analysis"
    rendered = render(doc, fmt)
    download = Download(rendered.content, rendered.media_type, f"{stem}.{rendered.extension}")
    access.exported(analysis, actor, fmt=fmt, controlled=controlled, request=request)
    return download
