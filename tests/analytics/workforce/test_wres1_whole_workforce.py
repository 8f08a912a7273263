"""WRES indicator 1 as NHS England publishes it: the whole workforce by ethnicity (count
and percentage of all staff) beside the pay-band breakdown, worked by hand."""

import pandas as pd
import pytest

from dueregard.analytics.workforce import read_input
from dueregard.analytics.workforce.metrics import run_pack
from dueregard.analytics.workforce.outputs import publish

# 990 BME, 6,307 White and 125 not stated of 7,422 staff, spread over bands and clusters.
GROUPS = (
    ("N Black or Black British - African", 990),
    ("A White - British", 6307),
    ("Z Not stated", 125),
)
BANDS = ("Band 2", "Band 5", "Band 6", "Band 8a")


def _staff() -> pd.DataFrame:
    rows = []
    for label, n in GROUPS:
        for i in range(n):
            rows.append((label, BANDS[i % len(BANDS)], "Y" if i % 3 else "N"))
    return pd.DataFrame(
        {
            "Employee Number": [f"E{i}" for i in range(len(rows))],
            "Ethnic Origin": [r[0] for r in rows],
            "Pay Band": [r[1] for r in rows],
            "Clinical": [r[2] for r in rows],
            "Disability Flag": ["No"] * len(rows),
            "Gender": ["Female"] * len(rows),
        }
    )


@pytest.fixture(scope="module")
def result():
    return run_pack({"staff": read_input(_staff(), "staff")}, period="2025-26", metrics=("wres",))


def test_whole_workforce_counts_and_percentages(result):
    whole = result.tables["wres1_all"].iloc[0]
    assert (whole["BME"], whole["White"], whole["Unknown"], whole["Total"]) == (
        990,
        6307,
        125,
        7422,
    )
    assert [round(whole[c], 1) for c in ("BME %", "White %", "Unknown %")] == [13.3, 85.0, 1.7]
    # the pay-band breakdown adds up to the same whole workforce
    bands = result.tables["wres1"]
    assert bands[["BME", "White", "Unknown", "Total"]].sum().tolist() == [990, 6307, 125, 7422]


def test_whole_workforce_published_from_rounded_counts(result):
    published = publish(result).tables["wres1_all"].iloc[0]
    assert (published["BME"], published["White"], published["Unknown"], published["Total"]) == (
        990,
        6305,
        125,
        7420,
    )
    # 990 / 7,420, 6,305 / 7,420 and 125 / 7,420: the same published percentages
    assert [round(published[c], 1) for c in ("BME %", "White %", "Unknown %")] == [
        13.3,
        85.0,
        1.7,
    ]


def test_staff_file_needs_neither_staff_group_nor_clinical_flag():
    staff = _staff().drop(columns=["Clinical"])
    result = run_pack({"staff": read_input(staff, "staff")}, period="2025-26", metrics=("wres",))
    bands = result.tables["wres1"]
    assert set(bands["cluster"]) == {"All staff"}
    assert bands["Total"].sum() == 7422


def test_board_rows_omitted_with_a_note_when_no_board_data(result):
    board = result.tables["wres9"]
    assert board["population"].tolist() == ["Overall workforce"]
    assert "No board membership was given" in board.attrs["note"]
    assert board["known"].dtype.kind == "i"  # counts of people are whole numbers


def test_wdes9_has_no_9b_group_row():
    from dueregard.analytics.workforce.definitions import get_standard
    from dueregard.analytics.workforce.metrics.standards import _engagement

    engagement = pd.DataFrame(
        {
            "grouping": ["disability"] * 4,
            "group": ["Disabled", "Disabled", "Not disabled", "Not disabled"],
            "answer_value": [6.0, 8.0, 7.0, 9.0],
            "n": [10, 10, 20, 20],
        }
    )
    wdes = get_standard("WDES")
    tables = _engagement(wdes, {"engagement": engagement}, None)
    assert "9b" not in tables["wdes9"]["group"].tolist()
    assert "written, not computed" in tables["wdes9"].attrs["note"]
