"""Aggregation of any supported table in its own engine: the first half of the table API.

:func:`aggregate` sums (counts, maxima, standard deviations) the rows of a pyarrow
``Table``, pandas or Polars ``DataFrame`` or an Ibis table per group, in that table's own
engine (numpy for plain numeric pandas tables, :mod:`._numeric_groupby`), so only one row
per group reaches Python; :mod:`.grouped` computes the statistics on those rows. Also the
checks every table function shares (columns present and numeric, no infinite values,
missing inputs per group) and the lazily built group labels of error messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ._numeric_groupby import aggregate_numeric as _aggregate_numeric
from ._result import StatResult
from ._validation import check_nan_policy, fail_rows

__all__ = ["Spec", "aggregate", "table_kind"]

Spec = tuple[str, str, str]  # (output name, column, how) with how in _HOWS
_HOWS = ("sum", "nulls", "count", "std", "max", "size")


def table_kind(table: Any) -> str:
    """``"pandas"``, ``"arrow"``, ``"polars"``, ``"polars-lazy"`` or ``"ibis"``."""
    module = type(table).__module__
    name = type(table).__name__
    if module.startswith("pandas") and name == "DataFrame":
        return "pandas"
    if module.startswith("pyarrow") and name == "Table":
        return "arrow"
    if module.startswith("polars"):
        return "polars-lazy" if name == "LazyFrame" else "polars"
    if module.startswith("ibis") and name == "Table":
        return "ibis"
    raise TypeError(
        f"expected a pyarrow Table, pandas or Polars DataFrame or an Ibis table, not {name}"
    )


def _columns_of(table: Any, kind: str) -> list[str]:
    if kind == "ibis":
        return list(table.columns)
    if kind == "polars-lazy":
        return list(table.collect_schema().names())
    if kind == "arrow":
        return list(table.column_names)
    return [str(c) for c in table.columns]


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def _check_columns(table: Any, kind: str, needed: Sequence[str]) -> None:
    present = set(_columns_of(table, kind))
    missing = [c for c in needed if c not in present]
    if missing:
        raise ValueError(f"table has no column(s) {', '.join(map(repr, missing))}")


def aggregate(table: Any, by: str | Sequence[str] | None, specs: Sequence[Spec]):
    """Group ``table`` by ``by`` in its own engine and return numpy columns.

    ``specs`` are ``(name, column, how)`` with ``how`` one of ``sum``, ``nulls`` (number
    of missing values), ``count`` (non-missing), ``std`` (sample standard deviation),
    ``max`` and ``size`` (rows). Returns ``(keys, values)``: two dicts of numpy arrays,
    one row per group, sorted by the keys with missing keys last. A numeric key column
    (booleans, integers or floats, missing values as nan) keeps its numpy type, as the
    array API's ``groups`` do; any other key is an object array of Python values.
    """
    return _aggregate(table, by, specs)


def _key_array(values: np.ndarray) -> np.ndarray:
    """A key column as results hold it: numeric numpy arrays as they are (turning a
    million area codes into Python ints would cost more than the statistic itself), any
    other column as an object array of Python values (as ``to_numpy(dtype=object)``)."""
    if values.dtype.kind in "biuf" or values.dtype == object:
        return values
    return values.astype(object)


def _aggregate(table: Any, by: str | Sequence[str] | None, specs: Sequence[Spec]):
    """The work of :func:`aggregate` (the statistics below call it directly)."""
    keys = _as_list(by)
    kind = table_kind(table)
    for _, _, how in specs:
        if how not in _HOWS:
            raise ValueError(f"unknown aggregation {how!r}")
    _check_columns(table, kind, keys + [c for _, c, how in specs if how != "size"])
    _check_numeric(table, kind, [c for _, c, how in specs if how in _NUMERIC_HOWS])
    if kind in ("pandas", "arrow", "polars") and len(table) == 0:
        raise ValueError(_EMPTY)
    if kind == "pandas":
        fast = _aggregate_numeric(table, keys, specs)
        if fast is not None:
            _check_finite(fast[0], fast[1], specs)
            return fast
        out = _aggregate_pandas(table, keys, specs)
    elif kind == "arrow":
        out = _aggregate_arrow(table, keys, specs)
    elif kind in ("polars", "polars-lazy"):
        out = _aggregate_polars(table, keys, specs, lazy=kind == "polars-lazy")
    else:
        out = _aggregate_ibis(table, keys, specs)
    frame = out.to_pandas() if not hasattr(out, "sort_values") else out
    if len(frame) == 0 or _all_rows_empty(frame, specs):
        raise ValueError(_EMPTY)
    if keys:
        frame = frame.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)
    key_cols = {k: _frame_key(frame[k]) for k in keys}
    val_cols = {
        name: frame[name].to_numpy(dtype=np.float64, na_value=np.nan) for name, _, _ in specs
    }
    _check_finite(key_cols, val_cols, specs)
    return key_cols, val_cols


def _frame_key(column) -> np.ndarray:
    """A pandas key column as :func:`_key_array` holds it (numeric stays numeric)."""
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
        return column.to_numpy()
    return column.to_numpy(dtype=object)


def _check_finite(key_cols, val_cols, specs) -> None:
    for name, column, how in specs:
        if how in _NUMERIC_HOWS:
            infinite = np.isinf(val_cols[name])
            fail_rows(infinite, f"column {column!r} has infinite values", _labels(key_cols))


_NUMERIC_HOWS = ("sum", "std", "max")
_EMPTY = "the table has no rows: there is nothing to compute"


def _all_rows_empty(frame, specs) -> bool:
    """An aggregate without keys still gives one row: empty when it counted no rows."""
    sizes = [name for name, _, how in specs if how in ("size", "count")]
    return bool(sizes) and len(frame) == 1 and all(float(frame[n].iloc[0] or 0) == 0 for n in sizes)


def _check_numeric(table: Any, kind: str, columns: Sequence[str]) -> None:
    """Refuse a text column before summing it, naming the column and the first row whose
    value is not a number (only a column whose type is not numeric is read for this)."""
    for column in dict.fromkeys(columns):
        if _is_numeric(table, kind, column):
            continue
        import pandas as pd  # only on this error path

        values = _column_as_pandas(table, kind, column)
        converted = pd.to_numeric(values, errors="coerce")
        bad = np.flatnonzero((converted.isna() & values.notna()).to_numpy())
        if bad.size:
            raise ValueError(
                f"column {column!r} must be numeric: row {int(bad[0])} is "
                f"{values.iloc[int(bad[0])]!r}"
                + (f" (and {bad.size - 1} more rows)" if bad.size > 1 else "")
            )
        raise ValueError(f"column {column!r} holds text, not numbers: convert it to numbers")


def _is_numeric(table: Any, kind: str, column: str) -> bool:
    if kind == "pandas":
        import pandas as pd

        dtype = table[column].dtype
        return pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
    if kind == "arrow":
        import pyarrow as pa

        t = table.schema.field(column).type
        return (
            pa.types.is_integer(t)
            or pa.types.is_floating(t)
            or pa.types.is_decimal(t)
            or (pa.types.is_boolean(t) or pa.types.is_null(t))
        )
    if kind in ("polars", "polars-lazy"):
        schema = table.collect_schema() if kind == "polars-lazy" else table.schema
        dtype = schema[column]
        return dtype.is_numeric() or str(dtype) in ("Boolean", "Null")
    dtype = table.schema()[column]
    return dtype.is_numeric() or dtype.is_boolean() or dtype.is_null()


def _column_as_pandas(table: Any, kind: str, column: str):
    if kind == "pandas":
        return table[column].reset_index(drop=True)
    if kind == "arrow":
        return table[column].to_pandas()
    if kind == "polars-lazy":
        return table.select(column).collect().to_series().to_pandas()
    if kind == "polars":
        return table[column].to_pandas()
    return table.select(column).to_pyarrow()[column].to_pandas()


def _aggregate_pandas(df, keys, specs):
    # Imported here: only when this kind of table is used.
    import pandas as pd

    work = {}
    named = {}
    zero_nulls = []  # columns without any missing value: no need to count per group
    for name, col, how in specs:
        if how == "nulls":
            missing = df[col].isna()
            if missing.any():
                work[f"__null_{col}"] = missing
                named[name] = pd.NamedAgg(f"__null_{col}", "sum")
            else:
                zero_nulls.append(name)
        elif how == "size":
            named[name] = pd.NamedAgg(keys[0] if keys else specs[0][1], "size")
        else:
            named[name] = pd.NamedAgg(col, how)
    if work:
        needed = list(dict.fromkeys(keys + [c for _, c, h in specs if h not in ("nulls", "size")]))
        frame = df[needed].assign(**work)
    else:
        frame = df
    if not keys:
        frame = frame.assign(__all=0)
        result = frame.groupby("__all").agg(**named).reset_index(drop=True)
    else:
        result = (
            frame.groupby(keys, dropna=False, sort=False, observed=True).agg(**named).reset_index()
        )
    for name in zero_nulls:
        result[name] = 0
    return result


def _aggregate_arrow(table, keys, specs):
    # Imported here: only when this kind of table is used.
    import pyarrow as pa
    import pyarrow.compute as pc

    aggs = []
    names = []
    extra = {}
    for name, col, how in specs:
        if how == "nulls":
            extra[f"__null_{col}"] = pc.cast(pc.is_null(table[col], nan_is_null=True), pa.int64())
            aggs.append((f"__null_{col}", "sum"))
        elif how == "size":
            aggs.append(([], "count_all"))
        elif how == "std":
            aggs.append((col, "stddev", pc.VarianceOptions(ddof=1)))
        elif how == "count":
            aggs.append((col, "count", pc.CountOptions(mode="only_valid")))
        else:
            aggs.append((col, how))
        names.append(name)
    for col_name, values in extra.items():
        table = table.append_column(col_name, values)
    result = table.group_by(keys, use_threads=True).aggregate(aggs)
    # pyarrow names outputs "<col>_<func>" and puts the keys last
    renamed = {}
    for (name, _col, how), agg in zip(specs, aggs, strict=True):
        if how == "size":
            renamed[name] = result["count_all"]
        else:
            renamed[name] = result[f"{agg[0]}_{agg[1]}"]
    cols = {k: result[k] for k in keys}
    cols.update(renamed)
    return pa.table(cols)


def _aggregate_polars(df, keys, specs, *, lazy):
    # Imported here: only when this kind of table is used.
    import polars as pl

    exprs = []
    for name, col, how in specs:
        c = pl.col(col)
        if how == "sum":
            e = c.sum()
        elif how == "nulls":
            e = (c.is_null() | c.cast(pl.Float64, strict=False).is_nan().fill_null(False)).sum()
        elif how == "count":
            e = c.count()
        elif how == "std":
            e = c.std(ddof=1)
        elif how == "max":
            e = c.max()
        else:
            e = pl.len()
        exprs.append(e.alias(name))
    out = df.group_by(keys).agg(exprs) if keys else df.select(exprs)
    if lazy:
        out = out.collect()
    return out.to_arrow()


def _aggregate_ibis(t, keys, specs):
    exprs = {}
    for name, col, how in specs:
        c = t[col]
        if how == "sum":
            exprs[name] = c.sum()
        elif how == "nulls":
            exprs[name] = c.isnull().sum()
        elif how == "count":
            exprs[name] = c.count()
        elif how == "std":
            exprs[name] = c.std(how="sample")
        elif how == "max":
            exprs[name] = c.max()
        else:
            exprs[name] = t.count()
    expr = t.group_by(keys).aggregate(**exprs) if keys else t.aggregate(**exprs)
    return expr.to_pyarrow()


class _GroupLabels(Sequence[str]):
    """The label of each group — ``name='value'`` or ``(a='x', b='y')`` — built only
    when asked for: error messages name a few groups, so building a string per group up
    front (for every call, most of which never fail) would dominate the table API."""

    def __init__(self, keys: Mapping[str, np.ndarray]) -> None:
        self._keys = dict(keys)
        self._names = list(keys)
        self._n = len(next(iter(self._keys.values())))

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError(i)
        names = self._names
        if len(names) > 1:
            return "(" + ", ".join(f"{k}={self._value(k, i)!r}" for k in names) + ")"
        return f"{names[0]}={self._value(names[0], i)!r}"

    def _value(self, name: str, i: Any) -> Any:
        value = self._keys[name][i]
        return value.item() if isinstance(value, np.generic) else value


def _labels(keys: Mapping[str, np.ndarray]) -> Sequence[str] | None:
    if not keys:
        return None
    return _GroupLabels(keys)


def _missing_groups(
    values: Mapping[str, np.ndarray], null_names: Mapping[str, str], nan_policy: str, labels
) -> np.ndarray:
    """Groups with missing inputs: raise (naming the column and groups) or return a mask.

    ``null_names`` maps each null-count aggregate to the table column it counts.
    """
    check_nan_policy(nan_policy)
    mask = np.zeros(len(next(iter(values.values()))), dtype=bool)
    for name, column in null_names.items():
        bad = values[name] > 0
        if nan_policy == "raise":
            fail_rows(bad, f"column {column!r} has missing values", labels)
        mask |= bad
    return mask


def _combine(keys, inputs, result: StatResult) -> StatResult:
    cols = {**{k: _key_array(v) for k, v in keys.items()}, **inputs}
    for name, col in result.items():
        cols[name if name not in cols else f"{name}_"] = col
    return StatResult(
        cols, statistic=result.statistic, confidence=result.confidence, meta=result.meta
    )


def _sum_with_nulls(table, by, columns: Mapping[str, str], nan_policy):
    specs: list[Spec] = []
    for alias, col in columns.items():
        specs.append((alias, col, "sum"))
        specs.append((f"__nulls_{alias}", col, "nulls"))
    keys, values = _aggregate(table, by, specs)
    labels = _labels(keys)
    _missing_groups(values, {f"__nulls_{a}": c for a, c in columns.items()}, nan_policy, labels)
    # a column with missing values in a group gives that group a nan sum (propagate)
    sums = {
        alias: np.where(values[f"__nulls_{alias}"] > 0, np.nan, values[alias])
        if values[f"__nulls_{alias}"].any()
        else values[alias]
        for alias in columns
    }
    return keys, sums, labels


def _keyed(result: StatResult, keys: Mapping[str, np.ndarray]) -> StatResult:
    """An array-API result computed per group code, with the groups' keys in place of the
    codes (the first columns, as every table function returns them)."""
    stat = {k: v for k, v in result.items() if k != "group"}
    return StatResult(
        {**keys, **stat},
        statistic=result.statistic,
        confidence=result.confidence,
        meta=result.meta,
    )
