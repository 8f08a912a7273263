"""The free text publishing itself publishes, for the small-numbers check before
publication (``dueregard.publishing.narrative``; issue #14): the three Easy Read sections
the EDI lead writes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import EasyRead

PUBLISHED = (
    "publishing.EasyRead.looked_at",
    "publishing.EasyRead.how_we_did",
    "publishing.EasyRead.will_do",
)
NOT_PUBLISHED = {
    "publishing.FormatRequest.details": "a member of the public's request, for the organisation",
    "publishing.FormatRequest.reply_note": "the organisation's note on a request",
    "publishing.FormatContact.address": "the organisation's postal address for requests",
    "publishing.ReportTranslation.strings": (
        "the translator's version of strings already checked in English on the page itself"
    ),
}


def fields(easy: EasyRead) -> list[tuple[str, str]]:
    """(where, text) of the Easy Read sections."""
    return [
        (_("Easy Read: what we looked at"), easy.looked_at),
        (_("Easy Read: how we did"), easy.how_we_did),
        (_("Easy Read: what we will do next"), easy.will_do),
    ]
