"""Sections in the wrong place: a section whose statement is another outcome's, or a
section found only by its statement that sits among another outcome's neighbours. Text
shuffled by a PDF conversion, or damaged, must be reported, never silently assigned."""

from __future__ import annotations

import re

from dueregard.frameworks.definitions import EdsFramework

from .results import ParsedOutcome, ParsedReport, Problem

__all__ = ["misplaced_sections"]

_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "of",
        "on",
        "or",
        "the",
        "their",
        "to",
        "with",
        "its",
        "it",
        "this",
        "that",
        "all",
    ]
)
#: How much better another outcome's statement must match before we call it a mismatch.
_MARGIN = 0.25


def _words(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.casefold().replace("\u2019", "'"))
    return {w for w in words if w not in _STOP and len(w) > 1}


def _similarity(text: str, reference: set[str]) -> float:
    words = _words(text)
    if not words or not reference:
        return 0.0
    return len(words & reference) / len(reference | words)


def misplaced_sections(parsed: ParsedReport, framework: EdsFramework) -> list[Problem]:
    order = {o.code: i for i, o in enumerate(framework.outcomes)}
    references = {o.code: _words(o.statement) for o in framework.outcomes}
    sections = sorted(parsed.outcomes, key=lambda o: o.start_line)
    problems = []
    for position, section in enumerate(sections):
        other = _statement_of_another(section, references)
        if other is not None:
            problems.append(_problem(section, other, "is that of outcome"))
            continue
        if section.found_by == "statement" and not _between_neighbours(sections, position, order):
            problems.append(_problem(section, None, "stands among other outcomes"))
    return problems


def _statement_of_another(section: ParsedOutcome, references) -> str | None:
    if not section.statement.strip():
        return None
    scores = {code: _similarity(section.statement, ref) for code, ref in references.items()}
    best = max(scores, key=scores.get)
    if best != section.code and scores[best] - scores.get(section.code, 0.0) >= _MARGIN:
        return best
    return None


def _between_neighbours(sections, position: int, order: dict[str, int]) -> bool:
    here = order.get(sections[position].code, -1)
    before = [order.get(s.code, -1) for s in sections[:position]]
    after = [order.get(s.code, -1) for s in sections[position + 1 :]]
    previous = before[-1] if before else -1
    following = after[0] if after else len(order)
    return previous < here < following


def _problem(section: ParsedOutcome, other: str | None, what: str) -> Problem:
    where = f"lines {section.start_line}\u2013{section.end_line}"
    if other is not None:
        message = (
            f"The section for outcome {section.code} ({where}) has a statement that {what} "
            f"{other}: the text may be shuffled or damaged. It will not be imported; enter "
            "this outcome by hand after checking the report."
        )
    else:
        message = (
            f"The section recognised as outcome {section.code} by its statement ({where}) "
            f"{what}: the text may be shuffled or damaged. It will not be imported; enter "
            "this outcome by hand after checking the report."
        )
    return Problem(section.code, "section_out_of_place", message)
