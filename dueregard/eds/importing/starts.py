"""Where each outcome's section starts (its heading, its code, or its statement)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text_lines import _QUOTES, _content_words, _Line, _overlap, _overlap_sets
from .vocabulary import (
    _GOAL_HEADING,
    _GRADE_LABEL,
    _OTHER_END,
    _PLAN_HEADING,
    _loose_grade,
    _Vocabulary,
)


@dataclass
class _Start:
    index: int  # first line of the section (0-based)
    kind: str  # "outcome" | "goal" | "plan" | "other"
    code: str = ""
    found_by: str = ""
    heading_end: int = -1  # last line of the heading (0-based)
    strong: bool = False


def _matches_outcome(rest: str, vocab: _Vocabulary, code: str) -> bool:
    outcome = vocab.framework.outcome(code)
    rest = rest.strip(" " + _QUOTES)
    if not rest:
        return True
    if outcome.title and rest.casefold().startswith(outcome.title.casefold()):
        return True
    recall, precision = _overlap(rest, outcome.statement)
    if outcome.title:
        title_recall, _ = _overlap(rest[: len(outcome.title) + 20], outcome.title)
        if title_recall >= 0.99:
            return True
    return recall >= 0.6 and precision >= 0.5


def _find_starts(lines: list[_Line], vocab: _Vocabulary) -> list[_Start]:
    starts = [start for i in range(len(lines)) if (start := _line_start(lines, i, vocab))]
    starts += _statement_starts(lines, vocab, starts)
    starts.sort(key=lambda start: start.index)
    return _without_repeats(lines, starts, vocab)


def _line_start(lines: list[_Line], i: int, vocab: _Vocabulary) -> _Start | None:
    """The section line i starts, if any: an outcome heading (also split over two lines),
    a line starting with a code and the outcome's words, a plan, goal or other heading."""
    flat = lines[i].flat
    if not flat or len(flat) > 400:
        return None
    match = vocab.strong.match(flat)
    if match:
        code = vocab.codes[match.group("code").casefold()]
        return _Start(i, "outcome", code, "heading", i, strong=True)
    if vocab.split_head.match(flat):
        j = _next_nonblank(lines, i + 1, limit=2)
        nxt = re.match(vocab.code_re + r"\b", lines[j].flat, re.IGNORECASE) if j else None
        if nxt:
            code = vocab.codes[nxt.group("code").casefold()]
            return _Start(i, "outcome", code, "heading", j, strong=True)
    match = vocab.code_start.match(flat)
    if match and flat[:1] not in _QUOTES:
        code = vocab.codes[match.group("code").casefold()]
        if _matches_outcome(match.group("rest"), vocab, code):
            return _Start(i, "outcome", code, "code", i)
    if len(flat) > 120:
        return None
    if _PLAN_HEADING.match(flat):
        return _Start(i, "plan", heading_end=i)
    if _OTHER_END.match(flat):
        return _Start(i, "other", heading_end=i)
    goal = _GOAL_HEADING.match(flat)
    if goal and len(flat.split()) <= 14:
        return _Start(i, "goal", goal.group("number"), heading_end=i)
    return None


def _statement_starts(lines: list[_Line], vocab: _Vocabulary, starts: list[_Start]):
    """Outcomes with no heading at all: found by their statement."""
    headed = {start.code for start in starts if start.kind == "outcome"}
    taken = {start.index for start in starts}
    found = []
    for outcome in vocab.framework.outcomes:
        if outcome.code in headed:
            continue
        best = _best_statement_match(lines, outcome.statement, taken)
        if best is None:
            continue
        first = best
        previous = _previous_nonblank(lines, best - 1, limit=2)
        if (
            previous is not None
            and re.search(
                r"\b(?:outcome|objective|goal|domain)\b", lines[previous].flat, re.IGNORECASE
            )
            and len(lines[previous].flat) <= 120
            and previous not in taken
        ):
            first = previous
        found.append(_Start(first, "outcome", outcome.code, "statement", first))
        taken.add(first)
    return found


def _best_statement_match(lines: list[_Line], statement: str, taken: set[int]) -> int | None:
    """The line where up to four lines best match the statement (None if none do).

    Linear in the lines: each line's words are computed once (``_Line.words``) and the
    words of up to four joined lines are the union of theirs."""
    best: tuple[float, int] | None = None
    reference = _content_words(statement)
    longest = 2 * len(statement) + 40
    n = len(lines)
    for i in range(n):
        if lines[i].blank or i in taken:
            continue
        words: frozenset[str] = frozenset()
        length = -1
        for j in range(i, min(n, i + 4)):
            if lines[j].blank:
                continue
            words = words | lines[j].words
            length += 1 + len(lines[j].flat)
            recall, precision = _overlap_sets(words, reference)
            if recall >= 0.75 and precision >= 0.6:
                if best is None or recall + precision > best[0]:
                    best = (recall + precision, i)
                break
            if length > longest:
                break
    return best[1] if best else None


def _without_repeats(lines: list[_Line], starts: list[_Start], vocab: _Vocabulary):
    """A heading repeated inside its own section (a running header) starts nothing new;
    weak candidates of the current outcome are part of it too.

    Whether the current section records a grade so far is carried forward (each line is
    looked at once), so a heading repeated thousands of times stays linear."""
    kept: list[_Start] = []
    scanned, graded = 0, False
    for start in starts:
        current = kept[-1] if kept else None
        if (
            current is not None
            and current.kind == start.kind == "outcome"
            and (start.code == current.code)
        ):
            if start.strong and not graded:
                graded = _has_grade(lines, max(scanned, current.index), start.index, vocab)
                scanned = max(scanned, start.index)
            if not (start.strong and graded):
                continue  # a running header, or the statement under the heading
        kept.append(start)
        scanned, graded = start.index, False
    return kept


def _has_grade(lines: list[_Line], first: int, stop: int, vocab: _Vocabulary) -> bool:
    """Whether lines[first:stop] record a grade (so the same heading again is a duplicate)."""
    for i in range(first, stop):
        match = _GRADE_LABEL.match(lines[i].flat)
        if match and (match.group("colon") or _loose_grade(match.group("rest"), vocab)):
            return True
    return False


def _next_nonblank(lines: list[_Line], start: int, limit: int = 3) -> int | None:
    seen = 0
    for j in range(start, len(lines)):
        if lines[j].blank:
            continue
        return j if seen < limit else None
    return None


def _previous_nonblank(lines: list[_Line], start: int, limit: int = 2) -> int | None:
    for j in range(start, max(-1, start - limit - 2), -1):
        if j < 0:
            return None
        if not lines[j].blank:
            return j
    return None
