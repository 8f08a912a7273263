"""Award question sets are framework data: read and checked like the EDS and IDMF files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dueregard.frameworks.definitions import (
    FrameworkDataError,
    load_question_set,
    parse_question_set,
)

AWARDS_DATA = Path(__file__).resolve().parents[2] / "dueregard" / "awards" / "data"


def _raw() -> dict:
    return yaml.safe_load((AWARDS_DATA / "inclusive_leader.yaml").read_text(encoding="utf-8"))


def test_every_shipped_question_set_is_valid():
    files = sorted(AWARDS_DATA.glob("*.yaml"))
    assert files
    for path in files:
        question_set = load_question_set(path)
        assert question_set.questions, path.name


def test_the_inclusive_leader_set():
    leader = load_question_set(AWARDS_DATA / "inclusive_leader.yaml")
    assert leader.name == "Inclusive Leader"
    assert len(leader.questions) == 4
    assert all(q.word_limit == 500 and len(q.rubric) == 5 for q in leader.questions)
    values = leader.as_dict()
    assert values["questions"][0]["prompts"][1] == "Evidence of a reduction in health inequalities"
    assert values["questions"][0]["rubric"] == list(leader.rubric)


def test_a_question_may_set_its_own_word_limit_and_rubric():
    raw = _raw()
    raw["questions"][0]["word_limit"] = 250
    raw["questions"][0]["rubric"] = ["1", "2", "3", "4", "5"]
    question_set = parse_question_set(raw, "x.yaml")
    first, second = question_set.questions[:2]
    assert (first.word_limit, first.rubric) == (250, ("1", "2", "3", "4", "5"))
    assert (second.word_limit, second.rubric) == (500, question_set.rubric)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("name"), "missing required key 'name'"),
        (lambda r: r.update(wordlimit=300), "unknown key 'wordlimit'"),
        (lambda r: r.update(word_limit=0), "'word_limit' must be at least 1"),
        (lambda r: r.update(word_limit="500"), "'word_limit' must be a whole number"),
        (lambda r: r.update(rubric=["1", "2", "3"]), r"from 1 to 5 \(5 lines\), got 3"),
        (lambda r: r.update(questions=[]), "'questions' must not be empty"),
        (lambda r: r["questions"][1].pop("text"), r"questions\[1\]: missing required key 'text'"),
        (lambda r: r["questions"][2].update(prompts="one"), r"questions\[2\].*must be a list"),
        (
            lambda r: r["questions"][3].update(text=r["questions"][0]["text"]),
            r"questions\[3\]: duplicate question",
        ),
    ],
)
def test_a_broken_question_set_is_refused_naming_the_file_and_place(change, message):
    raw = _raw()
    change(raw)
    with pytest.raises(FrameworkDataError, match=message) as caught:
        parse_question_set(raw, "inclusive_leader.yaml")
    assert str(caught.value).startswith("inclusive_leader.yaml: ")


def test_an_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(FrameworkDataError, match="broken.yaml: invalid YAML"):
        load_question_set(path)
