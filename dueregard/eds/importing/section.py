"""One outcome's section: statement, organisation, lead contacts, grade, narrative and
the reasons under each grading factor."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dueregard.frameworks.definitions import Grade

from .contacts import _contacts, _header_block
from .results import ParsedOutcome, Reason
from .starts import _next_nonblank, _previous_nonblank, _Start
from .text_lines import _QUOTES, _SENTENCE_END, _Line, _overlap
from .textual import coverage_phrase
from .vocabulary import (
    _CONTACT_LABEL,
    _EDS_ALONE,
    _EVIDENCE,
    _FOR_RATING,
    _GRADE_LABEL,
    _NAME_LABEL,
    _REASONS,
    _exact_grade,
    _is_blank_or_noise,
    _loose_grade,
    _Vocabulary,
)


@dataclass
class _Reasoning:
    reasons: list[dict] = field(default_factory=list)
    summary: list[tuple[str, int, bool]] = field(default_factory=list)  # text, line, joined
    contacts: list[str] = field(default_factory=list)


def _paragraphs(items: Iterable[tuple[int, str]]) -> str:
    """Join (line index, text) pairs into paragraphs; lines broken mid-sentence rejoin.
    Each paragraph collects its pieces in a list (joined once), so the cost stays linear
    in the text however many lines a paragraph was broken over."""
    paragraphs: list[list[str]] = []
    previous_index = None
    for index, text in items:
        if not text:
            continue
        new_paragraph = previous_index is None or index > previous_index + 1
        if paragraphs and new_paragraph:
            last = paragraphs[-1][-1]
            if text[:1].islower() or (
                last and not last.endswith(_SENTENCE_END) and index <= previous_index + 2
            ):
                new_paragraph = False
        if new_paragraph or not paragraphs:
            paragraphs.append([text])
        else:
            paragraphs[-1].append(text)
        previous_index = index
    return "\n\n".join(" ".join(parts) for parts in paragraphs)


def _parse_section(
    lines: list[_Line], start: _Start, end: int, vocab: _Vocabulary, organisation: str
) -> tuple[ParsedOutcome, set[int]]:
    """Parse lines[start.index:end]; returns the outcome and the indices it used.

    In order: the heading and statement, the grade, where the reasons start, the header
    blocks (organisation, lead contacts) and narrative before them, then the reasons."""
    used: set[int] = set()
    heading, statement, body_start = _heading_and_statement(lines, start, end, vocab, used)
    body = [i for i in range(body_start, end) if i not in used]
    graded = _find_grade(lines, body, body_start, end, vocab)
    used |= graded.marker_lines
    reasons_start = _reasons_start(lines, body, graded.first_marker, end, vocab)
    narrative_items, contacts_items, section_org = _header_and_narrative(
        lines, [i for i in body if i < reasons_start and i not in used], used, organisation
    )
    reasoning = _reasons(
        lines, [i for i in body if i >= reasons_start and i not in used], vocab, narrative_items
    )
    narrative_items.sort()
    reasons = tuple(
        Reason(
            factor=item["factor"],
            label=item["label"],
            text=" ".join(item["text"].split()),
            start_line=lines[item["first"]].number,
            end_line=lines[item["last"]].number,
        )
        for item in reasoning.reasons
        if item["text"].strip()
    )
    summary = _paragraphs((i, text) for text, i, _ in reasoning.summary)
    coverage, coverage_text = _coverage(vocab, reasons, summary)
    last_line = end - 1
    while last_line > start.index and lines[last_line].blank:
        last_line -= 1
    grade = graded.grade
    outcome = ParsedOutcome(
        code=start.code,
        start_line=lines[start.index].number,
        end_line=lines[last_line].number,
        found_by=start.found_by,
        heading=heading if start.found_by != "statement" else "",
        statement=statement,
        organisation=section_org,
        grade=grade.code if grade else None,
        grade_text=graded.text,
        grade_line=graded.line,
        lead_contacts=_contacts(contacts_items + reasoning.contacts),
        narrative=_paragraphs(narrative_items),
        reasons=reasons,
        summary=summary,
        coverage=coverage,
        coverage_text=coverage_text,
        extra_grades=tuple(graded.extra),
    )
    return outcome, set(range(start.index, end))


# ---- the heading and the statement


def _heading_and_statement(lines, start: _Start, end: int, vocab: _Vocabulary, used: set):
    """(heading, statement, first body line); adds the lines they take to ``used``."""
    heading_lines = list(range(start.index, start.heading_end + 1))
    used.update(heading_lines)
    heading = " ".join(lines[i].flat for i in heading_lines if not lines[i].blank)
    body_start = start.heading_end + 1
    # A heading's remainder on the next line: "(EDS Objective 1 – Better health ...)".
    j = _next_nonblank(lines, body_start, limit=1)
    if (
        j is not None
        and j < end
        and start.found_by != "statement"
        and lines[j].flat.startswith("(")
        and re.search(r"objective|goal|domain", lines[j].flat, re.I)
    ):
        heading = f"{heading} {lines[j].flat}"
        used.add(j)
        body_start = j + 1
    reference = vocab.framework.outcome(start.code).statement
    if start.found_by == "statement":
        statement, body_start = _statement_lines(lines, start, end, reference, used, body_start)
    else:
        heading, statement, body_start = _statement_after_heading(
            lines, heading, end, vocab, reference, used, body_start
        )
    statement = statement.strip(" " + _QUOTES).strip()
    statement = re.sub(rf"^{vocab.code_re}\s+", "", statement, flags=re.IGNORECASE)
    return heading, statement, body_start


def _statement_lines(lines, start: _Start, end: int, reference: str, used: set, body_start):
    """A section found by its statement: the first lines until they cover the statement."""
    statement_lines: list[int] = []
    for i in range(start.index, min(end, start.index + 5)):
        if lines[i].blank:
            continue
        statement_lines.append(i)
        text = " ".join(lines[k].flat for k in statement_lines)
        if _overlap(text, reference)[0] >= 0.75:
            break
    used.update(statement_lines)
    if statement_lines:
        body_start = max(body_start, statement_lines[-1] + 1)
    return " ".join(lines[k].flat for k in statement_lines), body_start


def _statement_after_heading(lines, heading, end, vocab, reference, used, body_start):
    """The statement in the heading (going on over the next lines), or quoted below it."""
    match = vocab.strong.match(heading) or vocab.code_start.match(heading)
    rest = match.group("rest") if match else ""
    rest = re.sub(r"^\([^)]*\)\s*", "", rest)
    k = body_start
    while rest and k < min(end, body_start + 3) and not lines[k].blank:
        recall, _ = _overlap(rest, reference)
        longer = f"{rest} {lines[k].flat}"
        new_recall, precision = _overlap(longer, reference)
        if recall >= 0.95 or new_recall <= recall or precision < 0.6:
            break
        rest = longer
        used.add(k)
        heading = f"{heading} {lines[k].flat}"
        k += 1
        body_start = k
    if rest and _overlap(rest, reference)[0] >= 0.6:
        return heading, rest, body_start
    j = _next_nonblank(lines, body_start, limit=1)
    if j is None or j >= end:
        return heading, "", body_start
    text = lines[j].flat
    if not (text[:1] in _QUOTES or _overlap(text, reference)[0] >= 0.6):
        return heading, "", body_start
    statement_lines = [j]
    # A quotation broken over lines continues until its closing mark.
    k = j + 1
    while (
        text[:1] in _QUOTES
        and text[-1:] not in _QUOTES
        and k < min(end, j + 4)
        and not lines[k].blank
        and len(lines[k].flat) < 200
    ):
        statement_lines.append(k)
        text = f"{text} {lines[k].flat}"
        k += 1
    used.update(statement_lines)
    return heading, text, statement_lines[-1] + 1


# ---- the grade


@dataclass
class _Graded:
    grade: Grade | None = None
    text: str = ""
    line: int | None = None
    extra: list[str] = field(default_factory=list)
    marker_lines: set[int] = field(default_factory=set)
    first_marker: int | None = None


def _find_grade(lines, body, body_start: int, end: int, vocab: _Vocabulary) -> _Graded:
    """The grade on a "grade:" line (or the line after, or "EDS" above it); failing that,
    a grade standing alone on a line or in a table cell. Further grades are ``extra``."""
    graded = _Graded()
    for i in body:
        if i in graded.marker_lines:
            continue
        marker = _grade_marker(lines, i, body_start, end, vocab)
        if marker is None:
            continue
        found, raw, these = marker
        graded.marker_lines |= these
        if graded.first_marker is None:
            graded.first_marker = min(these)
            graded.grade, graded.text, graded.line = found, raw, lines[i].number
        elif found is not None and (
            graded.grade is None or found != graded.grade or i - (graded.line or 0) > 3
        ):
            graded.extra.append(raw)
    if graded.first_marker is None:
        _lone_grade(lines, body, vocab, graded)
    return graded


def _grade_marker(lines, i: int, body_start: int, end: int, vocab: _Vocabulary):
    """(grade or None, grade as written, marker lines) when line i labels a grade."""
    flat = lines[i].flat
    match = _GRADE_LABEL.match(flat)
    if not match or len(flat) > 120:
        return None
    rest = match.group("rest").strip()
    found = _loose_grade(rest, vocab) if rest else None
    if found is None and not match.group("colon") and not flat.casefold().startswith("eds"):
        return None
    if rest and found is None and len(rest.split()) > 6:
        return None  # "Grading is agreed between ..." is prose
    these = {i}
    raw = rest
    if not rest:
        k = _next_nonblank(lines, i + 1, limit=1)
        if k is not None and k < end and _exact_grade(lines[k].flat, vocab):
            found = _exact_grade(lines[k].flat, vocab)
            raw = lines[k].flat
            these.add(k)
    previous = _previous_nonblank(lines, i - 1, limit=1)
    if previous is not None and previous >= body_start:
        eds = _EDS_ALONE.match(lines[previous].flat)
        if eds and (not eds.group("rest") or _exact_grade(eds.group("rest"), vocab)):
            these.add(previous)  # "EDS\tDEVELOPING" / "grade:\tDEVELOPING"
            if found is None and eds.group("rest"):
                found = _exact_grade(eds.group("rest"), vocab)
                raw = eds.group("rest")
    return found, raw, these


def _lone_grade(lines, body, vocab: _Vocabulary, graded: _Graded) -> None:
    for i in body:
        for cell in lines[i].cells:
            found = _exact_grade(cell, vocab)
            if found is not None and not re.fullmatch(r"\d", cell.strip()):
                graded.grade, graded.text, graded.line = found, cell, lines[i].number
                graded.marker_lines.add(i)
                graded.first_marker = i
                return


# ---- where the reasons start, the header blocks and the narrative


def _reasons_start(lines, body, first_marker, end: int, vocab: _Vocabulary) -> int:
    """The grade marker, a "Reasons for rating:" line, or the first of two or more lines
    starting with a grading factor's label, whichever comes first."""
    start = first_marker
    factor_lines = [i for i in body if _starts_with_factor(lines[i].flat, vocab)]
    for i in body:
        if _REASONS.match(lines[i].flat) and _is_reasons_marker(lines[i].flat, vocab):
            start = i if start is None else min(start, i)
            break
    if len(factor_lines) >= 2 and (start is None or factor_lines[0] < start):
        start = factor_lines[0]
    return end if start is None else start


