"""Relative likelihood: the ratio of two proportions, with Katz log intervals and tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._intervals import z_value
from ._result import StatResult, ci_column_names, confidence_label, constant_column
from ._validation import (
    NanPolicy,
    as_array,
    check_confidence,
    check_lengths,
    fail_rows,
    missing_mask,
)

__all__ = ["chi_square_p", "fisher_exact_p", "relative_likelihood"]

METHOD = "Katz log"
METHOD_CORRECTED = "Katz log, 0.5 added to each cell (zero count)"
#: The band treated as parity in workforce equality (the four-fifths rule).
PARITY_BAND = (0.80, 1.25)
_FISHER_RTOL = 1 + 1e-7  # the tolerance scipy.stats.fisher_exact uses for equal pmfs


def relative_likelihood(
    numerator: Any,
    denominator: Any,
    reference_numerator: Any,
    reference_denominator: Any,
    *,
    confidence: float | Sequence[float] = 0.95,
    band: tuple[float, float] = PARITY_BAND,
    tests: bool = True,
    yates: bool = False,
    nan_policy: NanPolicy = "raise",
    labels: Sequence[Any] | None = None,
) -> StatResult:
    """Relative likelihood ``(a / n) / (c / m)`` of two proportions, e.g. WRES indicator 2.

    Method: the ratio of two proportions (relative risk) with Katz log confidence limits
    (Katz et al. 1978, Biometrics 34:469–474):
    ``exp(log RR ± z √(1/a − 1/n + 1/c − 1/m))``, the same numbers as
    ``scipy.stats.contingency.relative_risk(...).confidence_interval()``. When ``a`` or
    ``c`` is zero the ratio or its variance is undefined; those rows add 0.5 to each of
    the four cells (Haldane–Anscombe) and say so in ``method``. With ``tests`` the
    two-sided Fisher exact p-value (as ``scipy.stats.fisher_exact``) and the Pearson
    chi-square p-value (1 d.f.; Yates-corrected if ``yates``) of the 2×2 table are added,
    vectorised over all rows. ``outside_band`` flags ratios outside ``band`` (0.80–1.25,
    the four-fifths rule used by WRES/WDES).

    Args:
        numerator, denominator: successes and totals of the group of interest.
        reference_numerator, reference_denominator: those of the comparison group.
        confidence: one level or several (default 0.95).
        band: (low, high) parity band.
        tests: add ``p_fisher`` and ``p_chisq`` columns.
        yates: apply Yates' continuity correction to the chi-square test.
        nan_policy: ``"raise"`` (default) or ``"propagate"``.
        labels: optional row labels used in error messages.

    Returns:
        :class:`StatResult` with ``proportion``, ``reference_proportion``, ``value``,
        limits, (``p_fisher``, ``p_chisq``), ``confidence``, ``statistic``, ``method``,
        ``outside_band`` and ``significant`` (the first interval excludes 1).
    """
    levels = check_confidence(confidence)
    a = as_array(numerator, "numerator")
    n = as_array(denominator, "denominator")
    c = as_array(reference_numerator, "reference_numerator")
    m = as_array(reference_denominator, "reference_denominator")
    nrows = check_lengths(
        numerator=a, denominator=n, reference_numerator=c, reference_denominator=m
    )
    missing_mask(
        nan_policy,
        labels,
        numerator=a,
        denominator=n,
        reference_numerator=c,
        reference_denominator=m,
    )
    with np.errstate(invalid="ignore"):
        for name, arr in (("numerator", a), ("reference_numerator", c)):
            fail_rows(arr < 0, f"{name} must not be negative", labels)
        for name, arr in (("denominator", n), ("reference_denominator", m)):
            fail_rows(arr <= 0, f"{name} must be greater than zero", labels)
        fail_rows(a > n, "numerator must not be greater than denominator", labels)
        fail_rows(
            c > m, "reference_numerator must not be greater than reference_denominator", labels
        )
    low, high = band
    if not low < high:
        raise ValueError(f"band must be (low, high) with low < high, not {band!r}")

    zero = (a == 0) | (c == 0)
    if zero.any():
        a_, n_ = np.where(zero, a + 0.5, a), np.where(zero, n + 1.0, n)
        c_, m_ = np.where(zero, c + 0.5, c), np.where(zero, m + 1.0, m)
    else:
        a_, n_, c_, m_ = a, n, c, m
    p1 = a / n
    p2 = c / m
    value = (a_ / n_) / (c_ / m_)
    log_rr = np.log(value)
    with np.errstate(invalid="ignore"):
        se = np.sqrt(np.maximum(1.0 / a_ - 1.0 / n_ + 1.0 / c_ - 1.0 / m_, 0.0))
    columns: dict[str, np.ndarray] = {"proportion": p1, "reference_proportion": p2, "value": value}
    names = ci_column_names(levels)
    for level, (lo_name, hi_name) in zip(levels, names, strict=True):
        z = z_value(level)
        columns[lo_name] = np.exp(log_rr - z * se)
        columns[hi_name] = np.exp(log_rr + z * se)
    if tests:
        columns["p_fisher"] = fisher_exact_p(a, n, c, m)
        columns["p_chisq"] = chi_square_p(a, n, c, m, yates=yates)
    columns["confidence"] = constant_column(confidence_label(levels), nrows)
    columns["statistic"] = constant_column("relative likelihood", nrows)
    columns["method"] = (
        np.where(zero, METHOD_CORRECTED, METHOD) if zero.any() else constant_column(METHOD, nrows)
    )
    columns["outside_band"] = (value < low) | (value > high)
    lo0, hi0 = columns[names[0][0]], columns[names[0][1]]
    columns["significant"] = (lo0 > 1.0) | (hi0 < 1.0)
    return StatResult(
        columns, statistic="relative likelihood", confidence=levels, meta={"band": band}
    )


def chi_square_p(a: Any, n: Any, c: Any, m: Any, *, yates: bool = False) -> np.ndarray:
    """Pearson chi-square p-value (1 d.f.) for 2×2 tables [[a, n−a], [c, m−c]], vectorised.

    Method: Pearson (1900) ``X² = N (ad − bc)² / (row and column totals)``, optionally
    with Yates' (1934) continuity correction; p from the chi-square survival function.

    Matches ``scipy.stats.chi2_contingency(table, correction=yates)``; a table with an
    empty margin (no successes or no failures at all) has no evidence of difference, p = 1.
    """
    a, n, c, m = (np.asarray(v, dtype=np.float64) for v in (a, n, c, m))
    total = n + m
    succ = a + c
    fail = total - succ
    diff = np.abs(a * (m - c) - c * (n - a))
    if yates:
        diff = np.maximum(diff - total / 2.0, 0.0)
    denom = n * m * succ * fail
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = total * diff * diff / denom
    from scipy.special import chdtrc  # imported here: ~0.2 s, and rarely needed

    p = chdtrc(1.0, stat)
    return np.where(denom > 0, p, 1.0)


def fisher_exact_p(a: Any, n: Any, c: Any, m: Any) -> np.ndarray:
    """Two-sided Fisher exact p-values for 2×2 tables [[a, n−a], [c, m−c]], vectorised.

    Method: Fisher's exact test (Fisher 1935), conditional on the margins
    (hypergeometric), two-sided by summing the tables no more probable than the observed.

    The p-value sums the hypergeometric probabilities of all tables (same margins) no
    more likely than the observed one, with scipy's relative tolerance 1e-7
    (``scipy.stats.fisher_exact``). The hypergeometric pmf is unimodal, so the sum is one
    tail up to the observed count plus the opposite tail beyond the point where the pmf
    falls to the observed level; that point is found by a vectorised bisection
    (⌈log₂ range⌉ steps), so there is no loop over tables.
    """
    a, n, c, m = (np.asarray(v, dtype=np.float64) for v in (a, n, c, m))
    big_m = (n + m).astype(np.int64)  # population
    succ = (a + c).astype(np.int64)  # successes in population
    draws = n.astype(np.int64)  # draws (group of interest)
    k = a.astype(np.int64)
    from scipy.stats import hypergeom  # imported here: scipy.stats costs ~0.8 s to import

    dist = hypergeom
    lo_sup = np.maximum(0, draws - (big_m - succ))
    hi_sup = np.minimum(draws, succ)
    mode = np.floor((draws + 1.0) * (succ + 1.0) / (big_m + 2.0)).astype(np.int64)
    mode = np.clip(mode, lo_sup, hi_sup)
    log_obs = dist.logpmf(k, big_m, succ, draws)
    threshold = log_obs + np.log(_FISHER_RTOL)
    p = np.ones(k.shape)

    left = k < mode
    right = k > mode
    # Observed in the left tail: P(K <= k) + P(K >= j), j = first point right of the mode
    # whose pmf is <= the observed pmf (hi_sup + 1 if none).
    if left.any():
        j = _bisect(dist, big_m, succ, draws, threshold, mode, hi_sup, left, rising=False)
        p_left = dist.cdf(k, big_m, succ, draws) + dist.sf(j - 1, big_m, succ, draws)
        p = np.where(left, p_left, p)
    if right.any():
        j = _bisect(dist, big_m, succ, draws, threshold, lo_sup, mode, right, rising=True)
        p_right = dist.sf(k - 1, big_m, succ, draws) + dist.cdf(j, big_m, succ, draws)
        p = np.where(right, p_right, p)
    return np.clip(p, 0.0, 1.0)


def _bisect(dist, big_m, succ, draws, threshold, lo, hi, active, *, rising):
    """Vectorised search on a monotone stretch of the hypergeometric pmf.

    ``rising=False``: on [lo, hi] the pmf decreases; return the smallest j with
    pmf(j) <= threshold (hi + 1 when none).
    ``rising=True``: on [lo, hi] the pmf increases; return the largest j with
    pmf(j) <= threshold (lo − 1 when none).
    """
    lo = np.where(active, lo, 0).astype(np.int64)
    hi = np.where(active, hi, 0).astype(np.int64)
    if not rising:
        # invariant: answer in [lo, hi + 1]
        left, right = lo, hi + 1
        while True:
            todo = left < right
            if not todo.any():
                return left
            mid = (left + right) // 2
            below = dist.logpmf(mid, big_m, succ, draws) <= threshold
            right = np.where(todo & below, mid, right)
            left = np.where(todo & ~below, mid + 1, left)
    # invariant: answer in [lo - 1, hi]
    left, right = lo - 1, hi
    while True:
        todo = left < right
        if not todo.any():
            return left
        mid = (left + right + 1) // 2
        below = dist.logpmf(mid, big_m, succ, draws) <= threshold
        left = np.where(todo & below, mid, left)
        right = np.where(todo & ~below, mid - 1, right)
