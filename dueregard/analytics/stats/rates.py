"""Crude rates and counts with exact Poisson / Byar's confidence intervals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._intervals import EXACT_BELOW, poisson_limits_multi
from ._result import StatResult, ci_column_names, confidence_label, constant_column
from ._validation import (
    NanPolicy,
    as_array,
    check_confidence,
    check_lengths,
    fail_rows,
    missing_mask,
)

__all__ = ["count_limits", "rate", "rate_method"]


def rate_method(x: np.ndarray) -> np.ndarray:
    """Per-row method name: ``"Exact"`` below 10 events, ``"Byars"`` from 10 (nan → "")."""
    out = np.full(x.shape, "Byars")  # filled and overwritten: no two-pass np.where of text
    out[x < EXACT_BELOW] = "Exact"
    out[np.isnan(x)] = ""
    return out


def _method_column(x: np.ndarray, exact: np.ndarray) -> np.ndarray:
    n = x.shape[0]
    if not exact.any() and not np.isnan(x).any():
        return constant_column("Byars", n)
    return rate_method(x)


def rate(
    numerator: Any,
    denominator: Any,
    *,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 100_000,
    nan_policy: NanPolicy = "raise",
    labels: Sequence[Any] | None = None,
) -> StatResult:
    """Crude rates ``numerator / denominator × multiplier`` with Poisson confidence limits.

    Method: exact Poisson limits from the chi-square distribution (Garwood 1936) when the
    count is below 10, Byar's approximation (Breslow & Day 1987) from 10 events — the rule
    of PHEindicatormethods ``phe_rate`` and the Fingertips technical guidance. A count of
    zero has a lower limit of exactly 0 and a finite upper limit. The count limits are
    divided by the denominator and multiplied by ``multiplier``.

    Args:
        numerator: event counts (≥ 0).
        denominator: person-time or population (> 0); the numerator may exceed it.
        confidence: one level or several (default 0.95).
        multiplier: rate scale (default per 100,000).
        nan_policy: ``"raise"`` (default) or ``"propagate"``.
        labels: optional row labels used in error messages.

    Returns:
        :class:`StatResult` with ``value``, limits, ``confidence``, ``statistic``
        (``"rate per 100000"``) and per-row ``method`` (``"Exact"`` or ``"Byars"``).

    Raises:
        ValueError: naming rows with negative counts, denominators ≤ 0, nan or
            mismatched lengths.
    """
    levels = check_confidence(confidence)
    x = as_array(numerator, "numerator")
    n = as_array(denominator, "denominator")
    nrows = check_lengths(numerator=x, denominator=n)
    missing_mask(nan_policy, labels, numerator=x, denominator=n)
    with np.errstate(invalid="ignore"):
        fail_rows(x < 0, "numerator must not be negative", labels)
        fail_rows(n <= 0, "denominator must be greater than zero", labels)

    scale = multiplier / n
    columns: dict[str, np.ndarray] = {"value": x * scale}
    exact = x < EXACT_BELOW
    limits = poisson_limits_multi(x, levels, exact)
    for (lower, upper), (lo_name, hi_name) in zip(limits, ci_column_names(levels), strict=True):
        lower *= scale
        upper *= scale
        columns[lo_name] = lower
        columns[hi_name] = upper
    statistic = f"rate per {multiplier:g}"
    columns["confidence"] = constant_column(confidence_label(levels), nrows)
    columns["statistic"] = constant_column(statistic, nrows)
    columns["method"] = _method_column(x, exact)
    return StatResult(columns, statistic=statistic, confidence=levels)


def count_limits(
    count: Any,
    *,
    confidence: float | Sequence[float] = 0.95,
    nan_policy: NanPolicy = "raise",
    labels: Sequence[Any] | None = None,
) -> StatResult:
    """Confidence limits for Poisson counts (exact below 10 events, Byar's from 10).

    Same method as :func:`rate` without a denominator (PHEindicatormethods
    ``byars_lower``/``byars_upper`` and the exact chi-square limits).
    """
    levels = check_confidence(confidence)
    x = as_array(count, "count")
    nrows = x.shape[0]
    missing_mask(nan_policy, labels, count=x)
    with np.errstate(invalid="ignore"):
        fail_rows(x < 0, "count must not be negative", labels)
    columns: dict[str, np.ndarray] = {"value": x.copy()}
    exact = x < EXACT_BELOW
    limits = poisson_limits_multi(x, levels, exact)
    for (lower, upper), (lo_name, hi_name) in zip(limits, ci_column_names(levels), strict=True):
        columns[lo_name] = lower
        columns[hi_name] = upper
    columns["confidence"] = constant_column(confidence_label(levels), nrows)
    columns["statistic"] = constant_column("count", nrows)
    columns["method"] = _method_column(x, exact)
    return StatResult(columns, statistic="count", confidence=levels)
