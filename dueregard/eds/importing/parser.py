"""Parse the text of a published EDS report into outcomes, grades, contacts and reasons.

The text usually comes from a PDF conversion, so it is messy: table cells are separated
by tabs (or runs of spaces) and their rows are interleaved ("Name:\\tSab Bhaumik"),
headers are split over lines ("EDS\\tDEVELOPING" / "grade:\\tDEVELOPING"), grades stand on
a line of their own, in capitals, or with a full stop; a heading may be missing; a
paragraph may be broken by a page break. The parser works line by line:

1. **Sections.** Each outcome's section starts at its heading: "EDS Outcome 1.1 ...",
   "Outcome 3.5 ...", "Outcome 1A: ..." (also split over two lines), or a line starting
   with the code and the outcome's own words ("1A Access"). An outcome without any
   heading is found by its statement (word overlap with the framework's wording). A
   section ends where the next one, a goal or domain heading or an action plan starts.
   A heading repeated inside its own section (a running page header) is not a new
   section; the same outcome again after another outcome is a duplicate, kept for review.
2. **Inside a section.** The statement follows the heading. Short lines carrying "Name:"
   or "Lead contact:" (in any column layout) give the organisation and the lead contacts.
   The grade is on a "EDS grade:", "Grade:", "Rating:" or "Score:" line, or on the next
   line, or (failing that) alone on a line. The reasons follow "Reasons for rating:" and
   the grade; they are split at the framework's grading-factor labels ("Outcome:",
   "Engagement:" ..., also several on one line). Text before the grade is the narrative;
   reason text that is under no factor (usually the conclusion) is the summary.
3. **Front matter.** Before the first outcome: the title, the organisation, the date and
   period, and "Label: value" fields. Everything else there, and anything after the
   outcomes that is not an action plan, goes to ``unrecognised`` for a person to review.

Only the framework's data is used: outcome codes and statements, grade names and
aliases, grading factors and coverage words. :func:`check_report` (in
:mod:`.checks`) then lists what a person must look at.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from dueregard.frameworks.definitions import EdsFramework, Grade

from .checks import check_report
from .extract import SUPPORTED_EXTENSIONS, ImportFileError, extract_text
from .results import (
    LeadContact,
    ParsedAction,
    ParsedOutcome,
    ParsedReport,
    Problem,
    Reason,
    Snippet,
)
from .textual import coverage_phrase

__all__ = [
    "ImportFileError",
    "SUPPORTED_EXTENSIONS",
    "LeadContact",
    "ParsedAction",
    "ParsedOutcome",
    "ParsedReport",
    "Problem",
    "Reason",
    "Snippet",
    "check_report",
    "extract_text",
    "parse_report",
]

# --------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------

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
    ref = _content_words(reference)
    cand = _content_words(candidate)
    if not ref or not cand:
        return 0.0, 0.0
    common = len(ref & cand)
    return common / len(ref), common / len(cand)


# --------------------------------------------------------------------------------------
# Patterns built from the framework
# --------------------------------------------------------------------------------------


@dataclass
class _Vocabulary:
    framework: EdsFramework
    codes: dict[str, str]  # casefolded code -> code
    code_re: str
    strong: re.Pattern[str]
    split_head: re.Pattern[str]
    code_start: re.Pattern[str]
    factor_re: re.Pattern[str] | None
    factor_by_label: dict[str, str]
    coverage_codes: tuple[str, ...]
    grade_words: re.Pattern[str]


def _vocabulary(framework: EdsFramework) -> _Vocabulary:
    codes = {outcome.code.casefold(): outcome.code for outcome in framework.outcomes}
    alternatives = sorted(codes.values(), key=len, reverse=True)
    code_re = (
        "(?P<code>" + "|".join(re.escape(code) for code in alternatives) + r")(?![0-9A-Za-z]|\.\d)"
    )
    strong = re.compile(
        rf"^[\W_]{{0,3}}(?:EDS\s+)?Outcome\s*(?:no\.?\s*|number\s*)?{code_re}"
        r"\s*[:.)\-–—]?\s*(?P<rest>.*)$",
        re.IGNORECASE,
    )
    split_head = re.compile(r"^[\W_]{0,3}(?:EDS\s+)?Outcome\s*:?$", re.IGNORECASE)
    code_start = re.compile(
        rf"^(?:[-•*]\s*)?{code_re}\s*(?:[:.)\-–—]\s*|\s+|$)(?P<rest>.*)$", re.IGNORECASE
    )
    factor_by_label: dict[str, str] = {}
    for factor in framework.grading_factors:
        name = " ".join(factor.name.split())
        variants = {name, name.replace(" and ", " & ")}
        for variant in list(variants):
            if variant.endswith("s"):
                variants.add(variant[:-1])
        if factor.code == "data-evidence":
            variants |= {"Evidence and data", "Data and Evidence", "Data/evidence"}
        if factor.code == "mainstream-processes":
            variants |= {"Mainstreaming", "Mainstream"}
        for variant in variants:
            factor_by_label[variant.casefold()] = factor.code
    factor_re = None
    if factor_by_label:
        labels = sorted(factor_by_label, key=len, reverse=True)
        alternation = "|".join(r"\s+".join(map(re.escape, label.split())) for label in labels)
        factor_re = re.compile(rf"(?:(?<=^)|(?<=[\s(]))(?P<label>{alternation})\s*:", re.IGNORECASE)
    grade_labels = sorted(
        {" ".join(label.split()) for grade in framework.grades for label in grade.labels},
        key=len,
        reverse=True,
    )
    grade_words = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(label) for label in grade_labels) + r")(?![\w-])",
        re.IGNORECASE,
    )
    return _Vocabulary(
        framework=framework,
        codes=codes,
        code_re=code_re,
        strong=strong,
        split_head=split_head,
        code_start=code_start,
        factor_re=factor_re,
        factor_by_label=factor_by_label,
        coverage_codes=tuple(word.code for word in framework.coverage_words),
        grade_words=grade_words,
    )


_GOAL_HEADING = re.compile(
    r"^[\W_]{0,3}(?:EDS\s+)?(?:Goal|Domain|Objective)\s+(?P<number>\d)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_PLAN_HEADING = re.compile(
    r"^[\W_]{0,3}(?:(?:annual|eds|equality|our|the)\s+){0,3}"
    r"(?:action|improvement|delivery)\s+plans?\b.{0,60}$",
    re.IGNORECASE,
)
_OTHER_END = re.compile(
    r"^[\W_]{0,3}(?:(?:four[- ]year\s+)?equality\s+objectives|appendix|appendices|glossary|"
    r"completed\s+actions(?:\s+from\s+(?:the\s+)?previous\s+year)?|next\s+steps|"
    r"overall\s+rating|summary\s+of\s+(?:grades|ratings|scores))\b.{0,60}$",
    re.IGNORECASE,
)
_GRADE_LABEL = re.compile(
    r"^[\W_]{0,3}(?:(?:eds|overall|outcome|agreed|final|panel)\s+)?"
    r"(?P<kind>grade|grading|rating|score)\b(?:\s*\([^)]*\))?\s*(?P<colon>[:=\-–])?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_EDS_ALONE = re.compile(r"^EDS(?:\s+(?P<rest>.*))?$", re.IGNORECASE)
_REASONS = re.compile(
    r"^(?:reasons?|rationale|justification)(?:\s+for\s+(?:the\s+)?(?:rating|grade|grading|"
    r"score))?\s*:?(?:\s+|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
_FOR_RATING = re.compile(
    r"^for\s+(?:the\s+)?(?:rating|grade|grading|score)\s*:?\s*(?P<rest>.*)$", re.I
)
_EVIDENCE = re.compile(r"^(?:evidence|narrative)\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_CONTACT_LABEL = re.compile(
    r"^(?:lead\s+contacts?|contacts?|leads?|eds\s+lead|owner(?:\s*\([^)]*\))?|"
    r"responsible(?:\s+(?:officer|lead|director|person))?|executive\s+lead|"
    r"accountable\s+(?:officer|director|lead)|lead\s+(?:director|officer|manager))\s*:\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_NAME_LABEL = re.compile(
    r"^(?:name|organi[sz]ation(?:\s+name)?|name\s+of\s+(?:the\s+)?organi[sz]ation)\s*:\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_ORG = re.compile(
    r"(?:[A-Z][\w'’&.\-]*\s+)(?:(?:[A-Z][\w'’&.\-]*|and|of|the|for|&|upon|on)\s+)*?"
    r"(?:NHS\s+(?:Foundation\s+)?Trust|Foundation\s+Trust|Clinical\s+Commissioning\s+Group|"
    r"CCG|Integrated\s+Care\s+(?:Board|System)|ICB|Health\s+Board|Council|Trust)"
)
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$", re.IGNORECASE)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\.?,?\s+\d{{4}}|{_MONTHS}\.?\s+\d{{4}}|"
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|Q[1-4]\s*\d{4}(?:/\d{2,4})?|"
    r"(?:end\s+of\s+)?(?:20\d\d)(?:\s*[-/–]\s*\d{2,4})?)\b",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    rf"^(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTHS}\.?,?\s+\d{{4}}|"
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})$",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(?:equality|eds|delivery\s+system|report|outcomes|objectives|grading|grades|"
    r"ratings?|scores?|template|summary)\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(r"\b(20\d\d)\s*[-/–]\s*(20\d\d|\d\d)\b")

_ROLE_WORDS = frozenset(
    """director head lead manager chief officer executive nurse chair chairman chairwoman
    chairperson medical clinical consultant development services service partnerships
    partnership resources quality innovation board senior leaders leader equality diversity
    inclusion governance patient patients experience workforce organisational organizational
    secretary coordinator co-ordinator advisor adviser specialist deputy assistant president
    sponsor team human integrated operations operational finance nursing strategy engagement
    community communications hr ceo people analyst network commissioning programme
    non-executive ned vice associate interim acting""".split()  # noqa: SIM905
)


def _is_blank_or_noise(line: _Line) -> bool:
    return line.blank or bool(_PAGE_NUMBER.fullmatch(line.flat))


# --------------------------------------------------------------------------------------
# Grades
# --------------------------------------------------------------------------------------


def _clean_label(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[\"'‘’“”`*_.:;,!?\[\]]+", " ", text)
    return " ".join(text.split())


def _exact_grade(text: str, vocab: _Vocabulary) -> Grade | None:
    """The grade a short text is exactly (ignoring case, quotes, brackets, a full stop)."""
    framework = vocab.framework
    cleaned = _clean_label(text)
    if not cleaned or len(cleaned) > 40:
        return None
    grade = framework.grade_for(cleaned)
    if grade is None:
        words = cleaned.split()
        half = len(words) // 2
        if len(words) % 2 == 0 and words[:half] == words[half:]:  # "DEVELOPING DEVELOPING"
            grade = framework.grade_for(" ".join(words[:half]))
    if grade is None and framework.is_scored and re.fullmatch(r"\d", cleaned):
        grade = framework.grade_for_score(int(cleaned))
    return grade


def _loose_grade(text: str, vocab: _Vocabulary) -> Grade | None:
    """The grade a label's value names ("2 - Achieving activity", "ACHIEVING (green)")."""
    grade = _exact_grade(text, vocab)
    if grade is not None:
        return grade
    cleaned = _clean_label(text)
    if len(cleaned.split()) > 6:
        return None
    found = {
        vocab.framework.grade_for(" ".join(match.group(0).split()))
        for match in vocab.grade_words.finditer(cleaned)
    }
    found.discard(None)
    if len(found) == 1:
        return found.pop()
    if vocab.framework.is_scored:
        digits = re.findall(r"(?<![\d.])\d(?![\d.])", cleaned)
        if len(digits) == 1:
            return vocab.framework.grade_for_score(int(digits[0]))
    return None


