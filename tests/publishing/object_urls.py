"""Publishing object URLs for the tenancy isolation test."""

from dueregard.publishing import published
from dueregard.publishing.document import Document, Paragraph
from dueregard.publishing.models import FormatRequest


def _request(org, make_user):
    return FormatRequest.objects.create(
        system=org.system,
        organisation=org,
        kind="eds",
        slug="x",
        subject="EDS report",
        page_url="/",
        format="braille",
        name="A Person",
        email="a.person@example.com",
    )


def _isolation_page(slug):
    from dueregard.core.models import Organisation

    org = Organisation.objects.filter(pk=slug).first() if slug.isdigit() else None
    if org is None:
        return None
    return published.PublishedPage(f"Page of {org.name}", org.system, org, "/")


published.register("isolation-test", _isolation_page)
published.register_document(
    "isolation-test", lambda slug: Document(title="Page", blocks=(Paragraph("Text."),))
)


def _managed_page(org, make_user):
    """A published page of ``org`` (its management URLs must be 404 from elsewhere)."""
    return {"kind": "isolation-test", "slug": str(org.pk)}


def _translation(org, make_user):
    from django.utils import timezone

    from dueregard.publishing.models import ReportTranslation

    ReportTranslation.objects.create(
        system=org.system,
        organisation=org,
        kind="isolation-test",
        slug=str(org.pk),
        language="cy",
        strings={"Page": "Tudalen", "Text.": "Testun."},
        imported_at=timezone.now(),
    )
    return {"kind": "isolation-test", "slug": str(org.pk), "language": "cy"}


OBJECT_URL_FACTORIES = {
    "publishing:request": (_request, "get"),
    "publishing:manage": (_managed_page, "get"),
    "publishing:easy-read-edit": (_managed_page, "get"),
    "publishing:translation-import": (_managed_page, "get"),
    "publishing:translation-export": (_managed_page, "get"),
    "publishing:translation-review": (_translation, "get"),
}
# Public pages keyed by a published page's slug (404 unless the page is published), and
# POST-only actions on a managed page (the same check as the pages above, tested in
# tests/publishing/test_other_formats.py).
PUBLIC_URLS = {
    "publishing:request-format",
    "publishing:request-sent",
    "publishing:easy-read",
    "publishing:easy-read-pdf",
    "publishing:translation",
    "publishing:translation-download",
    "publishing:download",
    "publishing:easy-read-publish",
    "publishing:translation-publish",
}
