"""Indirectly standardised ratios and rates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._groups import encode_groups, group_sum
from ._intervals import EXACT_BELOW, poisson_limits
from ._result import StatResult, ci_column_names, confidence_label, constant_column
from ._validation import (
    NanPolicy,
    as_array,
    check_confidence,
    check_lengths,
    check_nan_policy,
    fail_rows,
    missing_mask,
)
from .rates import rate_method

__all__ = ["israte", "isratio", "standardised_ratio"]


def standardised_ratio(
    observed: Any,
    expected: Any,
    *,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 1,
    reference_rate: Any = None,
    nan_policy: NanPolicy = "raise",
    labels: Sequence[Any] | None = None,
) -> StatResult:
    """Observed / expected ratios with Poisson limits on the observed count.

    Method: limits of the observed count — exact Poisson below 10 events, Byar's from 10
    (Breslow & Day 1987) — divided by the expected count (PHEindicatormethods
    ``phe_isr``). With ``reference_rate`` the ratio is turned into an indirectly
    standardised rate: ``O / E × reference_rate × multiplier``.

    Returns:
        :class:`StatResult` with ``observed``, ``expected``, (``reference_rate``),
        ``value``, limits, ``confidence``, ``statistic`` and per-row ``method``.
    """
    levels = check_confidence(confidence)
    o = as_array(observed, "observed")
    e = as_array(expected, "expected")
    nrows = check_lengths(observed=o, expected=e)
    ref = None
    if reference_rate is not None:
        ref = np.broadcast_to(as_array(reference_rate, "reference_rate"), o.shape).astype(float)
    missing_mask(
        nan_policy,
        labels,
        observed=o,
        expected=e,
        **({} if ref is None else {"reference_rate": ref}),
    )
    with np.errstate(invalid="ignore"):
        fail_rows(o < 0, "observed count must not be negative", labels)
        fail_rows(e <= 0, "expected count must be greater than zero", labels)
        if ref is not None:
            fail_rows(ref < 0, "reference rate must not be negative", labels)
    factor = multiplier / e if ref is None else ref * multiplier / e
    columns: dict[str, np.ndarray] = {"observed": o, "expected": e}
    if ref is not None:
        columns["reference_rate"] = ref * multiplier
    columns["value"] = o * factor
    exact = o < EXACT_BELOW
    for level, (lo_name, hi_name) in zip(levels, ci_column_names(levels), strict=True):
        lower, upper = poisson_limits(o, level, exact)
        columns[lo_name] = lower * factor
        columns[hi_name] = upper * factor
    if ref is None:
        statistic = f"indirectly standardised ratio x {multiplier:g}"
    else:
        statistic = f"indirectly standardised rate per {multiplier:g}"
    columns["confidence"] = constant_column(confidence_label(levels), nrows)
    columns["statistic"] = constant_column(statistic, nrows)
    columns["method"] = rate_method(o)
    return StatResult(columns, statistic=statistic, confidence=levels)


def _observed_expected(
    count, population, reference_count, reference_population, groups, nan_policy, labels
):
    check_nan_policy(nan_policy)
    x = as_array(count, "count", ndim=(1, 2))
    n = as_array(population, "population", ndim=(1, 2))
    rx = as_array(reference_count, "reference_count", ndim=(1, 2))
    rn = as_array(reference_population, "reference_population", ndim=(1, 2))
    if n.shape != x.shape:
        raise ValueError(f"inputs have mismatched lengths: count {x.shape}, population {n.shape}")
    if x.ndim == 2 and rx.ndim == 1:
        rx = np.broadcast_to(rx, x.shape)
        rn = np.broadcast_to(rn, x.shape) if rn.ndim == 1 else rn
    if rx.shape != x.shape or rn.shape != x.shape:
        raise ValueError(
            "inputs have mismatched lengths: every row (age band) needs its reference count "
            f"and population (count {x.shape}, reference_count {rx.shape}, "
            f"reference_population {rn.shape})"
        )

    def rows(mask):
        return mask.any(axis=1) if mask.ndim == 2 else mask

    if nan_policy == "raise":
        for name, arr in (("count", x), ("population", n)):
            fail_rows(rows(np.isnan(arr)), f"{name} has missing (nan) values", labels)
    for name, arr in (("reference_count", rx), ("reference_population", rn)):
        fail_rows(rows(np.isnan(arr)), f"{name} missing (nan) for some age bands", labels)
    with np.errstate(invalid="ignore"):
        fail_rows(rows(x < 0), "count must not be negative", labels)
        fail_rows(rows(n < 0), "population must not be negative", labels)
        fail_rows(rows(rx < 0), "reference count must not be negative", labels)
        fail_rows(rows(rn <= 0), "reference population must be greater than zero", labels)
    expected_rows = n * (rx / rn)
    if x.ndim == 2:
        return (x.sum(axis=1), expected_rows.sum(axis=1), rx.sum(axis=1) / rn.sum(axis=1), None)
    codes, uniques = encode_groups(groups, x.shape[0])
    g = uniques.shape[0]
    observed = group_sum(codes, x, g)
    expected = group_sum(codes, expected_rows, g)
    ref_rate = group_sum(codes, rx, g) / group_sum(codes, rn, g)
    return observed, expected, ref_rate, (None if groups is None else uniques)


def isratio(
    count: Any,
    population: Any,
    reference_count: Any,
    reference_population: Any,
    *,
    groups: Any = None,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 1,
    nan_policy: NanPolicy = "raise",
    labels: Sequence[Any] | None = None,
) -> StatResult:
    """Indirectly standardised ratios (observed / expected), e.g. SMRs.

    Method: expected = ``Σ populationᵢ × reference_countᵢ / reference_populationᵢ`` over
    age bands; ratio ``O / E × multiplier`` (1 or 100) with exact Poisson limits below 10
    observed events and Byar's from 10 (PHEindicatormethods ``phe_isr``; Breslow & Day
    1987). Layouts as :func:`~dueregard.analytics.stats.dsr.dsr`: 2-D (areas, bands) with
    1-D reference arrays per band, or long rows with ``groups``. Populations may be zero
    in a band; reference populations must be positive.
    """
    observed, expected, _, uniques = _observed_expected(
        count, population, reference_count, reference_population, groups, nan_policy, labels
    )
    result = standardised_ratio(
        observed, expected, confidence=confidence, multiplier=multiplier, nan_policy=nan_policy
    )
    if uniques is None:
        return result
    return StatResult(
        {"group": uniques, **result}, statistic=result.statistic, confidence=result.confidence
    )


def israte(
    count: Any,
    population: Any,
    reference_count: Any,
    reference_population: Any,
    *,
    groups: Any = None,
    reference_rate: float | None = None,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 100_000,
    nan_policy: NanPolicy = "raise",
    labels: Sequence[Any] | None = None,
) -> StatResult:
    """Indirectly standardised rates: ``O / E × reference rate × multiplier``.

    Method as :func:`isratio`; the reference rate is ``Σ reference_count /
    Σ reference_population`` over the age bands (or ``reference_rate`` if given, per
    person), and the limits are the ratio's limits times that rate (PHEindicatormethods
    ``phe_isr`` with ``type = "rate"``).
    """
    observed, expected, ref_rate, uniques = _observed_expected(
        count, population, reference_count, reference_population, groups, nan_policy, labels
    )
    if reference_rate is not None:
        ref_rate = np.full(observed.shape, float(reference_rate))
    result = standardised_ratio(
        observed,
        expected,
        confidence=confidence,
        multiplier=multiplier,
        reference_rate=ref_rate,
        nan_policy=nan_policy,
    )
    if uniques is None:
        return result
    return StatResult(
        {"group": uniques, **result}, statistic=result.statistic, confidence=result.confidence
    )
