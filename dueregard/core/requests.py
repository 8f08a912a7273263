"""Small helpers about the current request."""

from django.conf import settings


def site_url(request=None) -> str:
    """The site's public address without a trailing slash, for links in e-mails, calendar
    files and PDFs: ``SITE_URL`` from settings (production refuses to start without it).

    Only where it is not configured (a developer's machine) is it taken from the request;
    the Host header is the client's to choose, so production never relies on it.
    """
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is None:
        return ""
    return request.build_absolute_uri("/")[:-1]


def absolute_url(path: str, request=None) -> str:
    """``path`` (e.g. from ``reverse``) as an absolute link on the public address."""
    return site_url(request) + path
