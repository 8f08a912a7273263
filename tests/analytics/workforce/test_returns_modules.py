"""Survey summary inputs, trends, the GOV.UK gender pay gap sheet and occupation codes."""

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dueregard.analytics.stats import proportion
from dueregard.analytics.workforce.definitions import get_standard
from dueregard.analytics.workforce.gpg_sheet import deadline, sheet, snapshot_date
from dueregard.analytics.workforce.metrics import gender_pay_gap
from dueregard.analytics.workforce.occupation import clinical_from_codes, is_clinical
from dueregard.analytics.workforce.survey_summary import (
    SurveySummaryError,
    figures_table,
    parse_summary,
    read_summary,
)
from dueregard.analytics.workforce.trends import Point, trend

FIXTURE = Path(__file__).with_name("fixtures") / "wres-survey-benchmark.csv"
WRES = get_standard("WRES", "2025")
WDES = get_standard("WDES", "2025")


def test_benchmark_layout_fixture_reads_every_figure():
    figures = read_summary(FIXTURE, WRES)
    assert len(figures) == 16
    f = next(f for f in figures if (f.indicator, f.group, f.year) == ("5", "BME", 2026))
    assert (f.percentage, f.base, f.positive) == (27.0, 452, 122)  # 122/452 = 26.99%


def test_intervals_come_from_percentage_and_base():
    table = figures_table(read_summary(FIXTURE, WRES), WRES)
    row = table[(table["indicator"] == "8") & (table["group"] == "BME") & (table["year"] == 2025)]
    expected = proportion(np.array([62.0]), np.array([406.0]), multiplier=100)  # 15.2% of 406
    assert row["positive"].item() == 62
    assert row["lower95"].item() == pytest.approx(expected["lowercl"][0])
    assert row["upper95"].item() == pytest.approx(expected["uppercl"][0])
    assert row["lower95"].item() < 15.2 < row["upper95"].item()


def test_long_layout_with_year_given_by_caller():
    frame = pd.DataFrame(
        {
            "Indicator": ["4a(i)", "4a(i)"],
            "Group": ["Disabled", "Non-disabled"],
            "Percentage": ["31.5%", "24.0"],
            "Base": ["200", "1,000"],
        }
    )
    figures = parse_summary(frame, WDES, year=2025)
    assert [(f.group, f.base, f.positive, f.year) for f in figures] == [
        ("Disabled", 200, 63, 2025),
        ("Non-disabled", 1000, 240, 2025),
    ]


def test_xlsx_is_read(tmp_path):
    path = tmp_path / "survey.xlsx"
    pd.read_csv(FIXTURE).to_excel(path, index=False)
    assert len(read_summary(path.read_bytes(), WRES, name="survey.xlsx")) == 16


def test_every_problem_is_reported_with_its_row():
    frame = pd.DataFrame(
        {
            "indicator": ["5", "99", "6", "5"],
            "group": ["BME", "BME", "Asian", "BME"],
            "percentage": ["120", "10", "10", "30"],
            "base": ["0", "10", "10", "50"],
            "year": ["2025", "2025", "2025", "2025"],
        }
    )
    with pytest.raises(SurveySummaryError) as err:
        parse_summary(frame, WRES)
    text = str(err.value)
    assert "row 2: percentage '120' must be a number from 0 to 100" in text
    assert "row 2: base '0' must be a whole number" in text
    assert "row 3: indicator '99' is not a survey indicator" in text
    assert "row 4: group 'Asian' is not one of BME, White" in text
    assert "row 5: repeats row 2" not in text  # row 2 was rejected, so row 5 stands


def test_duplicates_and_missing_columns_and_missing_year():
    frame = pd.DataFrame(
        {
            "indicator": ["5", "5"],
            "group": ["BME", "BME"],
            "percentage": ["1", "2"],
            "base": ["5", "5"],
        }
    )
    with pytest.raises(SurveySummaryError, match="row 3: repeats row 2"):
        parse_summary(frame, WRES, year=2025)
    with pytest.raises(SurveySummaryError, match="year missing"):
        parse_summary(frame, WRES)
    with pytest.raises(SurveySummaryError, match="missing columns: base"):
        parse_summary(frame.drop(columns=["base"]), WRES)


