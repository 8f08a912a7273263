"""The numpy group-by used for numeric pandas tables gives what pandas' group-by gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from dueregard.analytics.stats import ESP2013_BANDS, _numeric_groupby, dsr, grouped
from dueregard.analytics.stats._aggregation import _aggregate_numeric, aggregate

SPECS = [
    ("x", "x", "sum"),
    ("x_nulls", "x", "nulls"),
    ("x_count", "x", "count"),
    ("w", "w", "max"),
    ("rows", "x", "size"),
]


def _same(a: dict, b: dict) -> None:
    assert list(a) == list(b)
    for name in a:
        left, right = np.asarray(a[name]), np.asarray(b[name])
        assert left.dtype == right.dtype, name
        assert left.shape == right.shape, name
        assert pd.isna(left).tolist() == pd.isna(right).tolist(), name
        keep = ~pd.isna(left)
        assert left[keep].tolist() == right[keep].tolist(), name


def _table(seed: int, n: int, key_kind: str) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    area = rng.integers(0, 30, n)
    band = rng.integers(0, 5, n)
    frame = pd.DataFrame(
        {
            "area": area.astype(float) if key_kind == "float" else area,
            "band": band.astype(bool) if key_kind == "bool" else band,
            "x": rng.integers(0, 50, n).astype(float),
            "w": rng.integers(1, 9, n),
        }
    )
    frame.loc[rng.random(n) < 0.05, "x"] = np.nan
    if key_kind == "float":
        frame.loc[rng.random(n) < 0.05, "area"] = np.nan  # a missing key: its own group
    return frame


@pytest.mark.parametrize("key_kind", ["int", "float", "bool"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_numpy_group_by_matches_pandas(seed, key_kind):
    frame = _table(seed, 2000, key_kind)
    assert _aggregate_numeric(frame, ["area", "band"], SPECS) is not None  # the numpy path
    fast = aggregate(frame, ["area", "band"], SPECS)
    # text keys take pandas' own group-by: the reference
    as_text = frame.astype({"area": object, "band": object})
    slow = aggregate(as_text, ["area", "band"], SPECS)
    _same(fast[0], slow[0])
    _same(fast[1], slow[1])


def test_one_row_per_group_and_sums_left_to_pandas():
    frame = _table(4, 500, "int").drop_duplicates(["area", "band"]).sample(frac=1, random_state=1)
    fast = aggregate(frame, ["area", "band"], SPECS)
    slow = aggregate(frame.astype({"area": object}), ["area", "band"], SPECS)
    _same(fast[0], slow[0])
    _same(fast[1], slow[1])
    # fractional values in groups of several rows: pandas' compensated sums decide
    frame = _table(5, 500, "int").assign(x=lambda f: f.x / 7)
    assert _aggregate_numeric(frame, ["area", "band"], SPECS) is None


@pytest.mark.parametrize("dtype", ["int64", "int32", "uint16"])
@pytest.mark.parametrize("repeat_one", [False, True])
def test_one_row_per_area_code_is_placed_by_its_code(dtype, repeat_one):
    """A key of each code in a range once (no sort needed), and the same key with one
    code repeated (the general path): both give pandas' answer."""
    rng = np.random.default_rng(5)
    area = rng.permutation(np.arange(100, 600)).astype(dtype)
    if repeat_one:
        area[7] = area[8]
    frame = pd.DataFrame(
        {"area": area, "x": rng.integers(0, 50, 500).astype(float), "w": rng.integers(1, 9, 500)}
    )
    frame.loc[rng.random(500) < 0.05, "x"] = np.nan
    specs = SPECS + [("w_nulls", "w", "nulls"), ("w_count", "w", "count"), ("w_sum", "w", "sum")]
    arrays = {c: frame[c].to_numpy() for c in frame}
    placed = _numeric_groupby._one_row_per_value(arrays, "area", specs, len(frame))
    assert (placed is None) == repeat_one  # which path this case takes
    fast = aggregate(frame, "area", specs)
    slow = aggregate(frame.astype({"area": object}), "area", specs)
    assert fast[0]["area"].dtype == np.dtype(dtype)
    assert fast[0]["area"].tolist() == [int(v) for v in slow[0]["area"]]
    _same(fast[1], slow[1])


