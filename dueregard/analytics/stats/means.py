"""Means with Student's t confidence intervals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._result import StatResult, ci_column_names, confidence_label, constant_column
from ._validation import (
    NanPolicy,
    as_array,
    check_confidence,
    check_lengths,
    fail_rows,
    missing_mask,
)

__all__ = ["mean", "mean_from_values"]

METHOD = "Student's t-distribution"


def mean(
    value_sum: Any,
    value_count: Any,
    stdev: Any,
    *,
    confidence: float | Sequence[float] = 0.95,
    nan_policy: NanPolicy = "raise",
    labels: Sequence[Any] | None = None,
) -> StatResult:
    """Means from aggregates with Student's t confidence intervals.

    Method: ``mean ± t(1 − α/2, n − 1) · s / √n`` with ``s`` the sample standard deviation
    (n − 1 denominator) — Student (1908); PHEindicatormethods ``phe_mean``.
    Working on aggregates (sum, count, standard deviation per group) keeps the
    computation vectorised over any number of groups; :func:`mean_from_values` and the
    grouped interface compute the aggregates for you.

    Args:
        value_sum: sum of the values in each group.
        value_count: number of values in each group (≥ 2).
        stdev: sample standard deviation in each group (≥ 0).
        confidence: one level or several (default 0.95).
        nan_policy: ``"raise"`` (default) or ``"propagate"``.
        labels: optional row labels used in error messages.

    Returns:
        :class:`StatResult` with ``value_sum``, ``value_count``, ``stdev``, ``value``,
        the limits, ``confidence``, ``statistic`` (``"mean"``) and ``method``.
    """
    levels = check_confidence(confidence)
    total = as_array(value_sum, "value_sum")
    count = as_array(value_count, "value_count")
    sd = as_array(stdev, "stdev")
    nrows = check_lengths(value_sum=total, value_count=count, stdev=sd)
    missing_mask(nan_policy, labels, value_sum=total, value_count=count, stdev=sd)
    with np.errstate(invalid="ignore"):
        fail_rows(count < 2, "a mean's confidence interval needs at least 2 values", labels)
        fail_rows(count != np.floor(count), "value_count must be a whole number", labels)
        fail_rows(sd < 0, "stdev must not be negative", labels)

    value = total / count
    se = sd / np.sqrt(count)
    columns: dict[str, np.ndarray] = {
        "value_sum": total,
        "value_count": count,
        "stdev": sd,
        "value": value,
    }
    from scipy.special import stdtrit  # imported here: ~0.2 s (see stats._intervals)

    for level, (lo_name, hi_name) in zip(levels, ci_column_names(levels), strict=True):
        with np.errstate(invalid="ignore"):
            half = stdtrit(count - 1.0, 0.5 + level / 2.0) * se
        columns[lo_name] = value - half
        columns[hi_name] = value + half
    columns["confidence"] = constant_column(confidence_label(levels), nrows)
    columns["statistic"] = constant_column("mean", nrows)
    columns["method"] = constant_column(METHOD, nrows)
    return StatResult(columns, statistic="mean", confidence=levels)


def mean_from_values(
    values: Any,
    groups: Any | None = None,
    *,
    confidence: float | Sequence[float] = 0.95,
    nan_policy: NanPolicy = "raise",
) -> StatResult:
    """Means of raw values, optionally per group, with Student's t intervals.

    Method as :func:`mean` (Student 1908; PHEindicatormethods ``phe_mean``). Aggregates
    with ``numpy.bincount`` (one pass, no loop per group) then calls :func:`mean`. With
    ``groups`` the result has a ``group`` column holding the sorted distinct group labels;
    without it there is one row for all values.
    """
    vals = as_array(values, "values")
    if groups is None:
        codes = np.zeros(vals.shape[0], dtype=np.intp)
        uniques = np.array(["all"], dtype=object)
    else:
        keys = np.asarray(groups)
        if keys.shape != vals.shape:
            raise ValueError(
                f"inputs have mismatched lengths: values {vals.shape}, groups {keys.shape}"
            )
        uniques, codes = np.unique(keys, return_inverse=True)
    if nan_policy == "raise":
        fail_rows(np.isnan(vals), "values has missing (nan) values")
    ngroups = uniques.shape[0]
    # nan values (nan_policy="propagate") make their group's sums, and so its result, nan
    count = np.bincount(codes, minlength=ngroups).astype(np.float64)
    total = np.bincount(codes, weights=vals, minlength=ngroups)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = total / count
        sq = np.bincount(codes, weights=(vals - centre[codes]) ** 2, minlength=ngroups)
        sd = np.sqrt(sq / (count - 1.0))
    result = mean(
        total,
        count,
        sd,
        confidence=confidence,
        nan_policy=nan_policy,
        labels=[str(u) for u in uniques],
    )
    return StatResult(
        {"group": uniques, **result},
        statistic=result.statistic,
        confidence=result.confidence,
    )