def _starts_with_factor(flat: str, vocab: _Vocabulary) -> bool:
    if vocab.factor_re is None or not vocab.factor_re.search(flat):
        return False
    labels = [
        m
        for m in vocab.factor_re.finditer(_strip_reason_marker(flat)[0])
        if m.group("label")[:1].isupper()
    ]
    return bool(labels) and labels[0].start() == 0


def _runs(lines, pre: list[int]) -> list[list[int]]:
    """Consecutive short lines form a run (a header block); each long line is its own."""
    runs: list[list[int]] = []
    run: list[int] = []
    for i in pre:
        line = lines[i]
        short = line.blank or (len(line.flat) <= 90 and all(len(c) <= 70 for c in line.cells))
        if short and (not run or i == run[-1] + 1):
            run.append(i)
            continue
        if run:
            runs.append(run)
        run = [i] if short else []
        if not short:
            runs.append([i])
    if run:
        runs.append(run)
    return runs


def _header_and_narrative(lines, pre: list[int], used: set, organisation: str):
    """(narrative items, contact texts, the section's organisation) from the lines before
    the reasons: runs with "Name:" or "Lead contact:" labels are header blocks."""
    narrative_items: list[tuple[int, str]] = []
    contacts_items: list[str] = []
    section_org = ""
    for run in _runs(lines, pre):
        labelled = any(
            _CONTACT_LABEL.match(cell) or _NAME_LABEL.match(cell)
            for i in run
            for cell in lines[i].cells
        )
        if not labelled:
            narrative_items.extend(
                (i, lines[i].flat) for i in run if not _is_blank_or_noise(lines[i])
            )
            continue
        org, items, leftover = _header_block(lines, run, organisation)
        section_org = section_org or org
        contacts_items.extend(items)
        used.update(i for i in run if i not in leftover)
        narrative_items.extend((i, lines[i].flat) for i in run if i in leftover)
    narrative_items = [(i, _without_evidence_label(text)) for i, text in narrative_items]
    narrative_items.sort()
    return narrative_items, contacts_items, section_org


