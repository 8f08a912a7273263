"""Published files built once and served from storage with caching headers.

A published report's downloads (PDF, DOCX and the other formats) do not change until it
is published again, so each is rendered once per publication — when it is published (a
background task, :func:`prepare`) or, failing that, at its first request — stored under
``published/<kind>/<slug>/<version>/`` and then served from storage. ``version`` names
the publication (e.g. its ``published_at``): publishing again gives a new version, so a
stale file is never served. Responses carry ``Cache-Control: public`` with an ``ETag``
and ``Last-Modified``, and a matching ``If-None-Match`` gets ``304 Not Modified``.

An app wires a public download in with :func:`serve` and asks for the files to be made
at publication with :func:`prepare_on_commit`, naming a builder by dotted path
(``builder(slug) -> (version, Document) | None``) so the worker can rebuild the document.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django_tasks import task

from .document import Document
from .formats import offered
from .renderers import RENDERERS, render

__all__ = ["CACHE_SECONDS", "prepare", "prepare_on_commit", "serve", "stored_path"]

logger = logging.getLogger(__name__)

#: How long browsers and proxies may keep a published file without asking again.
CACHE_SECONDS = 3600


def _safe(part: object) -> str:
    text = slugify(str(part)) or hashlib.sha256(str(part).encode()).hexdigest()[:16]
    return text[:80]


def stored_path(kind: str, slug: object, version: object, fmt: str) -> str:
    """Where the ``fmt`` file of this publication is kept in the default storage. The name
    carries the format, not only the extension: the PDF and the large print PDF are two
    files (named by extension alone, the large print link served the 11 point PDF)."""
    _fn, _media_type, extension = RENDERERS[fmt]
    return f"published/{_safe(kind)}/{_safe(slug)}/{_safe(version)}/{_safe(fmt)}.{extension}"


def _store(path: str, content: bytes) -> None:
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(content))


def _etag(path: str) -> str:
    return '"' + hashlib.sha256(path.encode()).hexdigest()[:32] + '"'


def serve(
    request: HttpRequest,
    *,
    kind: str,
    slug: object,
    version: object,
    fmt: str,
    filename_stem: str,
    build: Callable[[], Document],
) -> HttpResponse:
    """The stored ``fmt`` file of this publication, rendering and storing it first if it
    is not there yet (``build`` is called only then)."""
    if fmt not in RENDERERS:
        raise Http404("Unknown format.")
    _fn, media_type, extension = RENDERERS[fmt]
    path = stored_path(kind, slug, version, fmt)
    etag = _etag(path)
    if etag in {t.strip() for t in request.headers.get("If-None-Match", "").split(",")}:
        response: HttpResponse = HttpResponseNotModified()
    else:
        if default_storage.exists(path):
            with default_storage.open(path, "rb") as fh:
                content = fh.read()
        else:
            document = build()
            if not offered(document, fmt):
                raise Http404("This format is not available for this document.")
            content = render(document, fmt).content
            _store(path, content)
        response = HttpResponse(content, content_type=media_type)
        stem = slugify(filename_stem)[:80] or "document"
        response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    # storage without modification times, or a file not stored: no Last-Modified
    with contextlib.suppress(NotImplementedError, OSError):
        response["Last-Modified"] = http_date(default_storage.get_modified_time(path).timestamp())
    return response


@task()
def prepare(kind: str, builder: str, slug: str, formats: list[str]) -> str:
    """Render and store every offered format of a publication (run after publishing)."""
    found = import_string(builder)(slug)
    if found is None:
        return "not published"
    version, document = found
    made = []
    for fmt in formats:
        if fmt in RENDERERS and offered(document, fmt):
            _store(stored_path(kind, slug, version, fmt), render(document, fmt).content)
            made.append(fmt)
    return ", ".join(made)


def prepare_on_commit(kind: str, builder: str, slug: object, formats: Iterable[str]) -> None:
    """Queue :func:`prepare` once the publishing transaction commits. A failure to queue
    is logged, not raised: the files are then made at their first request."""

    def enqueue() -> None:
        try:
            prepare.enqueue(kind, builder, str(slug), list(formats))
        except Exception:  # noqa: BLE001 - the first request builds the file instead
            logger.exception("could not queue the published files of %s %s", kind, slug)

    transaction.on_commit(enqueue)
