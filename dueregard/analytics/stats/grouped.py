"""Statistics straight from tables, aggregated in the table's own engine.

Every function takes a table — a pyarrow ``Table``, pandas ``DataFrame``, Polars
``DataFrame``/``LazyFrame`` or an Ibis table expression — plus column names and ``by``
(the grouping columns), e.g.::

    proportion(table, numerator="appointed", denominator="shortlisted", by=["ethnic_group"])

The rows are first summed per group **in the engine** (DuckDB via Ibis for Ibis tables —
see :mod:`dueregard.analytics.engine`; the dataframe's own group-by otherwise), so only one
row per group crosses into Python; the statistic is then computed on those aggregates with
the vectorised array functions. Missing values are counted per group in the same pass:
with ``nan_policy="raise"`` (default) a group with missing inputs raises ``ValueError``
naming the group; with ``"propagate"`` its results are nan.

Results are :class:`~dueregard.analytics.stats.StatResult` objects whose first columns are
the group keys (sorted, missing keys last), then the aggregated inputs, then the
statistic's columns. Missing key values (e.g. ethnicity not stated) form their own group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ._numeric_groupby import aggregate_numeric as _aggregate_numeric
from ._result import StatResult
from ._validation import NanPolicy, check_nan_policy, fail_rows
from .dsr import dsr as _dsr
from .isr import israte as _israte
from .isr import isratio as _isratio
from .means import mean as _mean
from .proportions import proportion as _proportion
from .quantiles import quantile as _quantile
from .rates import rate as _rate
from .ratios import PARITY_BAND
from .ratios import relative_likelihood as _relative_likelihood
from .sii import sii as _sii
from .standard_populations import normalise_band, standard_lookup, standard_population_for

__all__ = [
    "aggregate",
    "dsr",
    "israte",
    "isratio",
    "mean",
    "proportion",
    "quantile",
    "rate",
    "relative_likelihood",
    "sii",
    "table_kind",
]

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


# --- statistics --------------------------------------------------------------------


def proportion(
    table: Any,
    numerator: str,
    denominator: str,
    by: str | Sequence[str] | None = None,
    *,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 1,
    nan_policy: NanPolicy = "raise",
) -> StatResult:
    """Wilson proportions of ``Σ numerator / Σ denominator`` per group (see
    :func:`dueregard.analytics.stats.proportion`; PHEindicatormethods ``phe_proportion``)."""
    keys, sums, labels = _sum_with_nulls(
        table, by, {"numerator": numerator, "denominator": denominator}, nan_policy
    )
    result = _proportion(
        sums["numerator"],
        sums["denominator"],
        confidence=confidence,
        multiplier=multiplier,
        nan_policy=nan_policy,
        labels=labels,
    )
    return _combine(keys, sums, result)


def rate(
    table: Any,
    numerator: str,
    denominator: str,
    by: str | Sequence[str] | None = None,
    *,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 100_000,
    nan_policy: NanPolicy = "raise",
) -> StatResult:
    """Crude rates per group, exact Poisson below 10 events and Byar's from 10 (see
    :func:`dueregard.analytics.stats.rate`; PHEindicatormethods ``phe_rate``)."""
    keys, sums, labels = _sum_with_nulls(
        table, by, {"numerator": numerator, "denominator": denominator}, nan_policy
    )
    result = _rate(
        sums["numerator"],
        sums["denominator"],
        confidence=confidence,
        multiplier=multiplier,
        nan_policy=nan_policy,
        labels=labels,
    )
    return _combine(keys, sums, result)


def mean(
    table: Any,
    value: str,
    by: str | Sequence[str] | None = None,
    *,
    confidence: float | Sequence[float] = 0.95,
    nan_policy: NanPolicy = "raise",
) -> StatResult:
    """Means with Student's t intervals per group; sum, count and sample standard deviation
    are computed in the engine (see :func:`dueregard.analytics.stats.mean`)."""
    specs: list[Spec] = [
        ("value_sum", value, "sum"),
        ("value_count", value, "count"),
        ("stdev", value, "std"),
        ("__nulls_value", value, "nulls"),
    ]
    keys, values = _aggregate(table, by, specs)
    labels = _labels(keys)
    missing = _missing_groups(values, {"__nulls_value": value}, nan_policy, labels)
    cols = {k: np.where(missing, np.nan, values[k]) for k in ("value_sum", "value_count", "stdev")}
    result = _mean(
        cols["value_sum"],
        cols["value_count"],
        cols["stdev"],
        confidence=confidence,
        nan_policy=nan_policy,
        labels=labels,
    )
    return _combine(keys, {}, result)


def relative_likelihood(
    table: Any,
    numerator: str,
    denominator: str,
    by: str | Sequence[str],
    *,
    reference: Any = None,
    confidence: float | Sequence[float] = 0.95,
    band: tuple[float, float] = PARITY_BAND,
    tests: bool = True,
    nan_policy: NanPolicy = "raise",
) -> StatResult:
    """Relative likelihood of each group versus a reference (see
    :func:`dueregard.analytics.stats.relative_likelihood`; Katz log intervals).

    ``reference`` is the key of the comparison group (a tuple when grouping by several
    columns); ``None`` compares each group with all the other groups combined. E.g. for
    WRES indicator 2 with a ``group`` column holding "White"/"BME":
    ``relative_likelihood(t, "appointed", "shortlisted", "group", reference="BME")``
    gives the White row as (appointed_W / shortlisted_W) / (appointed_B / shortlisted_B).
    """
    keys, sums, labels = _sum_with_nulls(
        table, by, {"numerator": numerator, "denominator": denominator}, nan_policy
    )
    num, den = sums["numerator"], sums["denominator"]
    if reference is None:
        ref_num = np.nansum(num) - num
        ref_den = np.nansum(den) - den
    else:
        names = list(keys)
        wanted = reference if isinstance(reference, tuple) else (reference,)
        if len(wanted) != len(names):
            raise ValueError(f"reference must give a value for each of {names}")
        match = np.ones(len(num), dtype=bool)
        for name, val in zip(names, wanted, strict=True):
            match &= np.array([k == val for k in keys[name]], dtype=bool)
        if not match.any():
            raise ValueError(f"reference group {reference!r} not found in the table")
        i = int(np.flatnonzero(match)[0])
        ref_num = np.full(len(num), num[i])
        ref_den = np.full(len(den), den[i])
    result = _relative_likelihood(
        num,
        den,
        ref_num,
        ref_den,
        confidence=confidence,
        band=band,
        tests=tests,
        nan_policy=nan_policy,
        labels=labels,
    )
    inputs = {
        "numerator": num,
        "denominator": den,
        "reference_numerator": ref_num,
        "reference_denominator": ref_den,
    }
    return _combine(keys, inputs, result)


def _group_codes(keys: Mapping[str, np.ndarray], nrows: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer group codes for the key columns of already-sorted aggregate rows."""
    if not keys:
        return np.zeros(nrows, dtype=np.intp), np.array([0])
    if nrows and all(v.dtype.kind in "biuf" for v in keys.values()):
        # sorted rows: a new group starts wherever a key changes (missing equals missing)
        starts = np.zeros(nrows, dtype=bool)
        starts[0] = True
        for v in keys.values():
            change = v[1:] != v[:-1]
            if v.dtype.kind == "f":
                change &= ~(np.isnan(v[1:]) & np.isnan(v[:-1]))
            starts[1:] |= change
        return np.cumsum(starts) - 1, np.flatnonzero(starts)
    # Imported here: only when this kind of table is used.
    import pandas as pd

    frame = pd.DataFrame({k: v for k, v in keys.items()})
    codes = frame.groupby(list(keys), dropna=False, sort=False).ngroup().to_numpy()
    first = np.unique(codes, return_index=True)[1]
    return codes, first


