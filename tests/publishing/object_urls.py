"""Publishing object URLs for the tenancy isolation test."""

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


OBJECT_URL_FACTORIES = {"publishing:request": (_request, "get")}
# Public pages keyed by a published page's slug (404 unless the page is published).
PUBLIC_URLS = {"publishing:request-format", "publishing:request-sent"}
