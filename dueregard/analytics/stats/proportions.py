"""Proportions with Wilson score confidence intervals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._intervals import wilson_limits_multi
from ._result import StatResult, ci_column_names, confidence_label, constant_column
from ._validation import (
    NanPolicy,
    as_array,
    check_confidence,
    check_lengths,
    fail_rows,
    missing_mask,
)

__all__ = ["proportion", "proportion_statistic"]

METHOD = "Wilson"


def proportion_statistic(multiplier: float) -> str:
    """The ``statistic`` text for a proportion at ``multiplier`` (PHE wording)."""
    if multiplier == 100:
        return "percentage"
    return f"proportion of {multiplier:g}"


def proportion(
    numerator: Any,
    denominator: Any,
    *,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 1,
    nan_policy: NanPolicy = "raise",
    labels: Sequence[Any] | None = None,
) -> StatResult:
    """Proportions ``numerator / denominator`` with Wilson score confidence intervals.

    Method: Wilson score interval (Wilson 1927, "Probable inference, the law of
    succession, and statistical inference", JASA 22:209–212), as used by
    PHEindicatormethods ``phe_proportion`` and the Fingertips technical guidance, with
    ``z = qnorm(confidence + (1 − confidence) / 2)``.

    Args:
        numerator: counts meeting the condition (array-like; need not be integers).
        denominator: sample sizes, same length, each > 0 and ≥ the numerator.
        confidence: one level or several (default 0.95; 0.95 and 0.998 are the PHE pair).
        multiplier: scale for value and limits (1 = proportion, 100 = percentage).
        nan_policy: ``"raise"`` (default) or ``"propagate"`` (nan rows give nan results).
        labels: optional row labels used in error messages instead of row positions.

    Returns:
        :class:`StatResult` with ``value``, the limit columns, ``confidence``,
        ``statistic`` and ``method`` (``"Wilson"``).

    Raises:
        ValueError: naming the rows with negative numerators, denominators ≤ 0,
            numerator > denominator, nan (unless propagated) or mismatched lengths.
    """
    levels = check_confidence(confidence)
    x = as_array(numerator, "numerator")
    n = as_array(denominator, "denominator")
    nrows = check_lengths(numerator=x, denominator=n)
    missing = missing_mask(nan_policy, labels, numerator=x, denominator=n)
    with np.errstate(invalid="ignore"):
        fail_rows(x < 0, "numerator must not be negative", labels)
        fail_rows(n <= 0, "denominator must be greater than zero", labels)
        fail_rows(x > n, "numerator must not be greater than denominator", labels)

    columns: dict[str, np.ndarray] = {}
    ratio = x / n
    columns["value"] = ratio * multiplier if multiplier != 1 else ratio
    limits = wilson_limits_multi(x, n, levels, ratio=ratio)
    for (lower, upper), (lo_name, hi_name) in zip(limits, ci_column_names(levels), strict=True):
        if multiplier != 1:
            lower *= multiplier
            upper *= multiplier
        columns[lo_name] = lower
        columns[hi_name] = upper
    columns["confidence"] = constant_column(confidence_label(levels), nrows)
    columns["statistic"] = constant_column(proportion_statistic(multiplier), nrows)
    columns["method"] = constant_column(METHOD, nrows)
    del missing  # nan rows already carry nan through the arithmetic
    return StatResult(columns, statistic=proportion_statistic(multiplier), confidence=levels)
