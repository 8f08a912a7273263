"""No internal column name reaches a page or a download; pay gaps read in plain words and
the disability pay gap puts each figure in its own column."""

from __future__ import annotations

import pytest

from dueregard.analytics.workforce import outputs, read_input
from dueregard.analytics.workforce.metrics import run_pack
from dueregard.evidence import presenters, wording
from dueregard.evidence.services.workforce import _tables


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    from dueregard.analytics.synth import write_workforce

    folder = tmp_path_factory.mktemp("wf")
    write_workforce(folder, staff=800, seed=5)
    inputs = {}
    for kind in ("staff", "recruitment", "cases", "training", "survey", "reference"):
        path = next(p for p in folder.iterdir() if p.stem.startswith(kind))
        inputs[kind] = read_input(path, kind)
    result = run_pack(inputs, period="2025-26")
    return result, outputs.publish(result)


def test_every_heading_of_every_pack_table_is_words(pack):
    result, published = pack
    for res in (result, published):
        view = {"type": "pack", "tables": _tables(res)}
        for table in presenters.pack_tables(view):
            for head in table["head"]:
                assert "_" not in head, head
                assert head[:1] == head[:1].upper(), head


def test_the_disability_pay_gap_puts_each_figure_in_its_own_column(pack):
    _result, published = pack
    table = published.tables["disability_pay_gap"]
    assert list(table.columns) == [
        "group",
        "people",
        "all_staff",
        "share_of_staff_pct",
        "mean_hourly",
        "median_hourly",
        "mean_gap_pct",
        "median_gap_pct",
        "reference",
        "note",
    ]
    undisclosed = table[table["group"] == "Did not disclose"].iloc[0]
    assert (
        undisclosed["mean_gap_pct"] in ("*", None)
        or undisclosed["mean_gap_pct"] != (undisclosed["mean_gap_pct"])
    )  # nan: a share is not a gap
    # the share is recomputed from the published (rounded) counts
    people, total = undisclosed["people"], undisclosed["all_staff"]
    assert people % 5 == 0 and total % 5 == 0
    assert undisclosed["share_of_staff_pct"] == pytest.approx(100 * people / total)


def test_pay_gap_readings_are_plain_words():
    table = {
        "columns": [
            "group",
            "people",
            "share_of_staff_pct",
            "mean_gap_pct",
            "median_gap_pct",
            "reference",
            "note",
        ],
        "rows": [
            ["Disabled", 130, 6.7, 3.1, -0.6, "No", ""],
            ["Non-disabled", 1560, 80.0, 0.0, 0.0, "Yes", ""],
            ["Carers", 10, 0.5, None, None, "No", "withheld: fewer than 10 people"],
            ["Did not disclose", 255, 13.1, None, None, "No", "no pay gap: the group is not known"],
        ],
    }
    assert wording.pay_gap_readings(table) == [
        "Disabled staff: mean hourly pay 3.1% lower than Non-disabled staff; median 0.6% higher.",
        "Carers: no pay gap shown (withheld: fewer than 10 people).",
        "13.1% of staff did not disclose, so are in no group's pay gap.",
    ]


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("people", 130.0, "130"),
        ("mean_hourly", 19.5, "19.50"),
        ("mean_gap_pct", 3.14, "3.1"),
        ("pct_lower95", 12.345, "12.3"),
        ("relative_likelihood", 1.234, "1.23"),
    ],
)
def test_cells_are_shown_to_the_precision_of_what_they_are(column, value, shown):
    assert presenters._pack_cell(value, column) == shown
    assert "_" not in wording.heading(column)
