"""Tagged PDF (PDF/UA-1) from the same HTML, with WeasyPrint."""

import weasyprint

from ..document import Document
from .html import render_string
from .pdf_tags import mend


def _pdf(html: str) -> bytes:
    return mend(weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


def render(document: Document) -> bytes:
    return _pdf(render_string(document))


def render_large_print(document: Document) -> bytes:
    return _pdf(render_string(document, font_size=18))
