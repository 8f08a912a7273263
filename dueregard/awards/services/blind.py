"""Blind judging: what a judge may read of a nomination.

Blind mode hides the nominee's and nominator's names, e-mail addresses, job titles and
organisations, and redacts every one of those we know from the answers, as whole words:

* a person's full name, and each of their first and last names (a part that is also an
  ordinary English word, such as Will or Hope, only when written with a capital);
* a team's whole name, with and without "Team" — never its ordinary words on their own
  ("young people" stays in an answer about the "Hope Young Carers Team");
* an organisation's name with and without "NHS Trust", "NHS Foundation Trust",
  "Foundation Trust" or "Trust", its initials (AVNFT, AVFT…) and its ODS code.

It cannot catch a nickname, a misspelling, a colleague's name or an uploaded file's
contents (ADR 0012): the organiser previews the judges' view before judging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOMINEE = "[nominee]"
NOMINATOR = "[nominator]"
ORGANISATION = "[organisation]"

TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame"})
# Name parts that are also everyday words: redacted only when capitalised.
ORDINARY = frozenset(
    {
        "will",
        "grace",
        "hope",
        "joy",
        "rose",
        "faith",
        "may",
        "june",
        "april",
        "amber",
        "ruby",
        "pearl",
        "iris",
        "holly",
        "ivy",
        "dawn",
        "summer",
        "autumn",
        "sky",
        "star",
        "rich",
        "young",
        "king",
        "bell",
        "hill",
        "wood",
        "green",
        "brown",
        "white",
        "black",
        "long",
        "little",
        "small",
        "field",
        "baker",
        "cook",
        "mason",
        "carter",
        "page",
        "rice",
        "lane",
        "ford",
        "bird",
        "fox",
        "bush",
        "moss",
        "nurse",
        "team",
        "trust",
        "care",
        "the",
        "and",
        "of",
        "for",
    }
)
ORG_SUFFIXES = (
    "NHS Foundation Trust",
    "Foundation Trust",
    "NHS Trust",
    "Trust",
    "NHS",
)


@dataclass(frozen=True)
class Term:
    text: str
    replacement: str
    case_sensitive: bool = False


def _person_terms(name: str, replacement: str) -> list[Term]:
    name = " ".join((name or "").split())
    if not name:
        return []
    terms = [Term(name, replacement)]
    parts = [p.strip(".,()") for p in name.split()]
    parts = [p for p in parts if p and p.lower().rstrip(".") not in TITLES]
    if len(parts) >= 2:
        terms.append(Term(" ".join(parts), replacement))
    for part in parts:
        pieces = {part, *re.split(r"-", part)} if "-" in part else {part}
        for piece in pieces:
            if len(piece) < 2:
                continue
            ordinary = piece.lower() in ORDINARY
            terms.append(Term(piece, replacement, case_sensitive=ordinary))
    return terms


def _team_terms(name: str, replacement: str) -> list[Term]:
    name = " ".join((name or "").split())
    if not name:
        return []
    terms = [Term(name, replacement)]
    bare = re.sub(r"^(the\s+)|(\s+team)$", "", name, flags=re.I).strip()
    if bare and bare.lower() != name.lower() and (" " in bare or len(bare) >= 4):
        terms.append(Term(bare, replacement))
    return terms


def organisation_variants(name: str) -> list[Term]:
    """The organisation's name with and without its NHS suffixes, and its initials."""
    name = " ".join((name or "").split())
    if not name:
        return []
    core = name
    for suffix in ORG_SUFFIXES:
        if core.lower().endswith(" " + suffix.lower()):
            core = core[: -len(suffix)].strip()
            break
    terms = [Term(name, ORGANISATION)]
    if core != name and (" " in core or len(core) >= 4):
        terms.append(Term(core, ORGANISATION))
        for suffix in ORG_SUFFIXES:
            terms.append(Term(f"{core} {suffix}", ORGANISATION))
    words = [w for w in re.split(r"[\s\-]+", core) if w and w.lower() not in {"of", "and", "the"}]
    if len(words) >= 2:
        initials = "".join(w[0].upper() for w in words)
        for ending in ("", "T", "FT", "NFT", "NHSFT", "HT"):
            candidate = initials + ending
            if len(candidate) >= 3:
                terms.append(Term(candidate, ORGANISATION, case_sensitive=True))
    return terms


def known_terms(nomination) -> list[Term]:
    """Everything to redact, longest first, so whole names go before their parts."""
    terms: list[Term] = []
    if nomination.kind == "team":
        terms += _team_terms(nomination.nominee_name, NOMINEE)
    else:
        terms += _person_terms(nomination.nominee_name, NOMINEE)
    local = nomination.nominee_email.split("@")[0]
    terms += (
        _person_terms(re.sub(r"[._]+", " ", local).title(), NOMINEE)
        if nomination.kind != "team"
        else []
    )
    terms += _person_terms(nomination.nominator.full_name, NOMINATOR)
    terms += _person_terms(
        re.sub(r"[._]+", " ", nomination.nominator.email.split("@")[0]).title(), NOMINATOR
    )
    for org in (nomination.nominee_organisation, nomination.nominator_organisation):
        terms += organisation_variants(org.name)
        if org.ods_code:
            terms.append(Term(org.ods_code, ORGANISATION, case_sensitive=True))
    unique = {
        (t.text.lower() if not t.case_sensitive else t.text, t.case_sensitive): t for t in terms
    }
    return sorted(unique.values(), key=lambda t: (-len(t.text), t.text))


def known_names(nomination) -> list[tuple[str, str]]:
    """(text, replacement) pairs, longest first (for display and older callers)."""
    return [(t.text, t.replacement) for t in known_terms(nomination)]


def _pattern(term: Term) -> re.Pattern:
    words = [re.escape(w) for w in term.text.split()]
    body = r"\s+".join(words)
    flags = 0 if term.case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w\[])({body})(?:['’]s)?(?![\w\]])", flags)


def spans(text: str, nomination) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, replacement) spans, longest terms claiming first."""
    taken: list[tuple[int, int, str]] = []
    for term in known_terms(nomination):
        for match in _pattern(term).finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e, _ in taken):
                continue
            taken.append((start, end, term.replacement))
    return sorted(taken)


def redact(text: str, nomination) -> str:
    out, last = [], 0
    for start, end, replacement in spans(text, nomination):
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out)


def preview(text: str, nomination) -> list[tuple[str, str | None]]:
    """The text as pieces for the organiser's preview: (original text, replacement or
    None), so the page can show what is hidden and what judges read instead."""
    pieces, last = [], 0
    for start, end, replacement in spans(text, nomination):
        if start > last:
            pieces.append((text[last:start], None))
        pieces.append((text[start:end], replacement))
        last = end
    if last < len(text):
        pieces.append((text[last:], None))
    return pieces
