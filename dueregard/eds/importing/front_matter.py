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


def _label_value(line: _Line, template_labels: dict) -> tuple[str, str] | None:
    """A "Label: value" line, or a two-cell row whose first cell is a template label."""
    match = re.match(
        r"^(?P<label>[A-Z][\w/&'’(). -]{1,60}?)\s*:\s*(?P<value>\S.{0,300})$", line.flat
    )
    if match and len(match.group("label").split()) <= 8:
        return match.group("label").strip(), match.group("value").strip()
    if len(line.cells) == 2 and line.cells[0].rstrip(":").casefold() in template_labels:
        return line.cells[0].rstrip(":"), line.cells[1]
    return None


def _fill_info(info: dict[str, str], label: str, value: str) -> None:
    low = label.casefold()
    if re.search(r"organi[sz]ation|^name$|trust", low) and not info["organisation"]:
        info["organisation"] = value
    elif re.search(r"period|year|reporting", low) and not info["period"]:
        info["period"] = value
    elif re.search(r"date\s+(?:completed|published)|^date$|published", low) and not info["date"]:
        info["date"] = value


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
        label_value = _label_value(line, template_labels)
        if label_value:
            fields.append(label_value)
            used.add(i)
            title_open = False
            _fill_info(info, *label_value)
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
        header = _plan_columns(line)
        if header is not None:
            columns = header
            used.add(i)
            continue
        if _is_blank_or_noise(line) or _is_plan_heading(line):
            used.add(i)
            continue
        if columns and len(line.cells) >= 2:
            text, owner, due = _action_from_columns(line, columns)
        elif len(line.flat.split()) < 3:
            continue
        else:
            text, owner, due = _action_from_prose(line.flat)
        code = re.search(r"(?<![\w.])" + vocab.code_re, line.flat, re.IGNORECASE)
        actions.append(
            ParsedAction(
                text=text.strip(),
                owner=owner.strip(),
                due=due.strip(),
                outcome_code=vocab.codes[code.group("code").casefold()] if code else None,
                start_line=line.number,
                end_line=line.number,
            )
        )
        used.add(i)
    return actions, used


_COLUMN_WORDS = (
    ("owner", r"owner|lead|responsib|by whom|who"),
    ("due", r"date|due|by when|when|deadline|timescale"),
    ("action", r"action"),
    ("outcome", r"outcome"),
)


def _plan_columns(line: _Line) -> dict[str, int] | None:
    """The columns of an action plan's header row ("Action | Owner | Due date"), or None."""
    lowered = [cell.casefold().rstrip(":") for cell in line.cells]
    if not (
        len(lowered) >= 2
        and any("action" in cell for cell in lowered)
        and all(len(cell) <= 40 for cell in lowered)
    ):
        return None
    columns: dict[str, int] = {}
    for k, cell in enumerate(lowered):
        name = next((name for name, words in _COLUMN_WORDS if re.search(words, cell)), None)
        if name is not None:
            columns.setdefault(name, k)
    return columns


def _is_plan_heading(line: _Line) -> bool:
    return bool(
        _PLAN_HEADING.match(line.flat) or (_GOAL_HEADING.match(line.flat) and len(line.cells) == 1)
    )


def _action_from_columns(line: _Line, columns: dict[str, int]) -> tuple[str, str, str]:
    # Keep empty cells here: an empty owner column must stay empty.
    cells = [" ".join(c.split()) for c in re.split(r"\t|\|", line.raw.strip().strip("|"))]

    def cell(name: str) -> str:
        k = columns.get(name)
        return cells[k] if k is not None and k < len(cells) else ""

    due = cell("due")
    return cell("action") or line.flat, cell("owner"), due if _DATE.search(due) else ""


def _action_from_prose(text: str) -> tuple[str, str, str]:
    owner = due = ""
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
    return text, owner, due


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