# --------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------


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
    starts: list[_Start] = []
    n = len(lines)
    for i, line in enumerate(lines):
        flat = line.flat
        if not flat or len(flat) > 400:
            continue
        match = vocab.strong.match(flat)
        if match:
            code = vocab.codes[match.group("code").casefold()]
            starts.append(_Start(i, "outcome", code, "heading", i, strong=True))
            continue
        if vocab.split_head.match(flat):
            j = _next_nonblank(lines, i + 1, limit=2)
            if j is not None:
                nxt = re.match(vocab.code_re + r"\b", lines[j].flat, re.IGNORECASE)
                if nxt:
                    code = vocab.codes[nxt.group("code").casefold()]
                    starts.append(_Start(i, "outcome", code, "heading", j, strong=True))
                    continue
        match = vocab.code_start.match(flat)
        if match and flat[:1] not in _QUOTES:
            code = vocab.codes[match.group("code").casefold()]
            if _matches_outcome(match.group("rest"), vocab, code):
                starts.append(_Start(i, "outcome", code, "code", i))
                continue
        if len(flat) <= 120:
            if _PLAN_HEADING.match(flat):
                starts.append(_Start(i, "plan", heading_end=i))
                continue
            if _OTHER_END.match(flat):
                starts.append(_Start(i, "other", heading_end=i))
                continue
            goal = _GOAL_HEADING.match(flat)
            if goal and len(flat.split()) <= 14:
                starts.append(_Start(i, "goal", goal.group("number"), heading_end=i))
                continue
    # Outcomes with no heading at all: look for their statement.
    headed = {start.code for start in starts if start.kind == "outcome"}
    taken = {start.index for start in starts}
    for outcome in vocab.framework.outcomes:
        if outcome.code in headed:
            continue
        best: tuple[float, int, int] | None = None
        for i in range(n):
            if lines[i].blank or i in taken:
                continue
            text = ""
            last = i
            for j in range(i, min(n, i + 4)):
                if lines[j].blank:
                    continue
                text = f"{text} {lines[j].flat}".strip()
                last = j
                recall, precision = _overlap(text, outcome.statement)
                if recall >= 0.75 and precision >= 0.6:
                    score = recall + precision
                    if best is None or score > best[0]:
                        best = (score, i, last)
                    break
                if len(text) > 2 * len(outcome.statement) + 40:
                    break
        if best is not None:
            _, i, last = best
            first = i
            previous = _previous_nonblank(lines, i - 1, limit=2)
            if (
                previous is not None
                and re.search(
                    r"\b(?:outcome|objective|goal|domain)\b", lines[previous].flat, re.IGNORECASE
                )
                and len(lines[previous].flat) <= 120
                and previous not in taken
            ):
                first = previous
            starts.append(_Start(first, "outcome", outcome.code, "statement", first))
            taken.add(first)
    starts.sort(key=lambda start: start.index)
    # A heading repeated inside its own section (a running header) starts nothing new;
    # weak candidates of the current outcome are part of it too.
    kept: list[_Start] = []
    for start in starts:
        current = kept[-1] if kept else None
        if (
            current is not None
            and current.kind == start.kind == "outcome"
            and start.code == current.code
            and not (start.strong and _has_grade(lines, current.index, start.index, vocab))
        ):
            continue  # a running header, or the statement under the heading
        kept.append(start)
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


