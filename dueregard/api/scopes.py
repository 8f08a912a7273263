"""The scopes a token can carry: what kind of data it may read or write.

A token's scopes narrow what its creator's roles allow; they never widen it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SCOPES: dict[str, object] = {
    "read:organisations": _("Read organisations and systems"),
    "read:decisions": _("Read the decision register and public summaries"),
    "write:decisions": _("Add decisions to the register"),
    "read:eds": _("Read EDS assessments and their reports"),
    "read:events": _("Read workshop series and sessions with places left"),
    "write:bookings": _("Book workshop places for the token's person"),
    "read:awards": _("Read award rounds' public winners"),
    "read:evidence": _("Read evidence analyses (disclosure-controlled figures only)"),
    "write:datasets": _("Upload datasets, import them and start analyses"),
}


def choices() -> list[tuple[str, str]]:
    return [(code, f"{code}: {label}") for code, label in SCOPES.items()]


def valid(codes) -> bool:
    return bool(codes) and all(code in SCOPES for code in codes)
