"""Lines of a report's text: cells split at tabs and runs of spaces, and word overlap."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL_SPLIT = re.compile(r"\t+| {3,}|\s*\|\s*")
_QUOTES = "\"'‘’“”`"
_SENTENCE_END = tuple(".!?:;" + _QUOTES + ")")


@dataclass
class _Line:
    number: int  # 1-based
    raw: str
    cells: list[str]
    flat: str

    @property
    def blank(self) -> bool:
        return not self.flat

    @property
    def words(self) -> frozenset[str]:
        """The line's content words, computed once (matching reads each line many times)."""
        cached = self.__dict__.get("_words")
        if cached is None:
            cached = self.__dict__["_words"] = frozenset(_content_words(self.flat))
        return cached


def _cells(raw: str, organisation: str = "") -> list[str]:
    cells = [" ".join(cell.split()) for cell in _CELL_SPLIT.split(raw.replace("\f", " "))]
    cells = [cell for cell in cells if cell]
    # A PDF table sometimes repeats the start of a cell in the cell before it
    # ("they wanted\tthey wanted to be ..."): drop the repeated prefix.
    cleaned: list[str] = []
    for index, cell in enumerate(cells):
        following = cells[index + 1] if index + 1 < len(cells) else ""
        if following and following != cell and following.startswith(cell + " "):
            continue
        cleaned.append(cell)
    if organisation and len(cleaned) > 1:  # "Leicestersh" + "ire Partnership NHS Trust"
        wanted = organisation.casefold()
        merged: list[str] = []
        skip = False
        for index, cell in enumerate(cleaned):
            if skip:
                skip = False
                continue
            following = cleaned[index + 1] if index + 1 < len(cleaned) else None
            if (
                following is not None
                and cell.casefold() != wanted
                and (cell + following).casefold() == wanted
            ):
                merged.append(organisation)
                skip = True
                continue
            merged.append(cell)
        cleaned = merged
    return cleaned


def _lines(text: str, organisation: str = "") -> list[_Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    result = []
    raw_lines = text.split("\n")
    if len(raw_lines) > 1 and raw_lines[-1] == "":
        raw_lines.pop()  # a final newline ends the last line; it starts no new one
    for number, raw in enumerate(raw_lines, start=1):
        cells = _cells(raw, organisation)
        result.append(_Line(number, raw, cells, " ".join(cells)))
    return result


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold().replace("’", "'"))


_STOP = frozenset(
    ("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "of", "on")
    + ("or", "the", "their", "to", "with", "its", "it", "this", "that", "all")
)


def _content_words(text: str) -> set[str]:
    return {word for word in _words(text) if word not in _STOP and len(word) > 1}


def _overlap(candidate: str, reference: str) -> tuple[float, float]:
    """(recall of the reference's words, precision of the candidate's words)."""
    return _overlap_sets(_content_words(candidate), _content_words(reference))


def _overlap_sets(cand: set[str] | frozenset[str], ref: set[str] | frozenset[str]):
    if not ref or not cand:
        return 0.0, 0.0
    common = len(ref & cand)
    return common / len(ref), common / len(cand)
