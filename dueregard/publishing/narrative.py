"""Small numbers in text a person typed for publication, found before it is published.

``dueregard.analytics.disclosure.small_numbers_in_text`` finds numbers 1–7 next to
people-words ("3 staff", "five patients"). Each app lists the publishable free-text fields
of what it publishes (``eds.services.narrative``, ``idmf.services.narrative``, the
evidence attachment note) as ``(where, text)`` pairs; :func:`findings` turns what it finds
into warnings naming the field, and the publish views call :func:`confirm_or_warn`, which
shows them and asks the person to publish again once they have checked: a warning, not a
refusal, because "3 sites" is not a disclosure and only the person can tell.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.contrib import messages
from django.utils.translation import gettext as _

from dueregard.analytics.disclosure import small_numbers_in_text

Field = tuple[str, str]  # (where, text)


def findings(fields: Iterable[Field]) -> list[str]:
    """One warning per field holding a small number next to people-words."""
    out = []
    for where, text in fields:
        found = small_numbers_in_text(text or "")
        if found:
            out.append(
                _("%(where)s says %(found)s: a small number of people may identify someone.")
                % {"where": where, "found": ", ".join(f"“{f}”" for f in found)}
            )
    return out


def confirm_or_warn(request, key: str, warnings: list[str]) -> bool:
    """True when publication may go ahead: nothing found, or the person was shown these
    same warnings and asked again. Otherwise the warnings are shown and False returned."""
    if not warnings:
        return True
    digest = hashlib.sha256("\n".join([key, *warnings]).encode()).hexdigest()[:16]
    seen = request.session.get("narrative_checked", [])
    if digest in seen:
        request.session["narrative_checked"] = [d for d in seen if d != digest]
        return True
    request.session["narrative_checked"] = [*seen[-20:], digest]
    for warning in warnings:
        messages.warning(request, warning)
    messages.warning(
        request,
        _(
            "Check the text above before publishing: change any number that could identify "
            "someone, or publish again to confirm it cannot."
        ),
    )
    return False
