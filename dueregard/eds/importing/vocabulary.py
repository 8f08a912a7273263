"""Patterns built from the framework (outcome codes, grading factors, grades) and the
fixed patterns of published reports; recognising a grade."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dueregard.frameworks.definitions import EdsFramework, Grade

from .text_lines import _Line


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
