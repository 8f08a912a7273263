"""Publishing views: requests for formats (public form, the EDI lead's list), the Easy
Read version and translations of a published page, and the contact details for formats."""

from .formats import (
    contact,
    download,
    easy_read_edit,
    easy_read_page,
    easy_read_pdf,
    easy_read_publish,
    manage,
)
from .requests import request_detail, request_format, request_sent, requests_list
from .translations import (
    translation_download,
    translation_export,
    translation_import,
    translation_page,
    translation_publish,
    translation_review,
)

__all__ = [
    "contact",
    "download",
    "easy_read_edit",
    "easy_read_page",
    "easy_read_pdf",
    "easy_read_publish",
    "manage",
    "request_detail",
    "request_format",
    "request_sent",
    "requests_list",
    "translation_download",
    "translation_export",
    "translation_import",
    "translation_page",
    "translation_publish",
    "translation_review",
]
