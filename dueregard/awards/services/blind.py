"""Blind judging: what a judge may read of a nomination.

Blind mode hides the nominee's and nominator's names, e-mail addresses, job titles and
organisations, and redacts every one of those we know from the answers (whole names, each
part of a name of three letters or more, organisation names and ODS codes). It cannot catch
a nickname, a misspelling, a colleague's name or an uploaded file's contents (ADR 0012).
"""

from __future__ import annotations

import re

NOMINEE = "[nominee]"
NOMINATOR = "[nominator]"
ORGANISATION = "[organisation]"


def known_names(nomination) -> list[tuple[str, str]]:
    """(text, replacement) pairs, longest first, so whole names go before their parts."""
    pairs: list[tuple[str, str]] = []

    def add(text: str, replacement: str, parts: bool = True):
        text = (text or "").strip()
        if not text:
            return
        pairs.append((text, replacement))
        if parts:
            for part in re.split(r"[\s\-']+", text):
                part = part.strip(".,()")
                if len(part) >= 3 and part.lower() not in STOPWORDS:
                    pairs.append((part, replacement))

    add(nomination.nominee_name, NOMINEE)
    add(nomination.nominee_email.split("@")[0].replace(".", " "), NOMINEE)
    add(nomination.nominator.full_name, NOMINATOR)
    add(nomination.nominator.email.split("@")[0].replace(".", " "), NOMINATOR)
    for org in (nomination.nominee_organisation, nomination.nominator_organisation):
        add(org.name, ORGANISATION, parts=False)
        add(org.ods_code, ORGANISATION, parts=False)
    return sorted(set(pairs), key=lambda p: -len(p[0]))


STOPWORDS = frozenset(
    {"the", "and", "team", "nhs", "trust", "of", "for", "service", "services", "dr", "mrs"}
)


def redact(text: str, nomination) -> str:
    for name, replacement in known_names(nomination):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?:'s)?(?!\w)", replacement, text, flags=re.I)
    return text