def dsr(
    table: Any,
    count: str,
    population: str,
    ageband: str,
    by: str | Sequence[str] | None = None,
    *,
    standard_population: Mapping[Any, float] | str | None = None,
    event_frequency: str | None = None,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 100_000,
    nan_policy: NanPolicy = "raise",
) -> StatResult:
    """Directly standardised rates per group with Dobson limits (see
    :func:`dueregard.analytics.stats.dsr`).

    Counts and populations are summed per group and age band in the engine. The standard
    population is ESP2013 by default, or a mapping ``band -> population`` or the name of a
    column holding it; bands without one raise ``ValueError``. With ``event_frequency``
    (a column giving the number of events per person on that row, ``count`` holding the
    events) the confidence limits are adjusted for non-independent events; the population
    must then be the band's population repeated on each frequency row.
    """
    by_cols = _as_list(by)
    specs: list[Spec] = [
        ("count", count, "sum"),
        ("__nulls_count", count, "nulls"),
        ("population", population, "max" if event_frequency else "sum"),
        ("__nulls_population", population, "nulls"),
    ]
    if isinstance(standard_population, str):
        specs.append(("standard_population", standard_population, "max"))
    group_by = by_cols + [ageband]
    if event_frequency is not None:
        kind = table_kind(table)
        _check_columns(table, kind, [event_frequency, count])
        table = _with_product(table, kind, event_frequency, count, "__events_sq")
        specs.append(("count_variance", "__events_sq", "sum"))
    keys, values = _aggregate(table, group_by, specs)
    labels = _labels(keys)
    missing = _missing_groups(
        values, {"__nulls_count": count, "__nulls_population": population}, nan_policy, labels
    )
    bands = keys[ageband]
    if isinstance(standard_population, str):
        std = values["standard_population"]
        fail_rows(np.isnan(std), "standard population missing for some age bands", labels)
    else:
        std = _standard_per_row(bands, standard_population, labels)
    group_keys = {k: keys[k] for k in by_cols}
    codes, first = _group_codes(group_keys, len(bands))
    x = np.where(missing, np.nan, values["count"])
    result = _dsr(
        x,
        values["population"],
        std,
        groups=codes,
        count_variance=values.get("count_variance"),
        confidence=confidence,
        multiplier=multiplier,
        nan_policy=nan_policy,
        labels=labels,
    )
    order = result["group"].astype(np.intp)
    out_keys = {k: _key_array(v[first][order]) for k, v in group_keys.items()}
    stat = {k: v for k, v in result.items() if k != "group"}
    return StatResult(
        {**out_keys, **stat},
        statistic=result.statistic,
        confidence=result.confidence,
        meta=result.meta,
    )


