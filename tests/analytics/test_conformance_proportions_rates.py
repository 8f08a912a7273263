"""Proportions, rates and the Byar/Wilson primitives against the PHE reference data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from dueregard.analytics.engine import to_ibis
from dueregard.analytics.stats import grouped, proportion, rate
from dueregard.analytics.stats._intervals import byars_limits, wilson_limits

from .helpers import assert_matches, level

TWO_LEVELS = ["value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]
ONE_LEVEL = ["value", "lowercl", "uppercl"]


def test_byars_and_wilson_primitives(oracle):
    data = oracle.sheet("testdata_Byars_Wilson.xlsx", "testdata_B_W")
    assert len(data) == 13
    for _, row in data.iterrows():
        conf = level(row.confidence)
        if row.method == "Byars":
            lower, upper = byars_limits(np.array([row.x]), conf)
        else:
            lower, upper = wilson_limits(np.array([row.x]), np.array([row.n]), conf)
        assert_matches(lower, [row.lowercl], what=f"{row.method} {row.x} lower")
        assert_matches(upper, [row.uppercl], what=f"{row.method} {row.x} upper")


@pytest.mark.parametrize("multiplier", [1, 100])
def test_proportion_two_levels(oracle, multiplier):
    data = oracle.sheet("testdata_Proportion.xlsx", "testdata_Prop")
    rows = data[data.multiplier == multiplier]
    result = proportion(
        rows.Numerator,
        rows.Denominator,
        confidence=[0.95, 0.998],
        multiplier=multiplier,
        nan_policy="propagate",
    )
    for col in TWO_LEVELS:
        assert_matches(result[col], rows[col], what=col)
    assert set(result["method"]) == {"Wilson"}
    assert list(result["statistic"]) == list(rows.statistic)


def test_proportion_grouped_sheet_via_pandas(oracle):
    """testdata_Prop_g is testdata_Prop summed by area: the grouped interface."""
    source = oracle.sheet("testdata_Proportion.xlsx", "testdata_Prop")
    expected = oracle.sheet("testdata_Proportion.xlsx", "testdata_Prop_g")
    result = grouped.proportion(
        source, "Numerator", "Denominator", by="Area", nan_policy="propagate"
    )
    assert list(result["Area"]) == sorted(expected.Area)  # groups come back sorted by key
    expected = expected.set_index("Area").loc[result["Area"]]
    assert_matches(result["numerator"], expected.Numerator, what="numerator")
    assert_matches(result["denominator"], expected.Denominator, what="denominator")
    for col in ONE_LEVEL:
        assert_matches(result[col], expected[col], what=col)
    assert set(result["confidence"]) == {"95%"}


@pytest.mark.parametrize("multiplier", [100, 100_000])
def test_rate_two_levels(oracle, multiplier):
    data = oracle.sheet("testdata_Rate.xlsx", "testdata_Rate")
    rows = data[data.multiplier == multiplier]
    result = rate(
        rows.Numerator,
        rows.Denominator,
        confidence=[0.95, 0.998],
        multiplier=multiplier,
        nan_policy="propagate",
    )
    for col in TWO_LEVELS:
        assert_matches(result[col], rows[col], what=col)
    assert list(result["method"]) == [m if isinstance(m, str) else "" for m in rows.method]
    assert set(result["statistic"]) == set(rows.statistic)


@pytest.mark.filterwarnings("ignore:.*infer_string.*")  # raised inside Ibis on pandas 3
@pytest.mark.parametrize("engine", ["arrow", "polars", "ibis"])
def test_rate_grouped_sheet_in_each_engine(oracle, engine):
    """testdata_Rate_g is testdata_Rate summed by area, aggregated in each engine."""
    import polars as pl

    source = oracle.sheet("testdata_Rate.xlsx", "testdata_Rate")[
        ["Area", "Numerator", "Denominator"]
    ]
    expected = oracle.sheet("testdata_Rate.xlsx", "testdata_Rate_g")
    table = {
        "arrow": lambda: pa.Table.from_pandas(source, preserve_index=False),
        "polars": lambda: pl.from_pandas(source),
        "ibis": lambda: to_ibis(source),
    }[engine]()
    result = grouped.rate(table, "Numerator", "Denominator", by="Area", nan_policy="propagate")
    assert list(result["Area"]) == sorted(expected.Area)
    expected = expected.set_index("Area").loc[result["Area"]]
    for col in ONE_LEVEL:
        assert_matches(result[col], expected[col], what=col)
    methods = [m if isinstance(m, str) else "" for m in expected.method]
    assert list(result["method"]) == methods


def test_missing_values_raise_by_default(oracle):
    data = oracle.sheet("testdata_Proportion.xlsx", "testdata_Prop")
    with pytest.raises(ValueError, match=r"numerator has missing \(nan\) values .*rows 16, 18"):
        proportion(data.Numerator, data.Denominator)
    frame = pd.DataFrame({"a": ["x", "y"], "n": [1.0, np.nan], "d": [2.0, 3.0]})
    with pytest.raises(ValueError, match="column 'n' has missing values .*a='y'"):
        grouped.proportion(frame, "n", "d", by="a")