# --------------------------------------------------------------------------------------
# One outcome section
# --------------------------------------------------------------------------------------


@dataclass
class _Reasoning:
    reasons: list[dict] = field(default_factory=list)
    summary: list[tuple[str, int, bool]] = field(default_factory=list)  # text, line, joined
    contacts: list[str] = field(default_factory=list)


def _paragraphs(items: Iterable[tuple[int, str]]) -> str:
    """Join (line index, text) pairs into paragraphs; lines broken mid-sentence rejoin."""
    paragraphs: list[str] = []
    previous_index = None
    for index, text in items:
        if not text:
            continue
        new_paragraph = previous_index is None or index > previous_index + 1
        if paragraphs and new_paragraph:
            last = paragraphs[-1]
            if text[:1].islower() or (
                last and not last.endswith(_SENTENCE_END) and index <= previous_index + 2
            ):
                new_paragraph = False
        if new_paragraph or not paragraphs:
            paragraphs.append(text)
        else:
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        previous_index = index
    return "\n\n".join(paragraphs)


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


def _header_block(
    lines: list[_Line], run: list[int], organisation: str
) -> tuple[str, list[str], set[int]]:
    """(organisation, contact items, leftover line indices) of a Name/Lead contact block."""
    org = ""
    items: list[str] = []
    leftover: set[int] = set()
    collecting = False
    collected_since_blank = False
    for i in run:
        line = lines[i]
        if line.blank:
            if collecting and collected_since_blank:
                collecting = False
            continue
        line_used = False
        for cell in line.cells:
            contact = _CONTACT_LABEL.match(cell)
            name = _NAME_LABEL.match(cell)
            if contact:
                collecting = True
                collected_since_blank = False
                line_used = True
                if contact.group("rest").strip():
                    items.append(contact.group("rest").strip())
                    collected_since_blank = True
                continue
            if name:
                line_used = True
                value = name.group("rest").strip()
                if value and _is_org(value, organisation):
                    org = org or value
                elif value:
                    items.append(value)
                continue
            if _is_org(cell, organisation):
                org = org or cell
                line_used = True
                continue
            if collecting and (
                len(cell.split()) > 8 or (cell.endswith(".") and len(cell.split()) >= 5)
            ):
                collecting = False  # a sentence: the narrative has begun
            if collecting:
                items.append(cell)
                collected_since_blank = True
                line_used = True
        if not line_used:
            leftover.add(i)
    return org, items, leftover


