"""Serving an uploaded evidence file safely: always as an attachment (never inline, so
HTML, SVG or other active content cannot run in the site's origin), with ``nosniff`` and
the original file name made safe."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename

from ..models import Evidence

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def safe_name(stored_name: str) -> str:
    """The name the person uploaded (the last part of the stored path), reduced to letters,
    digits, dots, dashes and underscores."""
    original = PurePosixPath(stored_name.replace("\\", "/")).name
    try:
        name = get_valid_filename(original)
    except SuspiciousFileOperation:  # names like "..": use a plain one
        name = ""
    return name.lstrip(".") or "evidence"


def evidence_download(item: Evidence) -> FileResponse:
    if item.kind != Evidence.Kind.DOCUMENT or not item.document:
        raise Http404("This evidence has no file.")
    try:
        handle = item.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is no longer stored.") from exc
    name = safe_name(item.document.name)
    suffix = PurePosixPath(name).suffix.lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=MEDIA_TYPES.get(suffix, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
