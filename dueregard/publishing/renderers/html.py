"""Standalone, accessible HTML (also the source of the PDF)."""

from django.template.loader import render_to_string
from django.utils.translation import get_language_info

from ..document import Document


def _direction(document: Document) -> str:
    try:
        return "rtl" if get_language_info(document.language.lower())["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def render_string(document: Document, font_size: float = 11, links=()) -> str:
    """``links``: (label, href) pairs in English, shown above the document when it is
    served as a web page (a translated report links back to the English and its files)."""
    return render_to_string(
        "publishing/standalone.html",
        {
            "document": document,
            "font_size": font_size,
            "direction": _direction(document),
            "links": links,
        },
    )


def render(document: Document) -> bytes:
    return render_string(document).encode("utf-8")


def render_large_print(document: Document) -> bytes:
    """Large print: at least 18 point text (RNIB's clear print guidance: 16–18 pt or more)."""
    return render_string(document, font_size=18).encode("utf-8")