def _is_org(text: str, organisation: str) -> bool:
    text = text.strip()
    if organisation and text.casefold() == organisation.casefold():
        return True
    return bool(_ORG.fullmatch(text))


def _is_name(text: str) -> bool:
    words = text.replace(".", ". ").split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    titles = {
        "dr",
        "dr.",
        "prof",
        "prof.",
        "professor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "sir",
        "dame",
        "lord",
        "lady",
    }
    for word in words:
        bare = word.strip(".,;()").casefold()
        if bare in titles:
            continue
        if bare in _ROLE_WORDS or not word[:1].isupper():
            return False
    return True


def _is_role(text: str) -> bool:
    words = [word.strip(".,;()&").casefold() for word in text.split()]
    words = [word for word in words if word]
    return bool(words) and words[0] in _ROLE_WORDS


def _contacts(items: list[str]) -> tuple[LeadContact, ...]:
    contacts: list[list[str]] = []  # [name, role]

    def add_role(role: str) -> None:
        if contacts and not contacts[-1][1]:
            contacts[-1][1] = role
        else:
            contacts.append(["", role])

    for raw in items:
        item = raw.strip(" ;,")
        if item.startswith("(") and ")" not in item:
            item = item[1:]
        if item.endswith(")") and "(" not in item:
            item = item[:-1]
        item = item.strip(" ;,")
        if not item:
            continue
        pairs = list(
            re.finditer(r"([A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){1,3})\s*\(([^)]+)\)", item)
        )
        if pairs and sum(len(m.group(0)) for m in pairs) >= 0.8 * len(item.replace(" ", "")) - 5:
            for match in pairs:
                contacts.append([match.group(1).strip(), match.group(2).strip()])
            continue
        if (
            contacts
            and contacts[-1][1]
            and (
                contacts[-1][1].rstrip().endswith(("&", " and", " of", ",", "-", "–", " for"))
                or item[:1].islower()
            )
        ):
            contacts[-1][1] = f"{contacts[-1][1]} {item}"
            continue
        parts = (
            [part.strip() for part in item.split(",") if part.strip()] if "," in item else [item]
        )
        for part in parts:
            if _is_name(part):
                contacts.append([part, ""])
            elif _is_role(part):
                add_role(part)
            else:
                words = part.split()
                cut = next(
                    (
                        k
                        for k, word in enumerate(words)
                        if k >= 2 and word.strip(".,;()").casefold() in _ROLE_WORDS
                    ),
                    None,
                )
                if cut is not None and _is_name(" ".join(words[:cut])):
                    contacts.append([" ".join(words[:cut]), " ".join(words[cut:])])
                else:
                    contacts.append([part, ""])
    return tuple(LeadContact(name=name, role=" ".join(role.split())) for name, role in contacts)


