"""Award question sets (for example ``awards/data/inclusive_leader.yaml``): a category's
questions, example evidence, word limits and the 1–5 scoring rubric, read and checked the
way the EDS and IDMF files are — strict keys, and a :class:`FrameworkDataError` naming
the file and the place of the first problem.

A question set has no framework header: a new round copies it into rows, so a round
keeps the questions it was judged on when the file changes (ADR 0012).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .reading import PathLike, _Map, _read, _Unique

#: Scores run 1 to 5; the rubric describes each.
RUBRIC_LENGTH = 5


@dataclass(frozen=True)
class AwardQuestion:
    text: str
    prompts: tuple[str, ...]
    word_limit: int
    rubric: tuple[str, ...]


@dataclass(frozen=True)
class AwardQuestionSet:
    name: str
    description: str
    word_limit: int  # the default of every question
    rubric: tuple[str, ...]  # the default of every question
    questions: tuple[AwardQuestion, ...]
    filename: str

    def as_dict(self) -> dict[str, Any]:
        """Plain values, each question with its own word limit and rubric filled in."""
        return {
            "name": self.name,
            "description": self.description,
            "word_limit": self.word_limit,
            "rubric": list(self.rubric),
            "questions": [
                {
                    "text": q.text,
                    "prompts": list(q.prompts),
                    "word_limit": q.word_limit,
                    "rubric": list(q.rubric),
                }
                for q in self.questions
            ],
        }


def _rubric(node: _Map, default: tuple[str, ...] | None) -> tuple[str, ...]:
    if default is not None and node.data.get("rubric") is None:
        node.read.append("rubric")
        return default
    rubric = node.texts("rubric")
    if len(rubric) != RUBRIC_LENGTH:
        node.fail(
            f"'rubric' must describe each score from 1 to {RUBRIC_LENGTH} "
            f"({RUBRIC_LENGTH} lines), got {len(rubric)}"
        )
    return rubric


def _word_limit(node: _Map, default: int | None) -> int:
    value = node.integer("word_limit", required=default is None, minimum=1)
    return default if value is None else value


def parse_question_set(data: Any, filename: str = "<content>") -> AwardQuestionSet:
    """A checked :class:`AwardQuestionSet` from parsed YAML content."""
    root = _Map(filename, data, "")
    name = root.text("name")
    description = root.text("description", required=False)
    word_limit = _word_limit(root, None)
    rubric = _rubric(root, None)
    questions = []
    unique = _Unique(root, "question")
    for node in root.maps("questions"):
        text = node.text("text")
        unique.add(" ".join(text.split()).casefold(), node.where, shown=text[:60])
        questions.append(
            AwardQuestion(
                text=text,
                prompts=node.texts("prompts"),
                word_limit=_word_limit(node, word_limit),
                rubric=_rubric(node, rubric),
            )
        )
        node.done()
    root.done()
    return AwardQuestionSet(
        name=name,
        description=description,
        word_limit=word_limit,
        rubric=rubric,
        questions=tuple(questions),
        filename=filename,
    )


def load_question_set(path: PathLike) -> AwardQuestionSet:
    """Read and check an award question set file."""
    filename, data = _read(path)
    return parse_question_set(data, filename)
