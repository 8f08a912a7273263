"""Finding a published page, for the public or for the EDI lead who manages its formats."""

from django.http import Http404

from .. import published


def public_page(kind, slug) -> published.PublishedPage:
    page = published.find(kind, slug)
    if page is None:
        raise Http404("No published page here.")
    return page


def managed_page(request, kind, slug) -> published.PublishedPage:
    """The page, when it belongs to the signed-in person's current scope (else 404)."""
    page = published.find(kind, slug)
    if page is None or not published.in_scope(page, request.scope):
        raise Http404("No published page here.")
    return page


def document_of(kind, slug):
    document = published.document(kind, slug)
    if document is None:
        raise Http404("This page has no text to translate or summarise.")
    return document
