"""System checks that refuse a production start which would be unsafe or send broken links."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def production_settings(app_configs=None, **kwargs):
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors = []
    site_url = getattr(settings, "SITE_URL", "")
    parts = urlsplit(site_url)
    if not site_url or parts.scheme not in {"http", "https"} or not parts.netloc:
        errors.append(
            checks.Error(
                "SITE_URL is not set to the public address (e.g. https://dueregard.example.nhs.uk).",
                hint="Every link in e-mails, calendar files and PDFs is built from it.",
                id="dueregard.E001",
            )
        )
    elif parts.scheme != "https":
        errors.append(
            checks.Warning(
                "SITE_URL does not start with https://.",
                hint="People follow these links from e-mails: serve the site over HTTPS.",
                id="dueregard.W001",
            )
        )
    if settings.DEMO_MODE:
        errors.append(
            checks.Error(
                "DUEREGARD_DEMO is on: anyone could sign in as the system administrator.",
                hint="Unset DUEREGARD_DEMO in production.",
                id="dueregard.E002",
            )
        )
    if settings.NOTIFICATIONS_BACKEND == "notify" and not (
        settings.NOTIFY_API_KEY and settings.NOTIFY_TEMPLATE_ID
    ):
        errors.append(
            checks.Error(
                "NOTIFICATIONS_BACKEND is notify but NOTIFY_API_KEY or NOTIFY_TEMPLATE_ID "
                "is unset.",
                id="dueregard.E003",
            )
        )
    if settings.NOTIFICATIONS_BACKEND not in {"smtp", "notify"}:
        errors.append(
            checks.Error("NOTIFICATIONS_BACKEND must be smtp or notify.", id="dueregard.E004")
        )
    return errors
