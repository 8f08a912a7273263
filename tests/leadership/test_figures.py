"""The figures, worked by hand: published counts, shares and Wilson intervals from the
rounded counts, the gap to the community, and small boards suppressed everywhere."""

import math

import pandas as pd
import pytest

from dueregard.leadership import figures
from dueregard.leadership.services.catalogue import CATALOGUE

from .helpers import staff_rows

# Hartlepool in the test Census file: 3,070 residents, 1,920 White.
PROFILE = {"total": 3070, "broad": [{"code": "white", "n": 1920}, {"code": "asian", "n": 150}]}


def wilson(x, n, z=1.959964):
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


def test_population_share_is_everyone_not_white():
    assert figures.population_share(PROFILE, "ethnicity") == pytest.approx(100 * 1150 / 3070)
    assert figures.population_share(PROFILE, "disability") is None
    assert figures.population_share({"total": 0, "broad": []}, "ethnicity") is None


def test_hand_worked_level():
    # 32 ethnic minority, 71 White, 5 not known: published 30, 70 and *.
    row = figures.level_row({"minority": 32, "white": 71, "unknown": 5}, "ethnicity", 37.459)
    assert row["counts"] == {"minority": 30.0, "white": 70.0, "unknown": None}
    assert row["known"] == 100.0
    assert row["value"] == pytest.approx(30.0)  # 30 of the published 100, not 32 of 103
    lower, upper = wilson(30, 100)
    assert (row["lower"], row["upper"]) == (
        pytest.approx(lower, abs=1e-4),
        pytest.approx(upper, abs=1e-4),
    )
    assert round(row["lower"], 1) == 21.9 and round(row["upper"], 1) == 39.6
    assert row["gap"] == pytest.approx(30.0 - 37.459)


def test_board_of_twelve_with_one_member_shows_star_and_no_share():
    row = figures.level_row({"minority": 1, "white": 11, "unknown": 0}, "ethnicity", 37.5)
    assert row["counts"]["minority"] is None  # shown as *
    assert row["counts"]["white"] == 10.0  # rounded: 12 - 10 does not give the 1 back
    assert row["value"] is None and row["lower"] is None and row["gap"] is None
    assert row["suppressed"] and not row["empty"]
    # a share of the board from the rounded figures alone would be 0 of 10: not shown either
    assert "total" not in row


def test_every_category_of_a_small_level_is_suppressed_or_rounded():
    for n in range(1, 8):
        row = figures.level_row({"minority": n, "white": 20, "unknown": 0}, "ethnicity", None)
        assert row["counts"]["minority"] is None and row["value"] is None
    row = figures.level_row({"minority": 0, "white": 0, "unknown": 0}, "ethnicity", None)
    assert row["empty"] and not row["suppressed"]


def test_snapshot_counts_from_staff_rows():
    frame = staff_rows(
        {
            ("VSM", True, "A"): 2,
            ("Band 9", False, "H"): 3,
            ("Band 8c", True, "Not declared"): 1,
            ("Band 5", False, "C"): 4,
        }
    )
    frame.loc[0, "disability"] = "Disabled"
    frame.loc[1, "sex"] = "Male"
    frame.loc[5, "age_band"] = "<=20 Years"
    counts = figures.snapshot_counts(frame)
    levels = counts["levels"]
    assert levels["board"]["ethnicity"] == {"minority": 0, "white": 2, "unknown": 1}
    assert levels["vsm"]["ethnicity"] == {"minority": 0, "white": 2, "unknown": 0}
    assert levels["band_9"]["ethnicity"] == {"minority": 3, "white": 0, "unknown": 0}
    assert levels["bands_8a_9"]["ethnicity"] == {"minority": 3, "white": 0, "unknown": 1}
    assert levels["all"]["ethnicity"] == {"minority": 3, "white": 6, "unknown": 1}
    assert levels["board"]["disability"] == {"disabled": 1, "not_disabled": 2, "unknown": 0}
    assert levels["board"]["sex"] == {"female": 2, "male": 1, "unknown": 0}
    assert levels["board"]["age"] == {"under_40": 1, "40_54": 2, "55_over": 0, "unknown": 0}
    assert counts["characteristics"] == ["ethnicity", "disability", "sex", "age"]


def test_a_characteristic_the_file_lacks_is_left_out():
    frame = pd.DataFrame({"pay_grade": ["Band 8a"], "ethnic_category": ["A"]})
    counts = figures.snapshot_counts(frame)
    assert counts["characteristics"] == ["ethnicity"]
    assert counts["levels"]["board"]["ethnicity"] == {"minority": 0, "white": 0, "unknown": 0}


def test_system_adds_organisations_up():
    a = {"characteristics": ["ethnicity"], "levels": {"board": {"ethnicity": {"minority": 3}}}}
    b = {"characteristics": ["ethnicity"], "levels": {"board": {"ethnicity": {"minority": 6}}}}
    assert figures.add_counts([a, b])["levels"]["board"]["ethnicity"] == {"minority": 9}


def test_catalogue_measures_use_published_counts():
    frame = staff_rows(
        {
            ("Band 8a", True, "N"): 32,
            ("Band 8a", True, "A"): 71,
            ("Band 5", False, "A"): 400,
            ("Band 5", False, "M"): 100,
        }
    )
    counts = figures.snapshot_counts(frame)
    assert CATALOGUE["minority_8a_9"].compute(counts, None)["value"] == pytest.approx(30.0)
    gap = CATALOGUE["senior_gap"].compute(counts, 20.0)["value"]
    assert gap == pytest.approx(10.0)
    # WRES 9: board 30/100 against the workforce 130/600 (published 130 and 470)
    wres9 = CATALOGUE["wres9"].compute(counts, None)["value"]
    assert wres9 == pytest.approx(30.0 - 100 * 130 / 600)
    assert CATALOGUE["board_gap"].compute(counts, None) == {"value": None, "missing": True}
