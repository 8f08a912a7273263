"""The staff survey items per respondent, as bits of a number summed per respondent.

A survey item (WRES 5–8, WDES 4–9…) counts a respondent as *answering* when they answered
any of its questions and as *positive* when any of those answers is positive. Counting
that directly takes two flags per item, each the maximum over the respondent's rows —
two dozen aggregates per respondent, a national survey's costliest step in time and
memory. Instead each row carries one number whose bits say what that row contributes:

* bit ``j`` (below ``len(questions)``): the row answers ``questions[j]``;
* a higher bit per (item, question): the row's answer to that question is positive for
  that item.

A respondent answers each question once (the importer refuses repeated
(respondent, question) pairs), so no two of their rows set the same bit and the *sum* of
their numbers is the *or* of them: one aggregate, on every engine. That is also checked:
the question bits lie lowest, where no carry from a higher bit can reach, so a repeated
question leaves fewer question bits set than the respondent has rows — and
:func:`widen` refuses the result rather than count wrongly.

The query then counts respondents per (groups, sums, rows), a few thousand rows, and
:func:`widen` turns them into the item sums :func:`.queries.collect` has always given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

#: Bits per summed column: below 2**62 a sum of distinct bits stays a positive int64.
BITS = 62


@dataclass(frozen=True)
class Layout:
    """Which bit means what: the questions asked, then (item key, question, positive
    answers) per positive bit; ``items`` as :func:`.queries._survey_items` yields them."""

    questions: tuple[str, ...]
    positive: tuple[tuple[str, str, tuple[str, ...]], ...]
    items: tuple[tuple[str, tuple[str, ...]], ...]  # (item key, its questions)

    @property
    def columns(self) -> list[str]:
        """The summed columns (``bits_0``, ``bits_1``, …)."""
        total = len(self.questions) + len(self.positive)
        return [f"bits_{c}" for c in range(max(1, -(-total // BITS)))]

    def bit(self, position: int) -> tuple[int, int]:
        """(column, value) of bit ``position``."""
        return position // BITS, 1 << (position % BITS)


def layout(items: Sequence[tuple[str, Any, Any]]) -> Layout:
    """The bits for ``items`` (``(key, standard, item)``)."""
    questions = tuple(dict.fromkeys(q for _k, _s, item in items for q in item.questions))
    if len(questions) > BITS:
        raise ValueError(
            f"the survey definitions name {len(questions)} questions; at most {BITS} can be "
            "counted in one pass"
        )
    positive = tuple(
        (key, q, tuple(sorted(item.positive))) for key, _s, item in items for q in item.questions
    )
    return Layout(
        questions, positive, tuple((key, tuple(item.questions)) for key, _s, item in items)
    )


def row_bits(survey: Any, plan: Layout) -> dict[str, Any]:
    """Ibis expressions: each row's number per summed column."""
    # Imported here: Ibis is slow to import.
    import ibis

    parts: dict[int, list[Any]] = {}
    asked: dict[int, dict[str, int]] = {}
    for j, question in enumerate(plan.questions):
        column, value = plan.bit(j)
        asked.setdefault(column, {})[question] = value
    for column, values in asked.items():
        parts.setdefault(column, []).append(survey.question.substitute(values, else_=0))
    by_answers: dict[tuple[int, tuple[str, ...]], dict[str, int]] = {}
    for i, (_key, question, answers) in enumerate(plan.positive):
        column, value = plan.bit(len(plan.questions) + i)
        values = by_answers.setdefault((column, answers), {})
        values[question] = values.get(question, 0) + value
    for (column, answers), values in by_answers.items():
        parts.setdefault(column, []).append(
            ibis.ifelse(
                survey.answer_norm.isin(list(answers)),
                survey.question.substitute(values, else_=0).cast("int64"),
                ibis.literal(0, "int64"),
            )
        )
    out = {}
    for c, name in enumerate(plan.columns):
        terms = [t.cast("int64") for t in parts.get(c, [])] or [ibis.literal(0, "int64")]
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        out[name] = total
    return out


def widen(counts: pd.DataFrame, plan: Layout, keys: Sequence[str]) -> pd.DataFrame:
    """``counts`` (keys, summed columns, ``rows``, ``n`` respondents) → per keys the item
    sums ``a_<item>`` (respondents answering) and ``p_<item>`` (of them, positive)."""
    bits = [counts[c].to_numpy(dtype=np.int64) for c in plan.columns]
    rows = counts["rows"].to_numpy(dtype=np.int64)
    n = counts["n"].to_numpy(dtype=np.int64)
    asked_bits = np.zeros((len(counts), len(plan.questions)), dtype=bool)
    for j in range(len(plan.questions)):
        column, value = plan.bit(j)
        asked_bits[:, j] = (bits[column] & value) != 0
    if (asked_bits.sum(axis=1) != rows).any():
        raise ValueError(
            "the survey table has a respondent answering the same question more than once; "
            "import it with read_input, which reports the rows"
        )
    where = {q: j for j, q in enumerate(plan.questions)}
    positive: dict[str, np.ndarray] = {}
    for i, (key, _question, _answers) in enumerate(plan.positive):
        column, value = plan.bit(len(plan.questions) + i)
        hit = (bits[column] & value) != 0
        positive[key] = positive[key] | hit if key in positive else hit
    frame = counts[list(keys)].copy()
    for key, questions in plan.items:
        answered = asked_bits[:, [where[q] for q in questions]].any(axis=1)
        frame[f"a_{key}"] = np.where(answered, n, 0)
        frame[f"p_{key}"] = np.where(answered & positive.get(key, False), n, 0)
    if not keys:
        return frame.sum().to_frame().T.astype(np.int64)
    return frame.groupby(list(keys), sort=True, dropna=False).sum().reset_index()
