"""Files shared in a community: the checks every upload passes, and serving them.

The type check is the EDS evidence one (``eds.services.evidence.check_upload``: PDF, DOCX,
XLSX, ODS, the first bytes and the package's marker file must say what the name says); the
communities app sits below the EDS in the layers, so it keeps its own copy. The size and a
package's unpacked size go through the shared upload limits (``background.limits``,
``UPLOAD_MAX_BYTES``), with the EDS evidence's 10 MB as the ceiling for a shared file.
A file is always served as an attachment, never inline, with ``nosniff`` and a sandbox.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from dueregard.background import limits

from ..models import Resource

MAX_FILE_BYTES = 10 * 1024 * 1024
# Extension -> what the file must start with (PDF header; DOCX/XLSX/ODS are zip packages).
ALLOWED_TYPES = {
    ".pdf": b"%PDF-",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".ods": b"PK\x03\x04",
}
ZIP_MARKERS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".ods": "content.xml"}
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.1f} MB"


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def check_upload(upload) -> None:
    """Refuse files that are empty, too big, of another type, or not what their name says."""
    name = PurePosixPath((upload.name or "").replace("\\", "/")).name
    ext = Path(name).suffix.lower()
    if ext not in ALLOWED_TYPES:
        raise _refuse(
            _(
                "The file must be a PDF, Word (DOCX), Excel (XLSX) or OpenDocument spreadsheet "
                "(ODS). %(name)s is not."
            )
            % {"name": name}
        )
    if upload.size == 0:
        raise _refuse(_("%(name)s is empty. Choose a file with something in it.") % {"name": name})
    ceiling = min(MAX_FILE_BYTES, limits.Limits.from_settings().max_bytes)
    if upload.size > ceiling:
        raise _refuse(
            _("The file must be %(limit)s or smaller. %(name)s is %(size)s.")
            % {"limit": _mb(ceiling), "name": name, "size": _mb(upload.size)}
        )
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ALLOWED_TYPES[ext]):
        raise _refuse(
            _("%(name)s is not a real %(type)s file.") % {"name": name, "type": ext[1:].upper()}
        )
    if ext in ZIP_MARKERS:
        content = upload.read()
        upload.seek(0)
        try:
            limits.check_document(content, name, limits.Limits.from_settings())
        except limits.LimitExceeded as exc:
            raise _refuse(str(exc)) from exc
        try:
            with zipfile.ZipFile(upload) as package:
                if ZIP_MARKERS[ext] not in package.namelist():
                    raise _refuse(
                        _("%(name)s is not a real %(type)s file.")
                        % {"name": name, "type": ext[1:].upper()}
                    )
        except zipfile.BadZipFile as exc:
            raise _refuse(_("%(name)s is damaged and cannot be opened.") % {"name": name}) from exc
        finally:
            upload.seek(0)


def safe_name(stored_name: str) -> str:
    """The name the person uploaded, reduced to letters, digits, dots, dashes, underscores."""
    original = PurePosixPath(stored_name.replace("\\", "/")).name
    try:
        name = get_valid_filename(original)
    except SuspiciousFileOperation:
        name = ""
    return name.lstrip(".") or "resource"


def download(resource: Resource) -> FileResponse:
    if resource.kind != Resource.Kind.FILE or not resource.file:
        raise Http404("This resource has no file.")
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is no longer stored.") from exc
    name = safe_name(resource.file.name)
    media_type = MEDIA_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=media_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