def _standard_per_row(bands, standard_population, labels) -> np.ndarray:
    """Each aggregated row's standard population, looked up once per distinct band; a band
    without one raises naming the rows (area and band), not positions among the bands."""
    import pandas as pd

    # each distinct band normalised once (a table has many rows per band)
    codes, distinct = pd.factorize(np.asarray(bands), use_na_sentinel=False)
    names = np.array([normalise_band(b) for b in distinct])
    uniq, inverse = np.unique(names, return_inverse=True)
    std = standard_lookup(list(uniq), standard_population)[inverse[codes]]
    if np.isnan(std).any():
        standard_population_for(list(bands), standard_population, labels)
    return std


def _with_product(table, kind, a, b, name):
    """``table`` with a new column ``name = a * b`` (in the table's engine)."""
    if kind == "pandas":
        return table.assign(**{name: table[a] * table[b]})
    if kind == "arrow":
        # Imported here: only when this kind of table is used.
        import pyarrow.compute as pc

        return table.append_column(name, pc.multiply(table[a], table[b]))
    if kind in ("polars", "polars-lazy"):
        # Imported here: only when this kind of table is used.
        import polars as pl

        return table.with_columns((pl.col(a) * pl.col(b)).alias(name))
    return table.mutate(**{name: table[a] * table[b]})


