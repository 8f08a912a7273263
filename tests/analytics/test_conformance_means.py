"""Means with Student's t intervals against the PHE reference data."""

from __future__ import annotations

import pyarrow as pa

from dueregard.analytics.stats import grouped, mean, mean_from_values

from .helpers import assert_matches

COLUMNS = ["value_sum", "value_count", "stdev", "value"]
LIMITS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


def test_means_by_area_and_overall(oracle):
    data = oracle.sheet("testdata_Mean.xlsx", "testdata_Mean")
    expected = oracle.sheet("testdata_Mean.xlsx", "testdata_Mean_results")
    by_area = mean_from_values(data["values"], data["area"], confidence=[0.95, 0.998])
    overall = mean_from_values(data["values"], confidence=[0.95, 0.998])
    assert list(by_area["group"]) == ["Area1", "Area2"]
    for col in COLUMNS + LIMITS:
        got = list(by_area[col]) + list(overall[col])
        assert_matches(got, expected[col], what=col)
    assert set(by_area["method"]) == {"Student's t-distribution"}


def test_means_from_aggregates_and_grouped_engine(oracle):
    data = oracle.sheet("testdata_Mean.xlsx", "testdata_Mean")
    expected = oracle.sheet("testdata_Mean.xlsx", "testdata_Mean_results").iloc[:2]
    direct = mean(
        expected.value_sum, expected.value_count, expected.stdev, confidence=[0.95, 0.998]
    )
    table = grouped.mean(pa.Table.from_pandas(data), "values", by="area", confidence=[0.95, 0.998])
    for col in ["value", *LIMITS]:
        assert_matches(direct[col], expected[col], what=col)
        assert_matches(table[col], expected[col], what=f"grouped {col}")
