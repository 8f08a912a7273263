"""Age-standardised rates: a missing age band is an error naming the group and band
unless treated as zero by choice; bands other than the 19 five-year bands use ESP 2013
summed to them (the method says so); funnel plots of DSRs as well as proportions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dueregard.analytics.stats import dsr
from dueregard.analytics.stats.standard_populations import ESP2013
from dueregard.evidence.services.analyses import run_service

FIVE = list(ESP2013)


def _frame(groups, bands, column="sex", skip=()):
    rows = []
    for gi, g in enumerate(groups):
        for bi, b in enumerate(bands):
            if (g, b) in skip:
                continue
            rows.append((g, b, 3 + (gi + bi) % 7, 400 + 25 * bi + 50 * gi))
    return pd.DataFrame(rows, columns=[column, "age_band", "numerator", "denominator"])


def test_a_missing_band_names_the_group_and_the_band():
    frame = _frame(["Female", "Male"], FIVE, skip={("Male", "40-44"), ("Male", "90+")})
    with pytest.raises(ValueError) as info:
        run_service(frame, "activity", "standardised", "sex")
    message = str(info.value)
    assert "Male: 40-44, 90+" in message
    assert "treat missing age bands as zero" in message
    assert "Female" not in message


def test_missing_bands_treated_as_zero_only_when_chosen():
    frame = _frame(["Female", "Male"], FIVE, skip={("Male", "40-44")})
    result = run_service(frame, "activity", "standardised", "sex", missing_bands="zero")
    assert "missing age bands treated as zero" in result["method"]
    male = next(r for r in result["rows"] if r["group"] == "Male")
    part = frame[frame["sex"] == "Male"]
    weights = np.array([ESP2013[b] for b in part["age_band"]])
    expected = dsr(part["numerator"], part["denominator"], weights, multiplier=1000)
    assert male["value"] == pytest.approx(float(expected["value"][0]))


def test_custom_age_bands_use_esp2013_summed_to_them():
    bands = ["0-14", "15-44", "45-64", "65+"]
    frame = _frame(["Female", "Male"], bands)
    result = run_service(frame, "activity", "standardised", "sex")
    assert "five-year bands summed to the data's age bands" in result["method"]
    spans = {"0-14": FIVE[0:3], "15-44": FIVE[3:9], "45-64": FIVE[9:13], "65+": FIVE[13:]}
    weights = np.array([sum(ESP2013[b] for b in spans[band]) for band in bands])
    assert weights.sum() == pytest.approx(100_000)
    female = frame[frame["sex"] == "Female"]
    expected = dsr(female["numerator"], female["denominator"], weights, multiplier=1000)
    row = next(r for r in result["rows"] if r["group"] == "Female")
    assert row["value"] == pytest.approx(float(expected["value"][0]))
    assert row["lower"] == pytest.approx(float(expected.limits()[0][0]))


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        (["0-15", "16-64", "65+"], "does not start and end where the five-year bands"),
        (["0-44", "40-64", "65+"], "The age bands overlap"),
        (["young", "old"], "is not a range of ages"),
    ],
)
def test_bands_without_a_standard_population_are_refused(bands, message):
    with pytest.raises(ValueError, match=message):
        run_service(_frame(["Female", "Male"], bands), "activity", "standardised", "sex")


def test_funnel_of_age_standardised_rates():
    frame = _frame(["North", "South", "East", "West"], FIVE, column="area")
    result = run_service(frame, "activity", "funnel", "")
    assert result["type"] == "funnel"
    assert result["funnel"]["statistic"] == "dsr"
    assert "Directly standardised rates" in result["method"]
    assert "funnel limits" in result["method"]
    limits = result["funnel"]["limits"]
    assert len(limits) == 40
    assert all(
        p["lo998"] <= p["lo95"] <= result["funnel"]["baseline"] <= p["hi95"] <= p["hi998"]
        for p in limits
    )
    assert all(r.get("funnel_x") for r in result["rows"])


def test_a_dsr_funnel_needs_two_areas():
    frame = _frame(["North"], FIVE, column="area")
    with pytest.raises(ValueError, match="needs at least two areas"):
        run_service(frame, "activity", "funnel", "")


def test_funnels_of_proportions_and_crude_rates_too():
    frame = pd.DataFrame(
        {"area": ["N", "S", "E"], "numerator": [30, 45, 12], "denominator": [100, 120, 90]}
    )
    assert run_service(frame, "uptake", "funnel", "")["funnel"]["statistic"] == "proportion"
    assert run_service(frame, "activity", "funnel", "")["funnel"]["statistic"] == "rate"
