"""HTTP responses for documents: a download in any format, named sensibly."""

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from .document import Document
from .formats import offered
from .renderers import render


def download(document: Document, fmt: str, filename_stem: str | None = None) -> HttpResponse:
    if not offered(document, fmt):  # e.g. audio in a language espeak-ng has no voice for
        raise Http404("This format is not available for this document.")
    rendered = render(document, fmt)
    stem = slugify(filename_stem or document.title)[:80] or "document"
    response = HttpResponse(rendered.content, content_type=rendered.media_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{rendered.extension}"'
    return response
