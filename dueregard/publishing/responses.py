"""HTTP responses for documents: a download in any format, named sensibly."""

from django.http import HttpResponse
from django.utils.text import slugify

from .document import Document
from .renderers import render


def download(document: Document, fmt: str, filename_stem: str | None = None) -> HttpResponse:
    rendered = render(document, fmt)
    stem = slugify(filename_stem or document.title)[:80] or "document"
    response = HttpResponse(rendered.content, content_type=rendered.media_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{rendered.extension}"'
    return response
