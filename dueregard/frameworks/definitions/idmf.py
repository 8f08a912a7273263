"""The Inclusive Decision Making Framework (``idmf.yaml``): screening and six steps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from .reading import (
    _OPTION_LISTS,
    _REPEATS,
    _YES_NO,
    ANSWER_TYPES,
    Choice,
    _choices,
    _Header,
    _header,
    _Map,
    _norm,
    _Unique,
)


@dataclass(frozen=True)
class IdmfQuestion:
    code: str
    text: str
    type: str  # one of ANSWER_TYPES
    required: bool
    hint: str = ""
    options: tuple[Choice, ...] = ()  # for "choice", resolved from options_from if given
    options_from: str | None = None  # "impact_values" | "confidence_levels"
    repeat_for: str | None = None  # "characteristics" | "psed_aims"
    triggers_on: tuple[str, ...] = ()  # screening: answers that need a full assessment

    @property
    def answer_codes(self) -> tuple[str, ...]:
        """The valid answers of a yes/no or choice question (empty for free answers)."""
        if self.type == "yes_no":
            return _YES_NO
        return tuple(option.code for option in self.options)


@dataclass(frozen=True)
class IdmfScreening:
    title: str
    purpose: str
    questions: tuple[IdmfQuestion, ...]


@dataclass(frozen=True)
class IdmfStep:
    code: str
    number: int
    title: str
    purpose: str
    questions: tuple[IdmfQuestion, ...]


@dataclass(frozen=True)
class PsedAim:
    code: str
    section: str
    name: str
    description: str


@dataclass(frozen=True)
class HumanRightsArticle:
    code: str
    article: str
    name: str


@dataclass(frozen=True)
class HumanRights:
    prompt: str
    articles: tuple[HumanRightsArticle, ...]


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    text: str


@dataclass(frozen=True)
class IdmfFramework(_Header):
    screening: IdmfScreening
    steps: tuple[IdmfStep, ...]
    impact_values: tuple[Choice, ...]
    confidence_levels: tuple[Choice, ...]
    psed_aims: tuple[PsedAim, ...]
    human_rights: HumanRights
    due_regard_checklist: tuple[ChecklistItem, ...]

    kind: ClassVar[str] = "idmf"

    @property
    def questions(self) -> tuple[IdmfQuestion, ...]:
        """Every question: screening first, then the steps in order."""
        return self.screening.questions + tuple(q for step in self.steps for q in step.questions)

    def step(self, code: str) -> IdmfStep:
        for step in self.steps:
            if step.code == code:
                return step
        raise KeyError(f"idmf has no step {code!r}")

    def question(self, code: str) -> IdmfQuestion:
        for question in self.questions:
            if question.code == code:
                return question
        raise KeyError(f"idmf has no question {code!r}")

    def needs_full_assessment(self, answers: Mapping[str, object]) -> bool:
        """Whether the screening answers make the six-step assessment necessary.

        ``answers`` maps screening question codes to answers (option codes, or True/False
        for yes/no). An unanswered screening question counts as "needed": a proposal
        cannot be screened out without answers. An answer that is not a valid option
        raises ``ValueError``.
        """
        for question in self.screening.questions:
            if not question.triggers_on:
                continue
            answer = answers.get(question.code)
            if answer is None or answer == "":
                return True
            if isinstance(answer, bool):
                answer = "yes" if answer else "no"
            code = _norm(str(answer))
            if code not in question.answer_codes:
                raise ValueError(f"{answer!r} is not an answer to {question.code}")
            if code in question.triggers_on:
                return True
        return False


def _parse_idmf(filename: str, data: dict[str, Any]) -> IdmfFramework:
    root = _Map(filename, data, "")
    header = _header(root, "idmf")
    lists = {
        "impact_values": _choices(root, "impact_values", "impact value"),
        "confidence_levels": _choices(root, "confidence_levels", "confidence level"),
    }

    aims = []
    aim_codes = _Unique(root, "PSED aim code")
    for node in root.maps("psed_aims"):
        code = node.slug()
        aim_codes.add(code, node.where)
        aims.append(
            PsedAim(code, node.text("section"), node.text("name"), node.text("description"))
        )
        node.done()

    rights_node = root.mapping("human_rights")
    assert rights_node is not None
    articles = []
    article_codes = _Unique(rights_node, "article code")
    for node in rights_node.maps("articles", required=False, non_empty=False):
        code = node.slug()
        article_codes.add(code, node.where)
        articles.append(HumanRightsArticle(code, node.text("article"), node.text("name")))
        node.done()
    rights = HumanRights(prompt=rights_node.text("prompt"), articles=tuple(articles))
    rights_node.done()

    checklist = []
    checklist_codes = _Unique(root, "checklist code")
    for node in root.maps("due_regard_checklist"):
        code = node.slug()
        checklist_codes.add(code, node.where)
        checklist.append(ChecklistItem(code, node.text("text")))
        node.done()

    question_codes = _Unique(root, "question code")
    screening_node = root.mapping("screening")
    assert screening_node is not None
    screening = IdmfScreening(
        title=screening_node.text("title"),
        purpose=screening_node.text("purpose"),
        questions=_parse_questions(screening_node, question_codes, lists, screening=True),
    )
    screening_node.done()

    steps = []
    step_codes = _Unique(root, "step code")
    for index, node in enumerate(root.maps("steps"), start=1):
        code = node.slug()
        step_codes.add(code, node.where)
        number = node.req_int("number", minimum=1)
        if number != index:
            node.fail(f"step {code!r} is number {number} but is step {index} in the file")
        steps.append(
            IdmfStep(
                code=code,
                number=number,
                title=node.text("title"),
                purpose=node.text("purpose"),
                questions=_parse_questions(node, question_codes, lists, screening=False),
            )
        )
        node.done()

    root.done()
    return IdmfFramework(
        **header,
        screening=screening,
        steps=tuple(steps),
        impact_values=lists["impact_values"],
        confidence_levels=lists["confidence_levels"],
        psed_aims=tuple(aims),
        human_rights=rights,
        due_regard_checklist=tuple(checklist),
    )


def _parse_questions(
    parent: _Map,
    codes: _Unique,
    lists: dict[str, tuple[Choice, ...]],
    screening: bool,
) -> tuple[IdmfQuestion, ...]:
    questions = []
    for node in parent.maps("questions"):
        code = node.slug()
        codes.add(code, node.where)
        kind = node.text("type")
        if kind not in ANSWER_TYPES:
            node.fail(f"question {code!r}: type {kind!r} must be one of {', '.join(ANSWER_TYPES)}")
        required = node.req_flag("required")
        options, options_from = _question_options(node, code, kind, lists)
        repeat_for = _question_repeat(node, code, screening)
        triggers_on = _question_triggers(node, code, kind, options, screening)
        questions.append(
            IdmfQuestion(
                code=code,
                text=node.text("text"),
                type=kind,
                required=required,
                hint=node.text("hint", required=False),
                options=options,
                options_from=options_from,
                repeat_for=repeat_for,
                triggers_on=triggers_on,
            )
        )
        node.done()
    return tuple(questions)


def _question_options(
    node: _Map, code: str, kind: str, lists: dict[str, tuple[Choice, ...]]
) -> tuple[tuple[Choice, ...], str | None]:
    """A choice question's options, given inline or named from a shared list."""
    options_from = node.optional_text("options_from")
    options = _choices(node, "options", "option", required=False)
    if kind != "choice":
        if options or options_from:
            node.fail(f"question {code!r}: options are only for choice questions, not {kind!r}")
        return options, options_from
    if options and options_from:
        node.fail(f"question {code!r}: give 'options' or 'options_from', not both")
    if options_from is not None:
        if options_from not in _OPTION_LISTS:
            node.fail(
                f"question {code!r}: options_from {options_from!r} must be one of "
                f"{', '.join(_OPTION_LISTS)}"
            )
        options = lists[options_from]
    if not options:
        node.fail(f"question {code!r}: a choice question needs 'options' or 'options_from'")
    return options, options_from


def _question_repeat(node: _Map, code: str, screening: bool) -> str | None:
    repeat_for = node.optional_text("repeat_for")
    if repeat_for is not None:
        if screening:
            node.fail(f"question {code!r}: screening questions are answered once")
        if repeat_for not in _REPEATS:
            node.fail(
                f"question {code!r}: repeat_for {repeat_for!r} must be one of {', '.join(_REPEATS)}"
            )
    return repeat_for


def _question_triggers(
    node: _Map, code: str, kind: str, options: tuple[Choice, ...], screening: bool
) -> tuple[str, ...]:
    """The screening answers that call for a full assessment."""
    triggers_on = node.texts("triggers_on")
    if triggers_on:
        if not screening:
            node.fail(f"question {code!r}: triggers_on is only for screening questions")
        valid = _YES_NO if kind == "yes_no" else tuple(option.code for option in options)
        if not valid:
            node.fail(f"question {code!r}: triggers_on needs a yes_no or choice question")
        for answer in triggers_on:
            if answer not in valid:
                node.fail(
                    f"question {code!r}: triggers_on names {answer!r}, which is not an "
                    f"answer ({', '.join(valid)})"
                )
    return triggers_on
