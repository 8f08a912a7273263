"""Survey items counted as bits summed per respondent give what "any of the item's
questions, per respondent" gives, and a repeated question is refused, not miscounted."""

import importlib

import pandas as pd
import pyarrow as pa
import pytest

from dueregard.analytics.workforce.definitions import get_standard
from dueregard.analytics.workforce.metrics import collect
from dueregard.analytics.workforce.metrics import survey_flags as flags

queries_module = importlib.import_module("dueregard.analytics.workforce.metrics.queries")
STANDARDS = [get_standard("WRES"), get_standard("WDES")]


def _expected(survey: pd.DataFrame) -> pd.DataFrame:
    """Plain pandas: per respondent, any answer to an item's questions, any positive."""
    rows = []
    answered = survey[survey["answer_norm"] != ""]
    for (_rid, group, disability), own in answered.groupby(
        ["respondent_id", "ethnic_group", "disability"]
    ):
        row = {"ethnic_group": group, "disability": disability}
        for key, _std, item in queries_module._survey_items(STANDARDS, survey.columns):
            mine = own[own["question"].isin(item.questions)]
            row[f"a_{key}"] = int(len(mine) > 0)
            row[f"p_{key}"] = int(mine["answer_norm"].isin(item.positive).any())
        rows.append(row)
    frame = pd.DataFrame(rows)
    return frame.groupby(["ethnic_group", "disability"]).sum().reset_index()


def _survey(rows: list[tuple]) -> pa.Table:
    columns = ["respondent_id", "question", "answer_norm", "ethnic_group", "disability"]
    table = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
    table = table.append_column("answer", table["answer_norm"])
    return table.append_column("answer_value", pa.nulls(len(rows), pa.float64()))


def _questions(items) -> list[str]:
    return list(dict.fromkeys(q for _k, _s, item in items for q in item.questions))


def _rows():
    """Respondents answering overlapping items (WRES's q13b and q13c make one item)."""
    items = list(queries_module._survey_items(STANDARDS, ["ethnic_group", "disability"]))
    questions = _questions(items)
    positives = {q: item.positive[0] for _k, _s, item in items for q in item.questions}
    rows = []
    for r in range(40):
        group = ("BME", "White", "Unknown")[r % 3]
        disability = ("Disabled", "Non-disabled")[r % 2]
        for j, question in enumerate(questions):
            if (r + j) % 3 == 0:
                continue  # not every question answered
            answer = positives[question] if (r + 2 * j) % 4 in (1, 2) else "never"
            if (r + j) % 7 == 0:
                answer = ""  # blank answers are not counted
            rows.append((f"R{r}", question, answer, group, disability))
    rows.append(("R99", "not an item", "yes", "BME", "Disabled"))
    return rows


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    items = sorted(c for c in frame.columns if c.startswith(("a_", "p_")))
    columns = ["ethnic_group", "disability", *items]
    return frame[columns].sort_values(["ethnic_group", "disability"]).reset_index(drop=True)


@pytest.mark.parametrize("bits", [flags.BITS, 5], ids=["one-column", "several-columns"])
def test_bits_give_any_per_respondent(monkeypatch, bits):
    monkeypatch.setattr(flags, "BITS", bits)
    monkeypatch.setattr(queries_module, "_COMPILED", {})
    monkeypatch.setenv("DUEREGARD_CACHE_DIR", "off")
    rows = _rows()
    items = list(queries_module._survey_items(STANDARDS, ["ethnic_group", "disability"]))
    if len(_questions(items)) > bits:
        # more questions than bits in a column: refused plainly
        with pytest.raises(ValueError, match="at most 5"):
            collect({"survey": _survey(rows)}, period="2025-26")
        return
    got = collect({"survey": _survey(rows)}, period="2025-26")["survey"]
    expected = _expected(_survey(rows).to_pandas())
    pd.testing.assert_frame_equal(_sorted(got), _sorted(expected), check_dtype=False)


def test_positive_bits_spill_into_more_columns(monkeypatch):
    items = list(queries_module._survey_items(STANDARDS, ["ethnic_group", "disability"]))
    plan = flags.layout(items)
    monkeypatch.setattr(flags, "BITS", len(plan.questions) + 2)
    spread = flags.layout(items)
    assert len(spread.columns) > 1
    monkeypatch.setattr(queries_module, "_COMPILED", {})
    monkeypatch.setenv("DUEREGARD_CACHE_DIR", "off")
    rows = _rows()
    got = collect({"survey": _survey(rows)}, period="2025-26")["survey"]
    expected = _expected(_survey(rows).to_pandas())
    pd.testing.assert_frame_equal(_sorted(got), _sorted(expected), check_dtype=False)


def test_a_repeated_question_is_refused(monkeypatch):
    monkeypatch.setattr(queries_module, "_COMPILED", {})
    rows = _rows()
    first = next(r for r in rows if r[2])
    rows.append(first)  # the same respondent answers the same question twice
    with pytest.raises(ValueError, match="same question more than once"):
        collect({"survey": _survey(rows)}, period="2025-26")
