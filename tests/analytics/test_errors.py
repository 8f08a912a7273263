"""Invalid input raises ValueError naming the offending rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dueregard.analytics.stats import (
    dsr,
    grouped,
    isratio,
    mean,
    proportion,
    quantile,
    rate,
    relative_likelihood,
    sii,
)


def test_numerator_greater_than_denominator_names_the_rows():
    with pytest.raises(
        ValueError,
        match=r"numerator must not be greater than denominator "
        r"\(2 in total\): rows 1, 3$",
    ):
        proportion([1, 5, 2, 9], [3, 4, 2, 8])


def test_negative_counts_and_zero_denominators():
    with pytest.raises(ValueError, match=r"numerator must not be negative \(1 in total\): row 2"):
        rate([1, 2, -3], [10, 10, 10])
    with pytest.raises(ValueError, match=r"denominator must be greater than zero .*row 0"):
        rate([1, 2, 3], [0, 10, 10])
    with pytest.raises(ValueError, match=r"reference_denominator must be greater than zero"):
        relative_likelihood([1], [2], [0], [0])


def test_long_lists_are_truncated_with_a_count():
    x = np.arange(30.0)
    n = np.full(30, 5.0)
    with pytest.raises(ValueError) as info:
        proportion(x, n)
    message = str(info.value)
    assert "(24 in total)" in message
    assert "rows 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 … and 14 more" in message


def test_mismatched_lengths():
    with pytest.raises(
        ValueError, match=r"mismatched lengths: numerator \(3,\), denominator \(2,\)"
    ):
        proportion([1, 2, 3], [4, 5])
    with pytest.raises(ValueError, match="mismatched lengths"):
        relative_likelihood([1, 2], [3, 4], [1], [2])
    with pytest.raises(ValueError, match="mismatched lengths"):
        sii([70, 71], [100, 100, 100], [1, 2], se=[1, 1])


def test_nan_is_named_unless_propagated():
    with pytest.raises(ValueError, match=r"denominator has missing \(nan\) values .*row 1"):
        proportion([1, 2], [3, np.nan])
    result = proportion([1, 2], [3, np.nan], nan_policy="propagate")
    assert np.isnan(result["value"][1]) and not np.isnan(result["value"][0])
    with pytest.raises(ValueError, match="nan_policy must be"):
        proportion([1], [2], nan_policy="omit")


def test_missing_standard_population_bands():
    counts = np.ones((2, 19)) * 5
    with pytest.raises(ValueError, match="standard population has 18 bands but the data have 19"):
        dsr(counts, counts * 100, np.ones(18))
    with pytest.raises(ValueError, match=r"standard population missing \(nan\).*row 3"):
        dsr([5, 5, 5, 5], [100, 100, 100, 100], [1, 1, 1, np.nan], groups=[1, 1, 2, 2])
    frame = pd.DataFrame(
        {"area": ["a", "a"], "band": ["0-4", "100-104"], "x": [5, 6], "pop": [100, 100]}
    )
    with pytest.raises(ValueError, match="no standard population for age band.*100-104"):
        grouped.dsr(frame, "x", "pop", "band", by="area")


def test_isr_and_mean_and_quantile_errors():
    with pytest.raises(ValueError, match="reference population must be greater than zero"):
        isratio([1, 2], [10, 10], [1, 1], [0, 10])
    with pytest.raises(ValueError, match="needs at least 2 values.*row 0"):
        mean([3.0], [1], [0.0])
    with pytest.raises(ValueError, match="nquantiles must be a positive whole number"):
        quantile([1, 2, 3], 0)


def test_confidence_must_be_a_fraction():
    with pytest.raises(ValueError, match="between 0 and 1"):
        proportion([1], [2], confidence=95)
    with pytest.raises(ValueError, match="distinct"):
        proportion([1], [2], confidence=[0.95, 0.95])


def test_grouped_errors_name_groups():
    frame = pd.DataFrame({"g": ["a", "b", "b"], "x": [1, 9, 1], "n": [2, 4, 4]})
    with pytest.raises(
        ValueError,
        match=r"numerator must not be greater than denominator "
        r"\(1 in total\): group g='b'",
    ):
        grouped.proportion(frame, "x", "n", by="g")
    with pytest.raises(ValueError, match="table has no column"):
        grouped.proportion(frame, "x", "missing", by="g")
    with pytest.raises(TypeError, match="pyarrow Table, pandas or Polars"):
        grouped.proportion({"x": [1]}, "x", "n")


@pytest.mark.parametrize("kind", ["pandas", "arrow", "polars"])
def test_an_empty_table_is_refused(kind):
    import polars as pl
    import pyarrow as pa

    frame = pd.DataFrame({"g": [], "x": [], "n": []}).astype({"g": str, "x": float, "n": float})
    table = {"pandas": frame, "arrow": pa.Table.from_pandas(frame), "polars": pl.from_pandas(frame)}
    for by in ("g", None):
        with pytest.raises(ValueError, match="^the table has no rows: there is nothing to comp"):
            grouped.proportion(table[kind], "x", "n", by=by)
    with pytest.raises(ValueError, match="the table has no rows"):
        grouped.mean(table[kind], "x", by="g")


@pytest.mark.parametrize("kind", ["pandas", "arrow", "polars"])
def test_a_non_numeric_value_names_the_column_and_the_row(kind):
    import polars as pl
    import pyarrow as pa

    frame = pd.DataFrame({"g": ["a", "b", "c"], "x": ["1", "two", "3"], "n": [10, 10, 10]})
    table = {"pandas": frame, "arrow": pa.Table.from_pandas(frame), "polars": pl.from_pandas(frame)}
    with pytest.raises(ValueError, match=r"^column 'x' must be numeric: row 1 is 'two'$"):
        grouped.rate(table[kind], "x", "n", by="g")
    digits_as_text = frame.assign(x=["1", "2", "3"])
    with pytest.raises(ValueError, match=r"column 'x' holds text, not numbers"):
        grouped.proportion(digits_as_text, "x", "n", by="g")
    with pytest.raises(ValueError, match=r"^numerator must be numeric: row 1 is 'two'$"):
        proportion([1, "two", 3], [4, 4, 4])
    with pytest.raises(ValueError, match=r"^numerator must be numeric: row 2 is 'x'$"):
        rate(pd.Series([1, 2, "x"], dtype=object), [4, 4, 4])


def test_infinite_values_are_refused_naming_rows_and_groups():
    with pytest.raises(ValueError, match=r"^denominator has infinite values \(1 in total\): row 1"):
        proportion([1, 2], [3, np.inf])
    with pytest.raises(ValueError, match=r"numerator has infinite values .*row 0"):
        rate([-np.inf, 2], [3, 4])
    frame = pd.DataFrame({"g": ["a", "b", "b"], "x": [1, 2, 3], "n": [10, np.inf, 5]})
    with pytest.raises(
        ValueError, match=r"^column 'n' has infinite values \(1 in total\): group g='b'$"
    ):
        grouped.proportion(frame, "x", "n", by="g")
    with pytest.raises(ValueError, match=r"column 'x' has infinite values .*group g='a'"):
        grouped.mean(frame.assign(x=[np.inf, 1.0, 2.0]), "x", by="g")


def test_age_band_errors_name_the_input_rows_not_positions_among_the_bands():
    frame = pd.DataFrame(
        {
            "area": ["north", "north", "south", "south"],
            "band": ["0-4", "5-9", "0-4", "200-204"],
            "x": [5, 6, 1, 2],
            "pop": [100, 100, 100, 100],
        }
    )
    with pytest.raises(
        ValueError,
        match=r"^no standard population for age band\(s\) 200-204 \(1 in total\): "
        r"group \(area='south', band='200-204'\)$",
    ):
        grouped.dsr(frame, "x", "pop", "band", by="area")
