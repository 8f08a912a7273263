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
    """Parse lines[start.index:end]; returns the outcome and the indices it used."""
    framework = vocab.framework
    used: set[int] = set()
    heading_lines = list(range(start.index, start.heading_end + 1))
    used.update(heading_lines)
    heading = " ".join(lines[i].flat for i in heading_lines if not lines[i].blank)
    statement = ""
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
    outcome_def = framework.outcome(start.code)
    # The statement: quoted, or the outcome's words, on the first lines after the heading.
    if start.found_by == "statement":
        statement_lines = []
        for i in range(start.index, min(end, start.index + 5)):
            if lines[i].blank:
                continue
            statement_lines.append(i)
            text = " ".join(lines[k].flat for k in statement_lines)
            recall, _ = _overlap(text, outcome_def.statement)
            if recall >= 0.75:
                break
        statement = " ".join(lines[k].flat for k in statement_lines)
        used.update(statement_lines)
        body_start = max(body_start, (statement_lines[-1] + 1) if statement_lines else body_start)
    else:
        match = vocab.strong.match(heading) or vocab.code_start.match(heading)
        rest = match.group("rest") if match else ""
        rest = re.sub(r"^\([^)]*\)\s*", "", rest)
        # A statement in the heading may go on over the next lines.
        k = body_start
        while rest and k < min(end, body_start + 3) and not lines[k].blank:
            recall, _ = _overlap(rest, outcome_def.statement)
            longer = f"{rest} {lines[k].flat}"
            new_recall, precision = _overlap(longer, outcome_def.statement)
            if recall >= 0.95 or new_recall <= recall or precision < 0.6:
                break
            rest = longer
            used.add(k)
            heading = f"{heading} {lines[k].flat}"
            k += 1
            body_start = k
        if rest and _overlap(rest, outcome_def.statement)[0] >= 0.6:
            statement = rest
        j = _next_nonblank(lines, body_start, limit=1)
        if not statement and j is not None and j < end:
            text = lines[j].flat
            if text[:1] in _QUOTES or _overlap(text, outcome_def.statement)[0] >= 0.6:
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
                statement = text
                used.update(statement_lines)
                body_start = statement_lines[-1] + 1
    statement = statement.strip(" " + _QUOTES).strip()
    statement = re.sub(rf"^{vocab.code_re}\s+", "", statement, flags=re.IGNORECASE)

    body = [i for i in range(body_start, end) if i not in used]

    # ---- grade
    grade: Grade | None = None
    grade_text = ""
    grade_line: int | None = None
    extra: list[str] = []
    marker_lines: set[int] = set()
    first_marker: int | None = None
    for i in body:
        if i in marker_lines:
            continue
        flat = lines[i].flat
        match = _GRADE_LABEL.match(flat)
        if not match or len(flat) > 120:
            continue
        rest = match.group("rest").strip()
        found = _loose_grade(rest, vocab) if rest else None
        if found is None and not match.group("colon") and not flat.casefold().startswith("eds"):
            continue
        if rest and found is None and len(rest.split()) > 6:
            continue  # "Grading is agreed between ..." is prose
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
        marker_lines |= these
        if first_marker is None:
            first_marker = min(these)
            grade, grade_text, grade_line = found, raw, lines[i].number
        elif found is not None and (grade is None or found != grade or i - (grade_line or 0) > 3):
            extra.append(raw)
    if first_marker is None:  # a grade standing alone on a line (or in a table cell)
        for i in body:
            for cell in lines[i].cells:
                found = _exact_grade(cell, vocab)
                if found is not None and not re.fullmatch(r"\d", cell.strip()):
                    grade, grade_text, grade_line = found, cell, lines[i].number
                    marker_lines.add(i)
                    first_marker = i
                    break
            if first_marker is not None:
                break
    used |= marker_lines

    # ---- where the reasons start
    reasons_start: int | None = first_marker
    factor_lines = []
    for i in body:
        if vocab.factor_re is not None and vocab.factor_re.search(lines[i].flat):
            labels = [
                m
                for m in vocab.factor_re.finditer(_strip_reason_marker(lines[i].flat)[0])
                if m.group("label")[:1].isupper()
            ]
            if labels and labels[0].start() == 0:
                factor_lines.append(i)
    for i in body:
        if _REASONS.match(lines[i].flat) and _is_reasons_marker(lines[i].flat, vocab):
            reasons_start = i if reasons_start is None else min(reasons_start, i)
            break
    if len(factor_lines) >= 2 and (reasons_start is None or factor_lines[0] < reasons_start):
        reasons_start = factor_lines[0]
    if reasons_start is None:
        reasons_start = end

    # ---- header blocks (Name:, Lead contact:) and narrative before the reasons
    narrative_items: list[tuple[int, str]] = []
    contacts_items: list[str] = []
    section_org = ""
    pre = [i for i in body if i < reasons_start and i not in used]
    runs: list[list[int]] = []
    run: list[int] = []
    for i in pre:
        line = lines[i]
        short = line.blank or (len(line.flat) <= 90 and all(len(c) <= 70 for c in line.cells))
        if short and (not run or i == run[-1] + 1):
            run.append(i)
        else:
            if run:
                runs.append(run)
            run = [i] if short else []
            if not short:
                runs.append([i])
                run = []
    if run:
        runs.append(run)
    for run in runs:
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

    # ---- reasons
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
    coverage = None
    coverage_text = ""
    if vocab.coverage_codes:
        outcome_reason = " ".join(r.text for r in reasons if r.factor == "outcome")
        for source in (outcome_reason, summary):
            found = coverage_phrase(source, vocab.coverage_codes)
            if found:
                coverage, coverage_text = found
                break
    last_line = end - 1
    while last_line > start.index and lines[last_line].blank:
        last_line -= 1
    outcome = ParsedOutcome(
        code=start.code,
        start_line=lines[start.index].number,
        end_line=lines[last_line].number,
        found_by=start.found_by,
        heading=heading if start.found_by != "statement" else "",
        statement=statement,
        organisation=section_org,
        grade=grade.code if grade else None,
        grade_text=grade_text,
        grade_line=grade_line,
        lead_contacts=_contacts(contacts_items + reasoning.contacts),
        narrative=_paragraphs(narrative_items),
        reasons=reasons,
        summary=summary,
        coverage=coverage,
        coverage_text=coverage_text,
        extra_grades=tuple(extra),
    )
    return outcome, set(range(start.index, end))


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
        flat = lines[i].flat
        if _is_blank_or_noise(lines[i]):
            continue
        evidence = _EVIDENCE.match(flat)
        if evidence:
            narrative.append((i, evidence.group("rest")))
            continue
        contact = _CONTACT_LABEL.match(flat)
        if contact and len(flat) <= 120:  # "Owner: Tom Jones, Head of Access" after the grade
            if contact.group("rest").strip():
                result.contacts.append(contact.group("rest").strip())
            continue
        text = flat
        if _REASONS.match(text) and _is_reasons_marker(text, vocab):
            text = _REASONS.match(text).group("rest")
            after_marker = True
        elif after_marker and _FOR_RATING.match(text):
            text = _FOR_RATING.match(text).group("rest")
        text = re.sub(r"^for\s*$", "", text, flags=re.I).strip()
        if not text:
            continue
        labels = []
        if vocab.factor_re is not None:
            labels = [m for m in vocab.factor_re.finditer(text) if m.group("label")[:1].isupper()]
        position = 0
        if labels and labels[0].start() > 0:
            segments.append((i, None, "", text[: labels[0].start()].strip()))
        elif not labels:
            segments.append((i, None, "", text))
        for index, match in enumerate(labels):
            stop = labels[index + 1].start() if index + 1 < len(labels) else len(text)
            label = " ".join(match.group("label").split())
            factor = vocab.factor_by_label[label.casefold()]
            segments.append((i, factor, label, text[match.end() : stop].strip()))
            position = stop
        del position
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