def test_grouped_dsr_on_a_shuffled_split_table_equals_the_array_api():
    rng = np.random.default_rng(7)
    areas, bands = 50, len(ESP2013_BANDS)
    count = rng.integers(0, 40, (areas, bands)).astype(float)
    pop = rng.integers(500, 5000, (areas, bands)).astype(float)
    rows = pd.DataFrame(
        {
            "area": np.repeat(np.arange(areas), bands),
            "band": np.tile(ESP2013_BANDS, areas),
            "count": count.ravel(),
            "pop": pop.ravel(),
        }
    )
    half = rows.assign(count=np.floor(rows["count"] / 2), pop=np.floor(rows["pop"] / 2))
    rest = rows.assign(count=rows["count"] - half["count"], pop=rows["pop"] - half["pop"])
    table = pd.concat([half, rest]).sample(frac=1, random_state=3)
    table_result = grouped.dsr(table, "count", "pop", "band", by="area")
    array_result = dsr(
        count.ravel(), pop.ravel(), np.tile(list(_esp()), areas), groups=rows["area"].to_numpy()
    )
    # numeric keys keep their numeric type, as the array API's groups do
    assert table_result["area"].dtype.kind == "i"
    assert table_result["area"].tolist() == list(range(areas))
    np.testing.assert_allclose(table_result["value"], array_result["value"], rtol=1e-12)
    np.testing.assert_allclose(table_result["lowercl"], array_result["lowercl"], rtol=1e-12)


@pytest.mark.parametrize("kind", ["pandas", "pandas-object", "arrow", "polars"])
def test_numeric_keys_stay_numeric_and_text_keys_are_python_values(kind):
    frame = pd.DataFrame(
        {"area": [3, 1, 2, 1], "sex": ["m", "f", "f", "m"], "x": [1, 2, 3, 4], "n": [9] * 4}
    )
    if kind == "pandas-object":  # numbers in an object column: pandas' own group-by
        frame = frame.astype({"area": object})
    table = {"arrow": lambda f: pa.Table.from_pandas(f), "polars": pl.from_pandas}.get(
        kind, lambda f: f
    )(frame)
    result = grouped.proportion(table, "x", "n", by=["area", "sex"])
    assert result["area"].tolist() == [1, 1, 2, 3]
    if kind != "pandas-object":
        assert result["area"].dtype.kind == "i"
    assert result["sex"].dtype == object
    assert result["sex"].tolist() == ["f", "m", "f", "m"]
    assert result["value"].tolist() == [2 / 9, 4 / 9, 3 / 9, 1 / 9]


def test_sii_and_quantile_keys_follow_the_same_rule():
    frame = pd.DataFrame(
        {
            "area": np.repeat([20, 10], 5),
            "region": np.repeat(["North", "South"], 5),
            "decile": np.tile(np.arange(1, 6), 2),
            "value": np.arange(10, dtype=float) + 70,
            "pop": np.full(10, 1000.0),
            "se": np.full(10, 0.5),
        }
    )
    by_quantile = grouped.quantile(frame, "value", by=["area", "region"], nquantiles=2)
    assert by_quantile["area"].dtype.kind == "i" and by_quantile["region"].dtype == object
    by_sii = grouped.sii(frame, "value", "pop", "decile", by="area", se="se", repetitions=100)
    assert by_sii["area"].dtype.kind == "i"
    assert sorted(by_sii["area"].tolist()) == [10, 20]


def test_a_sum_and_a_maximum_of_one_column_are_separate_arrays():
    frame = pd.DataFrame({"area": [2, 1], "x": [5, 7]})
    keys, values = aggregate(frame, "area", [("s", "x", "sum"), ("m", "x", "max")])
    assert values["s"].tolist() == values["m"].tolist() == [7.0, 5.0]
    values["s"][0] = -1
    assert values["m"][0] == 7.0


def test_errors_name_groups_as_python_values():
    frame = pd.DataFrame({"area": [1, 1, 2], "x": [1.0, np.nan, 2.0], "n": [5.0, 5.0, 5.0]})
    with pytest.raises(ValueError, match=r"area=1\b"):
        grouped.proportion(frame, "x", "n", by="area")


def _esp():
    from dueregard.analytics.stats import esp2013

    return esp2013()
