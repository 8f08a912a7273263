"""What free text says about grades and coverage (independent of the report parser).

:func:`concluded_grade` finds the grade a reason concludes ("For these reasons the
organisation should be graded as 'developing'", "we are achieving", "rated Excellent",
"remains undeveloped"). It is deliberately cautious, because the grade words are also
ordinary English ("the Trust is developing a plan", "has yet to be achieved"):

- a grade counts only in a grading phrase: after a grading verb ("graded / rated / scored
  / viewed / assessed / judged / considered ... as"), after a grade label ("Grade: ...",
  "a grade of ..."), before the word grade or rating ("an 'achieving' grade"), or as the
  predicate of the organisation ("the Trust is developing." but not "is developing plans");
- a negated phrase concludes nothing: "not yet achieving", "cannot be rated as
  excelling", "falls short of achieving" say what the grade is *not*, not what it is;
- an aspiration concludes nothing: "the foundations for an 'achieving' grade", "plans to
  progress to achieving", "working towards excelling";
- when the text concludes several grades, the last one wins (conclusions come last).

:func:`coverage_word` finds the coverage a text states ("for most protected groups"),
ignoring coverage of data, monitoring or engagement ("data for most protected
characteristics"), which says nothing about how far the outcome is met.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dueregard.frameworks.definitions import EdsFramework, Grade

__all__ = [
    "GradeMention",
    "concluded_grade",
    "grade_mentions",
    "coverage_phrase",
    "coverage_word",
]

_Q = r"[\"'‘’“”`*]?"  # an optional quotation mark or emphasis around a grade word

_VERBS = (
    r"(?:graded|rated|scored|assessed|self[- ]assessed|judged|viewed|considered|classed|"
    r"classified|placed|deemed|seen|categori[sz]ed|marked|agreed)"
)
_SUBJECT = (
    r"(?:we|it|this|the\s+(?:organi[sz]ation|trust|ccg|icb|board|provider|service|system|"
    r"partnership|outcome|eds\s+outcome|domain)|this\s+(?:outcome|domain)|"
    r"our\s+(?:organi[sz]ation|trust|performance)|performance)"
)
_COPULA = (
    r"(?:is|are|remains?|was|were|has\s+been|have\s+been|continues?\s+to\s+be|"
    r"is\s+still|are\s+still|stays?)"
)
_ADVERB = r"(?:(?:currently|still|now|therefore|overall|clearly|firmly|also|thus|so)\s+)?"
_END = (
    r"(?=\s*(?:[.,;:!?)\]]|$|\n|(?:for|in|on|against|across)\s+(?:this|the|all|each)\s+"
    r"(?:eds\s+)?(?:outcome|area|domain|objective)|overall\b|this\s+(?:eds\s+)?outcome\b|"
    r"the\s+eds\s+outcome\b))"
)
_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|yet\s+to|cannot|can't|can\s*not|isn't|aren't|wasn't|"
    r"weren't|unable\s+to|fails?\s+to|failed\s+to|falls?\s+short\s+of|short\s+of|"
    r"rather\s+than|instead\s+of|below|nor|neither|without|lacks?)\b|n't\b",
    re.IGNORECASE,
)
_ASPIRATION = re.compile(
    r"\b(?:foundations?\s+for|towards?|progress(?:ing|ion)?\s+(?:to|towards)|move\s+to|"
    r"moving\s+to|reach(?:ing)?|aims?\s+(?:to|for)|aiming\s+(?:to|for)|to\s+become|"
    r"to\s+achieve|on\s+track\s+(?:to|for)|target(?:ing|ed|s)?|aspir\w*|ambition\w*|"
    r"plans?\s+to|planning\s+to|hopes?\s+to|expect(?:s|ed)?\s+to|wants?\s+to|"
    r"next\s+grade|in\s+order\s+to|could\s+become|would\s+(?:be|become)|"
    r"if|unless|when|once|next\s+year|future)\b",
    re.IGNORECASE,
)
#: A clause ends at sentence punctuation, a semicolon, or "but"/"however".
_CLAUSE_BREAK = re.compile(r"[.;!?:]\s|\bbut\b|\bhowever\b|\bwhereas\b|\n", re.IGNORECASE)


@dataclass(frozen=True)
class GradeMention:
    """One place where a text names a grade in a grading phrase."""

    grade: Grade
    start: int
    end: int
    text: str  # the matched phrase
    negated: bool
    aspirational: bool

    @property
    def concludes(self) -> bool:
        return not (self.negated or self.aspirational)


@lru_cache(maxsize=16)
def _patterns(framework: EdsFramework) -> tuple[tuple[re.Pattern[str], ...], dict[str, Grade]]:
    labels: dict[str, Grade] = {}
    for grade in framework.grades:
        for label in grade.labels:
            labels[" ".join(label.split()).casefold()] = grade
    words = sorted(labels, key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, word.split())) for word in words)
    grade = rf"{_Q}(?P<grade>{alternation}){_Q}"
    patterns = [
        # "should be graded as 'developing'", "rated Excellent", "graded as being an ..."
        rf"\b{_VERBS}\s+(?:(?:this|the|our|each|that)\s+(?:eds\s+)?(?:outcome|domain)\s+)?"
        rf"(?:(?:as|at|to\s+be)\s+)?(?:being\s+)?(?:(?:an?|the)\s+)?{grade}(?![\w-])",
        # "Grade: Developing", "a grade of achieving", "the overall grade is 'developing'"
        rf"\b(?:grade|grading|rating|score|eds\s+grade)\s*(?:[:=–-]|\bof\b|\bis\b|\bwas\b|"
        rf"\bremains\b|\bwill\s+be\b|\bshould\s+be\b)\s*(?:(?:an?|the)\s+)?{grade}(?![\w-])",
        # "an 'achieving' grade", "a developing rating"
        rf"\b(?:an?|the|its|our|their)\s+(?:overall\s+)?{grade}\s+(?:grade|rating|score)\b",
        # "the Trust is developing.", "we are achieving this outcome", "remains undeveloped"
        rf"\b{_SUBJECT}\s+(?:\w+\s+){{0,2}}?{_COPULA}\s+{_ADVERB}(?:(?:an?)\s+)?{grade}{_END}",
        # "not achieving but developing"
        rf"\b(?:but|rather)\s+(?:(?:is|are|remains?)\s+)?{_ADVERB}{grade}{_END}",
    ]
    if framework.is_scored:
        scores = "|".join(str(g.score) for g in framework.grades if g.score is not None)
        patterns.append(
            rf"\b(?:scored?|rated|graded|rating|score\s+of|scored\s+at)\s*[:=]?\s*"
            rf"(?P<score>{scores})\b(?![.,]\d)"
        )
    compiled = tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)
    return compiled, labels


def _clause_before(text: str, start: int, words: int = 8) -> str:
    """The words just before ``start`` within the same clause."""
    window = text[max(0, start - 160) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    return " ".join(window.split()[-words:])


def grade_mentions(text: str, framework: EdsFramework) -> list[GradeMention]:
    """Every grading phrase in ``text``, in order, with its negation and aspiration."""
    if not text:
        return []
    patterns, labels = _patterns(framework)
    found: dict[tuple[int, int], GradeMention] = {}
    for pattern in patterns:
        for match in pattern.finditer(text):
            if match.groupdict().get("score") is not None:
                grade = framework.grade_for_score(int(match.group("score")))
                span = match.span("score")
            else:
                grade = labels.get(" ".join(match.group("grade").split()).casefold())
                span = match.span("grade")
            if grade is None or any(s <= span[0] < e for s, e in found):
                continue
            context = _clause_before(text, span[0], words=10)
            found[(span[0], span[1])] = GradeMention(
                grade=grade,
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                negated=bool(_NEGATION.search(context)),
                aspirational=bool(_ASPIRATION.search(context)),
            )
    return [found[key] for key in sorted(found)]


def concluded_grade(text: str, framework: EdsFramework) -> Grade | None:
    """The grade ``text`` concludes, or None if it concludes none (see the module notes).

    Negated and aspirational phrases are ignored; of several conclusions the last wins.
    """
    concluding = [mention for mention in grade_mentions(text, framework) if mention.concludes]
    return concluding[-1].grade if concluding else None


_COVERAGE = re.compile(
    r"\b(?P<word>all|most|some|few|no)\s+(?:of\s+(?:the|its|our)\s+)?(?:of\s+)?"
    r"(?:the\s+)?(?:nine\s+|9\s+)?protected\s+(?:and\s+(?:key\s+)?disadvantaged\s+)?"
    r"(?:characteristics?\s+)?(?:groups?|characteristics?)\b",
    re.IGNORECASE,
)
#: Coverage of these (data, monitoring, engagement) is not coverage of the outcome.
_NOT_OUTCOME = re.compile(
    r"\b(?:data|information|monitor\w*|analys\w*|disaggregat\w*|collect\w*|engag\w*|"
    r"networks?|consult\w*|membership|record\w*|report\w*\s+on)\b",
    re.IGNORECASE,
)


def coverage_phrase(
    text: str, codes: tuple[str, ...] = ("all", "most", "some", "few")
) -> tuple[str, str] | None:
    """(coverage word, the phrase) of the first coverage ``text`` states about the outcome
    ("for most protected groups" -> "most"), or None. "No protected groups" counts as
    "few" unless "none" is one of ``codes``. Coverage of data, monitoring or engagement,
    and negated coverage ("not for all protected groups"), are ignored.
    """
    for match in _COVERAGE.finditer(text or ""):
        before = " ".join(text[max(0, match.start() - 80) : match.start()].split()[-4:])
        if _NOT_OUTCOME.search(before) or _NEGATION.search(before):
            continue
        word = match.group("word").casefold()
        if word == "no":
            word = "none" if "none" in codes else "few"
        if word in codes:
            return word, " ".join(match.group(0).split())
    return None


def coverage_word(text: str, codes: tuple[str, ...] = ("all", "most", "some", "few")) -> str | None:
    """The coverage word of :func:`coverage_phrase`, or None."""
    found = coverage_phrase(text, codes)
    return found[0] if found else None