# --------------------------------------------------------------------------------------
# Front matter and action plans
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


def _guess_organisation(lines: list[_Line]) -> str:
    counts: Counter[str] = Counter()
    for line in lines:
        for cell in line.cells:
            name = _NAME_LABEL.match(cell)
            value = name.group("rest").strip() if name else cell
            if len(value) <= 100 and _ORG.fullmatch(value):
                counts[value] += 3 if name else 1
    if not counts:
        return ""
    return counts.most_common(1)[0][0]


def parse_report(text: str, framework: EdsFramework) -> ParsedReport:
    """Parse a report's text (see the module notes). Never raises on messy text."""
    vocab = _vocabulary(framework)
    organisation = _guess_organisation(_lines(text))
    lines = _lines(text, organisation)
    starts = _find_starts(lines, vocab)
    n = len(lines)
    outcomes: list[ParsedOutcome] = []
    unplaced: set[int] = set()
    plan_lines: list[int] = []
    action_plan = False
    first = starts[0].index if starts else n
    for index, start in enumerate(starts):
        end = starts[index + 1].index if index + 1 < len(starts) else n
        if start.kind == "outcome":
            outcome, _ = _parse_section(lines, start, end, vocab, organisation)
            outcomes.append(outcome)
        elif start.kind == "plan":
            action_plan = True
            plan_lines.extend(range(start.heading_end + 1, end))
        else:  # a goal or domain heading, or another part of the report
            unplaced.update(range(start.heading_end + 1, end))
    info, fields, front_used = _front_matter(lines, list(range(first)), vocab, organisation)
    unplaced.update(i for i in range(first) if i not in front_used)
    actions, plan_used = _actions(lines, plan_lines, vocab)
    unplaced.update(i for i in plan_lines if i not in plan_used)
    found = {outcome.code for outcome in outcomes}
    missing = tuple(o.code for o in framework.outcomes if o.code not in found)
    section_orgs = Counter(o.organisation for o in outcomes if o.organisation)
    organisation_name = info["organisation"] or (
        section_orgs.most_common(1)[0][0] if section_orgs else organisation
    )
    return ParsedReport(
        framework=framework.code,
        line_count=n,
        title=info["title"],
        organisation=organisation_name,
        period=info["period"],
        date=info["date"],
        fields=tuple(fields),
        outcomes=tuple(outcomes),
        missing=missing,
        action_plan=action_plan,
        actions=tuple(actions),
        unrecognised=tuple(_snippets(lines, unplaced)),
    )
