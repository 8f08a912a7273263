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

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._aggregation import (
    Spec,
    _aggregate,
    _as_list,
    _check_columns,
    _combine,
    _frame_key,
    _keyed,
    _labels,
    _missing_groups,
    _sum_with_nulls,
    aggregate,
    table_kind,
)
from ._result import StatResult
from ._standardised_tables import dsr, israte, isratio
from ._validation import NanPolicy
from .means import mean as _mean
from .proportions import proportion as _proportion
from .quantiles import quantile as _quantile
from .rates import rate as _rate
from .ratios import PARITY_BAND
from .ratios import relative_likelihood as _relative_likelihood
from .sii import sii as _sii

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
    return _of_sums(
        _proportion, table, numerator, denominator, by, confidence, multiplier, nan_policy
    )


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
    return _of_sums(_rate, table, numerator, denominator, by, confidence, multiplier, nan_policy)


def _of_sums(statistic, table, numerator, denominator, by, confidence, multiplier, nan_policy):
    """``statistic`` (the array API's proportion or rate) of the per-group sums."""
    keys, sums, labels = _sum_with_nulls(
        table, by, {"numerator": numerator, "denominator": denominator}, nan_policy
    )
    result = statistic(
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
    return _keyed(result, {k: _frame_key(first.loc[order, k]) for k in by_cols})


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
    keys = {k: _frame_key(frame[k]) for k in by_cols}
    return StatResult({**keys, "value": values, **result}, statistic=result.statistic)