def _isr_inputs(
    table,
    count,
    population,
    ageband,
    by,
    reference,
    reference_count,
    reference_population,
    nan_policy,
):
    by_cols = _as_list(by)
    specs: list[Spec] = [
        ("count", count, "sum"),
        ("__nulls_count", count, "nulls"),
        ("population", population, "sum"),
        ("__nulls_population", population, "nulls"),
    ]
    if reference is None:
        if reference_count is None or reference_population is None:
            raise ValueError(
                "give reference (band -> (count, population)) or the "
                "reference_count and reference_population columns"
            )
        specs += [
            ("reference_count", reference_count, "max"),
            ("reference_population", reference_population, "max"),
        ]
    keys, values = _aggregate(table, by_cols + [ageband], specs)
    labels = _labels(keys)
    missing = _missing_groups(
        values, {"__nulls_count": count, "__nulls_population": population}, nan_policy, labels
    )
    if reference is None:
        rc, rp = values["reference_count"], values["reference_population"]
    else:
        lookup = {normalise_band(k): v for k, v in reference.items()}
        band_keys = [normalise_band(b) for b in keys[ageband]]
        unknown = np.array([b not in lookup for b in band_keys])
        fail_rows(unknown, "no reference data for some age bands", labels)
        rc = np.array([float(lookup[b][0]) for b in band_keys])
        rp = np.array([float(lookup[b][1]) for b in band_keys])
    group_keys = {k: keys[k] for k in by_cols}
    codes, first = _group_codes(group_keys, len(rc))
    x = np.where(missing, np.nan, values["count"])
    return x, values["population"], rc, rp, codes, first, group_keys, labels


def isratio(
    table: Any,
    count: str,
    population: str,
    ageband: str,
    by: str | Sequence[str] | None = None,
    *,
    reference: Mapping[Any, tuple[float, float]] | None = None,
    reference_count: str | None = None,
    reference_population: str | None = None,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 1,
    nan_policy: NanPolicy = "raise",
) -> StatResult:
    """Indirectly standardised ratios per group (see
    :func:`dueregard.analytics.stats.isratio`). Reference rates come from ``reference``
    (``band -> (count, population)``) or from two columns of the table."""
    x, n, rc, rp, codes, first, group_keys, labels = _isr_inputs(
        table,
        count,
        population,
        ageband,
        by,
        reference,
        reference_count,
        reference_population,
        nan_policy,
    )
    result = _isratio(
        x,
        n,
        rc,
        rp,
        groups=codes,
        confidence=confidence,
        multiplier=multiplier,
        nan_policy=nan_policy,
        labels=labels,
    )
    return _regroup(result, group_keys, first)


def israte(
    table: Any,
    count: str,
    population: str,
    ageband: str,
    by: str | Sequence[str] | None = None,
    *,
    reference: Mapping[Any, tuple[float, float]] | None = None,
    reference_count: str | None = None,
    reference_population: str | None = None,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 100_000,
    nan_policy: NanPolicy = "raise",
) -> StatResult:
    """Indirectly standardised rates per group (see
    :func:`dueregard.analytics.stats.israte`)."""
    x, n, rc, rp, codes, first, group_keys, labels = _isr_inputs(
        table,
        count,
        population,
        ageband,
        by,
        reference,
        reference_count,
        reference_population,
        nan_policy,
    )
    result = _israte(
        x,
        n,
        rc,
        rp,
        groups=codes,
        confidence=confidence,
        multiplier=multiplier,
        nan_policy=nan_policy,
        labels=labels,
    )
    return _regroup(result, group_keys, first)