def _coverage(vocab: _Vocabulary, reasons, summary: str) -> tuple[str | None, str]:
    if not vocab.coverage_codes:
        return None, ""
    outcome_reason = " ".join(r.text for r in reasons if r.factor == "outcome")
    for source in (outcome_reason, summary):
        found = coverage_phrase(source, vocab.coverage_codes)
        if found:
            return found
    return None, ""


def _without_evidence_label(text: str) -> str:
    match = _EVIDENCE.match(text)
    return match.group("rest") if match else text


def _strip_reason_marker(flat: str) -> tuple[str, bool]:
    match = _REASONS.match(flat)
    if match:
        return match.group("rest"), True
    match = _FOR_RATING.match(flat)
    if match:
        return match.group("rest"), True
    return flat, False


def _is_reasons_marker(flat: str, vocab: _Vocabulary) -> bool:
    match = _REASONS.match(flat)
    if not match:
        return False
    rest = match.group("rest").strip()
    if not rest or re.match(r"^for\s*$", rest, re.I):
        return True
    if re.match(r"^(?:reasons?|rationale|justification)\s+for\s+", flat, re.I) or ":" in flat[:30]:
        return True
    return bool(vocab.factor_re and vocab.factor_re.match(rest))


def _reasons(
    lines: list[_Line], indices: list[int], vocab: _Vocabulary, narrative: list[tuple[int, str]]
) -> _Reasoning:
    result = _Reasoning()
    segments: list[tuple[int, str | None, str, str]] = []  # line, factor, label, text
    after_marker = False
    for i in indices:
        text, after_marker = _reason_text(lines[i], i, vocab, narrative, result, after_marker)
        if text:
            segments.extend(_factor_segments(i, text, vocab))
    return _assign_segments(segments, result)


