"""Before the first outcome (title, organisation, date, fields) and action plans."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .results import ParsedAction, Snippet
from .text_lines import _Line
from .vocabulary import (
    _DATE,
    _DATE_LINE,
    _GOAL_HEADING,
    _PERIOD,
    _PLAN_HEADING,
    _TITLE_WORDS,
    _is_blank_or_noise,
    _Vocabulary,
)


def _front_matter(
    lines: list[_Line], indices: list[int], vocab: _Vocabulary, organisation: str
) -> tuple[dict[str, str], list[tuple[str, str]], set[int]]:
    info = {"title": "", "organisation": "", "date": "", "period": ""}
    fields: list[tuple[str, str]] = []
    used: set[int] = set()
    template_labels = {}
    if vocab.framework.report_template is not None:
        template_labels = {
            f.label.casefold(): f.label for f in vocab.framework.report_template.fields
        }
    title: list[str] = []
    title_open = True
    for i in indices:
        line = lines[i]
        if line.blank:
            continue
        flat = line.flat
        if _is_blank_or_noise(line):
            used.add(i)
            continue
        if _DATE_LINE.fullmatch(flat) and not info["date"]:
            info["date"] = flat
            used.add(i)
            title_open = False
            continue
        if organisation and flat.casefold() == organisation.casefold():
            info["organisation"] = info["organisation"] or flat
            used.add(i)
            title_open = False
            continue
        label_value = None
        match = re.match(
            r"^(?P<label>[A-Z][\w/&'’(). -]{1,60}?)\s*:\s*(?P<value>\S.{0,300})$", flat
        )
        if match and len(match.group("label").split()) <= 8:
            label_value = (match.group("label").strip(), match.group("value").strip())
        elif len(line.cells) == 2 and line.cells[0].rstrip(":").casefold() in template_labels:
            label_value = (line.cells[0].rstrip(":"), line.cells[1])
        if label_value:
            label, value = label_value
            fields.append(label_value)
            used.add(i)
            title_open = False
            low = label.casefold()
            if re.search(r"organi[sz]ation|^name$|trust", low) and not info["organisation"]:
                info["organisation"] = value
            elif re.search(r"period|year|reporting", low) and not info["period"]:
                info["period"] = value
            elif (
                re.search(r"date\s+(?:completed|published)|^date$|published", low)
                and not info["date"]
            ):
                info["date"] = value
            continue
        if not info["period"] and len(flat.split()) <= 10:
            period = _PERIOD.search(flat)
            if period:
                info["period"] = period.group(0)
                used.add(i)
        if (
            title_open
            and len(flat) <= 80
            and len(title) < 3
            and not flat.endswith("?")
            and _TITLE_WORDS.search(flat)
        ):
            title.append(flat)
            used.add(i)
            continue
        title_open = False
    info["title"] = " – ".join(title)
    return info, fields, used


def _actions(
    lines: list[_Line], indices: list[int], vocab: _Vocabulary
) -> tuple[list[ParsedAction], set[int]]:
    actions: list[ParsedAction] = []
    used: set[int] = set()
    columns: dict[str, int] = {}
    for i in indices:
        line = lines[i]
        if _is_blank_or_noise(line):
            used.add(i)
            continue
        lowered = [cell.casefold().rstrip(":") for cell in line.cells]
        if (
            len(lowered) >= 2
            and any("action" in cell for cell in lowered)
            and all(len(cell) <= 40 for cell in lowered)
        ):
            columns = {}
            for k, cell in enumerate(lowered):
                if re.search(r"owner|lead|responsib|by whom|who", cell):
                    columns.setdefault("owner", k)
                elif re.search(r"date|due|by when|when|deadline|timescale", cell):
                    columns.setdefault("due", k)
                elif re.search(r"action", cell):
                    columns.setdefault("action", k)
                elif re.search(r"outcome", cell):
                    columns.setdefault("outcome", k)
            used.add(i)
            continue
        if (
            _PLAN_HEADING.match(line.flat)
            or _GOAL_HEADING.match(line.flat)
            and len(line.cells) == 1
        ):
            used.add(i)
            continue
        owner = due = ""
        outcome_code = None
        text = line.flat
        if columns and len(line.cells) >= 2:
            # Keep empty cells here: an empty owner column must stay empty.
            cells = [" ".join(c.split()) for c in re.split(r"\t|\|", line.raw.strip().strip("|"))]
            if "owner" in columns and columns["owner"] < len(cells):
                owner = cells[columns["owner"]]
            if "due" in columns and columns["due"] < len(cells):
                due = cells[columns["due"]]
                if not _DATE.search(due):
                    due = ""
            if "action" in columns and columns["action"] < len(cells):
                text = cells[columns["action"]]
        else:
            if len(text.split()) < 3:
                continue
            owner_match = re.search(
                r"\b(?:owner|lead|responsible|by whom)\s*[:=\-–]\s*([^;|()]+?)"
                r"(?=\s*(?:[;|()]|,?\s*(?:due|by|deadline|completion|date)\b|$))",
                text,
                re.IGNORECASE,
            )
            if owner_match:
                owner = owner_match.group(1).strip(" ,.")
            due_match = re.search(
                r"\b(?:due|by|deadline|completion\s+date|date|by\s+when)\s*[:=\-–]?\s*("
                + _DATE.pattern[2:-2]
                + ")",
                text,
                re.IGNORECASE,
            )
            if due_match:
                due = due_match.group(1)
        code = re.search(r"(?<![\w.])" + vocab.code_re, line.flat, re.IGNORECASE)
        if code:
            outcome_code = vocab.codes[code.group("code").casefold()]
        actions.append(
            ParsedAction(
                text=text.strip(),
                owner=owner.strip(),
                due=due.strip(),
                outcome_code=outcome_code,
                start_line=line.number,
                end_line=line.number,
            )
        )
        used.add(i)
    return actions, used


def _snippets(lines: list[_Line], indices: Iterable[int]) -> list[Snippet]:
    snippets: list[Snippet] = []
    block: list[int] = []

    def flush() -> None:
        if block:
            text = "\n".join(lines[k].flat for k in block)
            snippets.append(Snippet(lines[block[0]].number, lines[block[-1]].number, text))
            block.clear()

    previous = None
    for i in sorted(indices):
        if _is_blank_or_noise(lines[i]):
            continue
        if previous is not None and i > previous + 1:
            flush()
        block.append(i)
        previous = i
    flush()
    return snippets