def _regroup(result: StatResult, group_keys, first) -> StatResult:
    order = result["group"].astype(np.intp)
    out_keys = {k: _key_array(v[first][order]) for k, v in group_keys.items()}
    stat = {k: v for k, v in result.items() if k != "group"}
    return StatResult(
        {**out_keys, **stat},
        statistic=result.statistic,
        confidence=result.confidence,
        meta=result.meta,
    )


def _select_frame(table: Any, columns: Sequence[str]):
    """The named columns as a pandas DataFrame (projection done in the engine)."""
    kind = table_kind(table)
    _check_columns(table, kind, columns)
    cols = list(dict.fromkeys(columns))
    if kind == "pandas":
        return table[cols]
    if kind == "arrow":
        return table.select(cols).to_pandas()
    if kind == "polars":
        return table.select(cols).to_pandas()
    if kind == "polars-lazy":
        return table.select(cols).collect().to_pandas()
    return table.select(cols).to_pandas()


def sii(
    table: Any,
    value: str,
    population: str,
    quantile: str,
    by: str | Sequence[str] | None = None,
    *,
    se: str | None = None,
    lower_cl: str | None = None,
    upper_cl: str | None = None,
    count: str | None = None,
    **kwargs: Any,
) -> StatResult:
    """SII/RII per group from a table with one row per group and quantile.

    Method: weighted least squares on population-weighted relative rank with seeded
    simulated limits (Low & Low 2004; PHEindicatormethods ``phe_sii``) — see
    :func:`dueregard.analytics.stats.sii` for the details and the other arguments. The
    rows are already aggregates, so the named columns are projected in the engine and
    passed on; ``by`` columns label the groups."""
    by_cols = _as_list(by)
    optional = [c for c in (se, lower_cl, upper_cl, count) if c is not None]
    frame = _select_frame(table, by_cols + [value, population, quantile] + optional)
    codes = frame.groupby(by_cols, dropna=False, sort=True).ngroup().to_numpy() if by_cols else None

    def col(name):
        return None if name is None else frame[name].to_numpy(dtype=np.float64, na_value=np.nan)

    result = _sii(
        col(value),
        col(population),
        col(quantile),
        groups=codes,
        se=col(se),
        lower_cl=col(lower_cl),
        upper_cl=col(upper_cl),
        count=col(count),
        **kwargs,
    )
    if not by_cols:
        return result
    first = frame.assign(__code=codes).drop_duplicates("__code").set_index("__code")
    order = result["group"].astype(np.intp)
    out_keys = {k: first.loc[order, k].to_numpy(dtype=object) for k in by_cols}
    stat = {k: v for k, v in result.items() if k != "group"}
    return StatResult(
        {**out_keys, **stat},
        statistic=result.statistic,
        confidence=result.confidence,
        meta=result.meta,
    )


def quantile(
    table: Any,
    value: str,
    by: str | Sequence[str] | None = None,
    *,
    nquantiles: int = 10,
    invert: bool | str = True,
    nan_policy: NanPolicy = "raise",
) -> StatResult:
    """Quantile of every row within its group by the PHE rank method (ties share the
    lowest rank; PHEindicatormethods ``phe_quantile``; see
    :func:`dueregard.analytics.stats.quantile`); ``invert`` may name a boolean column.
    The result has the ``by`` columns and ``value`` followed by the quantile columns, one
    row per input row in the input order."""
    by_cols = _as_list(by)
    extra = [invert] if isinstance(invert, str) else []
    frame = _select_frame(table, by_cols + [value] + extra)
    codes = (
        frame.groupby(by_cols, dropna=False, sort=False).ngroup().to_numpy() if by_cols else None
    )
    inv = frame[invert].to_numpy(dtype=bool) if isinstance(invert, str) else invert
    values = frame[value].to_numpy(dtype=np.float64, na_value=np.nan)
    result = _quantile(values, nquantiles, groups=codes, invert=inv, nan_policy=nan_policy)
    keys = {k: frame[k].to_numpy(dtype=object) for k in by_cols}
    return StatResult({**keys, "value": values, **result}, statistic=result.statistic)