def _reason_text(line, i, vocab, narrative, result, after_marker) -> tuple[str, bool]:
    """The reason text of one line ("" when the line is noise, evidence or a contact,
    which go to the narrative or the contacts), and whether the reasons marker was seen."""
    flat = line.flat
    if _is_blank_or_noise(line):
        return "", after_marker
    evidence = _EVIDENCE.match(flat)
    if evidence:
        narrative.append((i, evidence.group("rest")))
        return "", after_marker
    contact = _CONTACT_LABEL.match(flat)
    if contact and len(flat) <= 120:  # "Owner: Tom Jones, Head of Access" after the grade
        if contact.group("rest").strip():
            result.contacts.append(contact.group("rest").strip())
        return "", after_marker
    text = flat
    if _REASONS.match(text) and _is_reasons_marker(text, vocab):
        text = _REASONS.match(text).group("rest")
        after_marker = True
    elif after_marker and _FOR_RATING.match(text):
        text = _FOR_RATING.match(text).group("rest")
    return re.sub(r"^for\s*$", "", text, flags=re.I).strip(), after_marker


def _factor_segments(i: int, text: str, vocab: _Vocabulary):
    """(line, factor or None, label, text) pieces of a line split at the factor labels."""
    labels = []
    if vocab.factor_re is not None:
        labels = [m for m in vocab.factor_re.finditer(text) if m.group("label")[:1].isupper()]
    if not labels:
        return [(i, None, "", text)]
    segments = []
    if labels[0].start() > 0:
        segments.append((i, None, "", text[: labels[0].start()].strip()))
    for index, match in enumerate(labels):
        stop = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        label = " ".join(match.group("label").split())
        factor = vocab.factor_by_label[label.casefold()]
        segments.append((i, factor, label, text[match.end() : stop].strip()))
    return segments


def _assign_segments(segments, result: _Reasoning) -> _Reasoning:
    """Text under no label continues the factor above it, or is the summary."""
    last_factor_line = max((i for i, factor, _, _ in segments if factor), default=-1)
    target: dict | None = None
    previous_line = -10
    for i, factor, label, text in segments:
        if factor is not None:
            target = {"factor": factor, "label": label, "text": text, "first": i, "last": i}
            result.reasons.append(target)
        elif target is not None and (
            i <= last_factor_line
            or text[:1].islower()
            or (not target["text"].rstrip().endswith(_SENTENCE_END) and i <= previous_line + 1)
        ):
            target["text"] = f"{target['text']} {text}".strip()
            target["last"] = i
        else:
            target = None
            result.summary.append((text, i, False))
        previous_line = i
    return result
