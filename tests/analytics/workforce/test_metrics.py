"""Hand-worked workforce metrics."""

import numpy as np
import pandas as pd
import pytest

from dueregard.analytics.workforce import read_input
from dueregard.analytics.workforce.metrics import (
    gender_pay_gap,
    likelihoods,
    quartile_shares,
    round1,
    run_pack,
)


def test_relative_likelihood_hand_worked():
    r = likelihoods([117], [389], [2], [10])
    assert r["relative_likelihood"][0] == pytest.approx((117 / 389) / (2 / 10))
    assert round(r["relative_likelihood"][0], 3) == 1.504
    assert r["outside_0_80_1_25"][0]
    assert r["lower95"][0] < 1 < r["upper95"][0]


def test_relative_likelihood_zero_denominator_is_nan():
    r = likelihoods([1, 3], [0, 10], [2, 2], [10, 10])
    assert np.isnan(r["relative_likelihood"][0])
    assert r["relative_likelihood"][1] == pytest.approx(1.5)


def _pay(men, women):
    rows = [("Male", v, 1) for v in men] + [("Female", v, 1) for v in women]
    return pd.DataFrame(rows, columns=["group", "hourly", "n"])


def test_gender_pay_gap_hand_worked():
    t = gender_pay_gap(_pay([10, 12, 15, 25], [9, 11, 13, 20]), None, {"Male": 4, "Female": 4})
    v = dict(zip(t["measure"], t["value"], strict=True))
    assert v["Mean hourly pay gap (%)"] == 14.5
    assert v["Median hourly pay gap (%)"] == 11.1
    for q in ("Lower", "Lower middle", "Upper middle", "Top"):
        assert v[f"{q} quartile: men (%)"] == 50.0
        assert v[f"{q} quartile: women (%)"] == 50.0


def test_bonus_figures():
    bonus = pd.DataFrame(
        {"group": ["Male", "Male", "Female"], "bonus_pay": [100.0, 300.0, 150.0], "n": [1, 1, 1]}
    )
    t = gender_pay_gap(_pay([10, 12], [9, 11]), bonus, {"Male": 4, "Female": 5})
    v = dict(zip(t["measure"], t["value"], strict=True))
    assert v["Mean bonus gap (%)"] == 25.0  # (200 - 150) / 200
    assert v["Median bonus gap (%)"] == 25.0
    assert v["Men paid a bonus (%)"] == 50.0
    assert v["Women paid a bonus (%)"] == 20.0


def test_quartile_ties_shared_across_the_boundary():
    # four people: three on £10 (one man, two women), one man on £20
    men, women = quartile_shares([10.0, 20.0], [1, 1], [2, 0])
    np.testing.assert_allclose(men, [1 / 3, 1 / 3, 1 / 3, 1])
    np.testing.assert_allclose(women, [2 / 3, 2 / 3, 2 / 3, 0])


def test_quartiles_fractional_boundaries():
    men, women = quartile_shares([1.0, 2.0, 3.0, 4.0, 5.0], [1, 0, 1, 0, 1], [0, 1, 0, 1, 0])
    np.testing.assert_allclose(men + women, [1.25] * 4)
    assert men.sum() == pytest.approx(3)


def test_round_half_away_from_zero():
    assert list(round1([14.45, -14.45, 0.05])) == [14.5, -14.5, 0.1]


def _staff(n_white, n_bme):
    n = n_white + n_bme
    return pd.DataFrame(
        {
            "Employee Number": [f"E{i}" for i in range(n)],
            "Pay Band": ["Band 5"] * n,
            "Clinical": ["Y"] * n,
            "Ethnic Origin": ["A White - British"] * n_white
            + ["N Black or Black British - African"] * n_bme,
            "Disability Flag": ["No"] * n,
            "Gender": ["Female"] * n,
        }
    )


def test_wres2_end_to_end_hand_worked():
    rows = (
        [("White - British", "Appointed")] * 117
        + [("White - British", "Shortlisted")] * 272
        + [("White - British", "Applied")] * 500
        + [("Black or Black British - African", "Appointed")] * 2
        + [("Black or Black British - African", "Shortlisted")] * 8
        + [("Black or Black British - African", "Applied")] * 30
        + [("Not stated", "Appointed")] * 5
    )
    rec = pd.DataFrame(
        {
            "Applicant ID": [f"A{i}" for i in range(len(rows))],
            "Ethnicity": [r[0] for r in rows],
            "Stage": [r[1] for r in rows],
            "Disability": ["No"] * len(rows),
        }
    )
    inputs = {
        "staff": read_input(_staff(20, 10), "staff"),
        "recruitment": read_input(rec, "recruitment"),
    }
    result = run_pack(inputs, period="2025-26", metrics=("wres",))
    t = result.tables["wres2"]
    assert round(t.attrs["summary"]["relative_likelihood"], 3) == 1.504
    unknown = t.set_index("group").loc["Unknown"]
    assert unknown["appointed"] == 5 and unknown["shortlisted"] == 5
    w1 = result.tables["wres1"]
    assert w1[["White", "BME", "Total"]].sum().tolist() == [20, 10, 30]


def test_wres3_and_formal_processes_every_characteristic():
    staff = _staff(100, 50)
    cases = pd.DataFrame(
        {
            "Case ID": [f"C{i}" for i in range(12)],
            "Employee Number": [f"E{i}" for i in range(2)] + [f"E{100 + i}" for i in range(10)],
            "Case Type": ["Disciplinary"] * 12,
            "Start Date": ["2025-06-01"] * 11 + ["2020-01-01"],  # the last is outside the window
        }
    )
    result = run_pack(
        {"staff": read_input(staff, "staff"), "cases": read_input(cases, "cases")},
        period="2025-26",
        metrics=("wres", "funnel"),
    )
    s = result.tables["wres3"].attrs["summary"]
    assert s["relative_likelihood"] == pytest.approx((9 / 50) / (2 / 100))
    fp = result.tables["formal_processes"]
    assert set(fp["characteristic"]) >= {"Sex", "Disability", "Ethnicity (WRES groups)"}


@pytest.mark.parametrize("seed", range(5))
def test_sums_of_an_aggregate_equal_pandas_groupby(seed):
    from dueregard.analytics.workforce.metrics.tables import _sums

    rng = np.random.default_rng(seed)
    size = 200
    labels = np.array(["a", "b", "Not declared", "Unknown", None], dtype=object)
    frame = pd.DataFrame(
        {
            "grouping": pd.array(rng.choice(labels, size), dtype="string"),
            "group": rng.choice(labels, size),
            "flag": rng.random(size) < 0.5,
            "n": rng.integers(0, 1000, size),
            "m": np.where(rng.random(size) < 0.1, np.nan, rng.integers(0, 50, size)),
        }
    )
    keys, values = ["grouping", "flag", "group"], ["n", "m"]
    expected = frame.groupby(keys, sort=False)[values].sum()
    got = _sums(frame, keys, values)
    assert list(got) == list(expected.index)
    assert [tuple(v) for v in got.values()] == list(expected.itertuples(index=False, name=None))