def test_trend_change_and_significance():
    rows = trend(
        [
            Point("8 BME", 2024, 15.2, 62, 406),
            Point("8 BME", 2025, 12.1, 54, 449),
            Point("7 BME", 2024, 44.9, 180, 401),
            Point("7 BME", 2025, 50.9, 227, 446),
            Point("2", 2024, 1.6),
            Point("2", 2025, 1.3),
        ]
    )
    by = {(r.series, r.year): r for r in rows}
    assert by[("8 BME", 2024)].change is None
    small = by[("8 BME", 2025)]
    assert small.change == pytest.approx(54 / 449 * 100 - 62 / 406 * 100)
    assert small.lower95 < 0 < small.upper95 and small.beyond_chance is False
    # 44.9% of 401 → 50.9% of 446: Newcombe interval just excludes 0? compute the limits
    big = by[("7 BME", 2025)]
    assert big.lower95 < big.change < big.upper95
    assert big.beyond_chance == (big.lower95 > 0)
    rl = by[("2", 2025)]
    assert rl.change == pytest.approx(-0.3) and rl.beyond_chance is None


def test_trend_clear_change_is_beyond_chance():
    rows = trend([Point("x", 2024, 10.0, 100, 1000), Point("x", 2025, 20.0, 200, 1000)])
    assert rows[1].beyond_chance is True and rows[1].lower95 > 0
    with pytest.raises(ValueError, match="given twice"):
        trend([Point("x", 2024, 1.0), Point("x", 2024, 2.0)])


def _pay(men, women):
    rows = [("Male", v, 1) for v in men] + [("Female", v, 1) for v in women]
    return pd.DataFrame(rows, columns=["group", "hourly", "n"])


def test_gpg_sheet_matches_the_hand_worked_example():
    # Men £10, £12, £15, £25; women £9, £11, £13, £14 an hour. Two men paid bonuses of
    # £100 and £300, one woman £100; four men and four women are relevant employees.
    # Mean: men 15.50, women 11.75 → (15.50 − 11.75) / 15.50 = 24.19% → 24.2
    # Median: men 13.50, women 12.00 → 1.50 / 13.50 = 11.11% → 11.1
    # Bonus mean 200 v 100 → 50.0; median 200 v 100 → 50.0; paid a bonus 2/4, 1/4.
    # Ranked: 9F 10M | 11F 12M | 13F 14F | 15M 25M → quartiles men 50, 50, 0, 100.
    bonus = pd.DataFrame(
        {"group": ["Male", "Male", "Female"], "bonus_pay": [100.0, 300.0, 100.0], "n": [1, 1, 1]}
    )
    figures = gender_pay_gap(
        _pay([10, 12, 15, 25], [9, 11, 13, 14]), bonus, {"Male": 4, "Female": 4}
    )
    s = sheet(figures, sector="public", snapshot_year=2025)
    assert s.snapshot == dt.date(2025, 3, 31) and s.deadline == dt.date(2026, 3, 30)
    assert [v for _f, v in s.figures] == [24.2, 11.1, 50.0, 50.0, 50.0, 25.0]
    assert [(m, w) for _q, m, w in s.quartiles] == [
        (50.0, 50.0),
        (50.0, 50.0),
        (0.0, 100.0),
        (100.0, 0.0),
    ]
    rows = s.rows()
    assert rows[1] == ["Snapshot date", "2025-03-31", "", ""]
    assert rows[3] == ["Mean gender pay gap in hourly pay", "24.2", "", ""]
    assert rows[-1] == ["Upper quartile", "", "100.0", "0.0"]


def test_snapshot_date_rule_by_sector():
    assert snapshot_date("private", 2025) == dt.date(2025, 4, 5)
    assert deadline("private", dt.date(2025, 4, 5)) == dt.date(2026, 4, 4)
    with pytest.raises(ValueError, match="sector must be one of"):
        snapshot_date("charity", 2025)
    with pytest.raises(ValueError, match="lacks"):
        sheet(pd.DataFrame({"measure": ["x"], "value": [1.0]}), sector="public", snapshot_year=2025)


def test_clinical_from_occupation_codes():
    assert is_clinical("100") is True  # medical: general medicine
    assert is_clinical("n1a") is True
    assert is_clinical("G2A") is False
    assert is_clinical("Z9Z") is None and is_clinical("") is None
    assert is_clinical("Z9Z", {"Z": False}) is False
    r = clinical_from_codes(["N0A", "G1B", "X1X", "X1X", None])
    assert r.values == [True, False, None, None, None]
    assert r.unknown_codes == {"X1X": 2, "(blank)": 1}
