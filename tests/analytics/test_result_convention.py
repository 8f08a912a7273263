"""The one result convention: column names, method names, conversions."""

from __future__ import annotations

import numpy as np
import pytest

from dueregard.analytics.stats import (
    StatResult,
    ci_column_names,
    count_limits,
    proportion,
    rate,
)


def test_one_level_and_two_levels():
    one = proportion([5], [10])
    assert one.columns == ["value", "lowercl", "uppercl", "confidence", "statistic", "method"]
    two = proportion([5], [10], confidence=[0.95, 0.998])
    assert two.columns[:5] == ["value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]
    assert two["confidence"][0] == "95%, 99.8%" and one["confidence"][0] == "95%"
    assert two.confidence == (0.95, 0.998)
    assert ci_column_names([0.9, 0.9999]) == [
        ("lower90_0cl", "upper90_0cl"),
        ("lower99_99cl", "upper99_99cl"),
    ]
    lower, upper = two.limits(0.998)
    assert lower is two["lower99_8cl"] and upper is two["upper99_8cl"]


def test_every_row_names_its_method():
    result = rate([0, 5, 10, 2000], [100, 100, 100, 100])
    assert list(result["method"]) == ["Exact", "Exact", "Byars", "Byars"]
    assert result["statistic"][0] == "rate per 100000"
    counts = count_limits([0, 3])
    assert counts["lowercl"][0] == 0 and counts["uppercl"][0] > 3


def test_conversions_and_read_only_constants():
    result = proportion(np.arange(5), np.full(5, 10), multiplier=100)
    frame = result.to_pandas()
    assert list(frame.columns) == result.columns and frame.shape == (5, 6)
    assert result.to_arrow().num_rows == 5
    assert result.to_polars().height == 5
    assert result["statistic"][0] == "percentage"
    with pytest.raises(ValueError):
        result["method"][0] = "other"  # constant columns are read-only views
    extended = result.with_columns(flag=np.ones(5, dtype=bool))
    assert "flag" in extended and "flag" not in result
    assert extended.select(np.array([0, 2])).nrows == 2


def test_columns_must_align():
    with pytest.raises(ValueError, match="has 2 rows, expected 3"):
        StatResult({"value": np.zeros(3), "other": np.zeros(2)}, statistic="x")
