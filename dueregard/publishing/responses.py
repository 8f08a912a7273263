"""HTTP responses for documents: a download in any format, named sensibly."""

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from .document import Document
from .formats import offered
from .renderers import Rendered, render

# Formats slow enough to keep once made (speech for a whole report takes seconds of CPU).
# The key is a hash of the document itself, so a changed report is made afresh.
CACHED_FORMATS = {"audio", "pdf", "large-print-pdf"}


def _render_cached(document: Document, fmt: str) -> Rendered:
    import hashlib
    import json

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from .renderers import RENDERERS

    if fmt not in CACHED_FORMATS:
        return render(document, fmt)
    key = hashlib.sha256(json.dumps(document.as_dict(), sort_keys=True).encode()).hexdigest()
    _fn, media_type, extension = RENDERERS[fmt]
    path = f"publishing-cache/{key}-{fmt}.{extension}"
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as fh:
            return Rendered(fh.read(), media_type, extension)
    rendered = render(document, fmt)
    default_storage.save(path, ContentFile(rendered.content))
    return rendered


def download(document: Document, fmt: str, filename_stem: str | None = None) -> HttpResponse:
    if not offered(document, fmt):  # e.g. audio in a language espeak-ng has no voice for
        raise Http404("This format is not available for this document.")
    rendered = _render_cached(document, fmt)
    stem = slugify(filename_stem or document.title)[:80] or "document"
    response = HttpResponse(rendered.content, content_type=rendered.media_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{rendered.extension}"'
    return response
