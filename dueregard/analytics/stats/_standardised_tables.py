"""Standardised statistics straight from tables: directly standardised rates and
indirectly standardised ratios and rates, from rows of counts and populations per group
and age band, aggregated in the table's own engine (see :mod:`.grouped`, which offers
them as ``grouped.dsr``, ``grouped.isratio`` and ``grouped.israte``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ._aggregation import (
    Spec,
    _aggregate,
    _as_list,
    _check_columns,
    _key_array,
    _keyed,
    _labels,
    _missing_groups,
    table_kind,
)
from ._result import StatResult
from ._validation import NanPolicy, fail_rows
from .dsr import dsr as _dsr
from .isr import israte as _israte
from .isr import isratio as _isratio
from .standard_populations import normalise_band, standard_lookup, standard_population_for

__all__ = ["dsr", "israte", "isratio"]


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
    return _regroup(result, group_keys, first)


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
    return _indirectly_standardised(
        _isratio,
        table,
        count,
        population,
        ageband,
        by,
        reference,
        reference_count,
        reference_population,
        confidence,
        multiplier,
        nan_policy,
    )


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
    return _indirectly_standardised(
        _israte,
        table,
        count,
        population,
        ageband,
        by,
        reference,
        reference_count,
        reference_population,
        confidence,
        multiplier,
        nan_policy,
    )


def _indirectly_standardised(
    statistic,
    table,
    count,
    population,
    ageband,
    by,
    reference,
    reference_count,
    reference_population,
    confidence,
    multiplier,
    nan_policy,
) -> StatResult:
    """``statistic`` (the array API's isratio or israte) of the table's per-group sums."""
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
    result = statistic(
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
    """The array API's result per group code, with the groups' keys in its place."""
    order = result["group"].astype(np.intp)
    return _keyed(result, {k: _key_array(v[first][order]) for k, v in group_keys.items()})
