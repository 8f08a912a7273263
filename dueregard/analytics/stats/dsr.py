"""Directly standardised rates with Dobson confidence intervals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._groups import encode_groups, group_sum
from ._intervals import byars_limits
from ._result import StatResult, ci_column_names, confidence_label, constant_column
from ._validation import (
    NanPolicy,
    as_array,
    check_confidence,
    check_nan_policy,
    fail_rows,
)
from .standard_populations import ESP2013, esp2013

__all__ = ["dsr"]

METHOD = "Dobson"
METHOD_NON_INDEPENDENT = "Dobson, with confidence adjusted for non-independent events"
#: DSRs from fewer events than this are not reported (PHE rule).
MIN_COUNT = 10


def dsr(
    count: Any,
    population: Any,
    standard_population: Any = None,
    *,
    groups: Any = None,
    count_variance: Any = None,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 100_000,
    min_count: float = MIN_COUNT,
    nan_policy: NanPolicy = "raise",
    labels: Sequence[Any] | None = None,
) -> StatResult:
    """Directly standardised rates with Dobson confidence intervals.

    Method: ``DSR = Σ wᵢ xᵢ / nᵢ / Σ wᵢ × multiplier`` (``w`` the standard population);
    limits by Dobson et al. (1991, Stat Med 10:457–462): ``DSR + √(var(DSR) / O) ·
    (O_limit − O)`` with ``O = Σ xᵢ`` and ``O_limit`` Byar's limits of ``O``,
    ``var(DSR) = Σ wᵢ² vᵢ / nᵢ² / (Σ wᵢ)²`` where ``vᵢ = xᵢ`` for independent events.
    When people can have several events, pass ``count_variance`` = ``Σₖ k² fₖ`` per band
    (``fₖ`` people with ``k`` events) — the Fingertips adjustment for non-independent
    events; the method is then named accordingly. As in PHEindicatormethods ``phe_dsr``
    the rate and its limits are not reported (nan, ``reported`` False) when the total
    count is below ``min_count`` (10).

    Layouts (all vectorised, no loop per area):

    * 2-D: ``count`` and ``population`` of shape (areas, bands); ``standard_population``
      1-D with one value per band (default ESP2013 when there are 19 bands).
    * long: 1-D arrays with ``groups`` labelling each row's area and
      ``standard_population`` given per row.
    * one area: 1-D arrays without ``groups``.

    Returns:
        :class:`StatResult` with ``group`` (labels; long layout only), ``total_count``,
        ``total_pop``, ``value``, limits, ``confidence``, ``statistic``
        (``"dsr per 100000"``), ``method`` and ``reported``.

    Raises:
        ValueError: naming rows/areas with negative counts, populations ≤ 0, negative or
            missing standard populations (missing bands), nan, or mismatched shapes.
    """
    levels = check_confidence(confidence)
    check_nan_policy(nan_policy)
    x = as_array(count, "count", ndim=(1, 2))
    n = as_array(population, "population", ndim=(1, 2))
    if n.shape != x.shape:
        raise ValueError(f"inputs have mismatched lengths: count {x.shape}, population {n.shape}")
    v = x if count_variance is None else as_array(count_variance, "count_variance", ndim=(1, 2))
    if v.shape != x.shape:
        raise ValueError(
            f"inputs have mismatched lengths: count {x.shape}, count_variance {v.shape}"
        )
    nbands = x.shape[-1]
    if standard_population is None:
        if groups is not None or nbands != len(ESP2013):
            raise ValueError(
                "standard_population is required unless there are 19 age bands in the "
                f"ESP2013 order (got {nbands} columns); pass one value per band or per row"
            )
        w = esp2013()
    else:
        w = as_array(standard_population, "standard_population", ndim=(1, 2))
    if x.ndim == 2:
        if w.ndim == 1 and w.shape[0] != nbands:
            raise ValueError(
                f"standard population has {w.shape[0]} bands but the data have {nbands}; "
                "every age band needs a standard population"
            )
        if w.ndim == 2 and w.shape != x.shape:
            raise ValueError(f"standard_population shape {w.shape} differs from count {x.shape}")
        w2 = np.broadcast_to(w, x.shape)
        return _dsr_2d(
            x,
            n,
            w2,
            v,
            levels,
            multiplier,
            min_count,
            nan_policy,
            labels,
            non_independent=count_variance is not None,
        )
    if w.shape != x.shape:
        raise ValueError(
            f"inputs have mismatched lengths: count {x.shape}, standard_population {w.shape}"
            " (every row needs its band's standard population)"
        )
    codes, uniques = encode_groups(groups, x.shape[0])
    row_labels = labels
    _validate(x, n, w, v, nan_policy, row_labels)
    ngroups = uniques.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        wsum = group_sum(codes, w, ngroups)
        num = group_sum(codes, w * x / n, ngroups)
        var = group_sum(codes, w * w * v / (n * n), ngroups)
    total = group_sum(codes, x, ngroups)
    total_pop = group_sum(codes, n, ngroups)
    result = _finish(
        total,
        total_pop,
        wsum,
        num,
        var,
        levels,
        multiplier,
        min_count,
        non_independent=count_variance is not None,
    )
    if groups is None:
        return result
    return StatResult(
        {"group": uniques, **result}, statistic=result.statistic, confidence=result.confidence
    )


def _validate(x, n, w, v, nan_policy, labels) -> None:
    if nan_policy == "raise":
        fail_rows(_rows(np.isnan(x)), "count has missing (nan) values", labels)
        fail_rows(_rows(np.isnan(n)), "population has missing (nan) values", labels)
        fail_rows(_rows(np.isnan(v)), "count_variance has missing (nan) values", labels)
    fail_rows(
        _rows(np.isnan(w)),
        "standard population missing (nan) for some age bands",
        labels,
    )
    with np.errstate(invalid="ignore"):
        fail_rows(_rows(x < 0), "count must not be negative", labels)
        fail_rows(_rows(n <= 0), "population must be greater than zero", labels)
        fail_rows(_rows(w < 0), "standard population must not be negative", labels)
        fail_rows(_rows(v < 0), "count_variance must not be negative", labels)


def _rows(mask: np.ndarray) -> np.ndarray:
    return mask.any(axis=1) if mask.ndim == 2 else mask


def _dsr_2d(x, n, w, v, levels, multiplier, min_count, nan_policy, labels, *, non_independent):
    _validate(x, n, w, v, nan_policy, labels)
    with np.errstate(divide="ignore", invalid="ignore"):
        wsum = w.sum(axis=1)
        rate = x / n
        num = (w * rate).sum(axis=1)
        rate = v / (n * n)
        var = (w * w * rate).sum(axis=1)
    return _finish(
        x.sum(axis=1),
        n.sum(axis=1),
        wsum,
        num,
        var,
        levels,
        multiplier,
        min_count,
        non_independent=non_independent,
    )


def _finish(total, total_pop, wsum, num, var, levels, multiplier, min_count, *, non_independent):
    nrows = total.shape[0]
    reported = total >= min_count
    with np.errstate(divide="ignore", invalid="ignore"):
        value = num / wsum
        var = var / (wsum * wsum)
        scale = np.sqrt(var / total)
    columns: dict[str, np.ndarray] = {
        "total_count": total,
        "total_pop": total_pop,
        "value": np.where(reported, value * multiplier, np.nan),
    }
    for level, (lo_name, hi_name) in zip(levels, ci_column_names(levels), strict=True):
        o_lo, o_hi = byars_limits(total, level)
        lower = (value + scale * (o_lo - total)) * multiplier
        upper = (value + scale * (o_hi - total)) * multiplier
        columns[lo_name] = np.where(reported, lower, np.nan)
        columns[hi_name] = np.where(reported, upper, np.nan)
    statistic = f"dsr per {multiplier:g}"
    columns["confidence"] = constant_column(confidence_label(levels), nrows)
    columns["statistic"] = constant_column(statistic, nrows)
    columns["method"] = constant_column(
        METHOD_NON_INDEPENDENT if non_independent else METHOD, nrows
    )
    columns["reported"] = reported
    return StatResult(
        columns, statistic=statistic, confidence=levels, meta={"min_count": min_count}
    )
