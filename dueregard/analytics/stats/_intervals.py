"""Vectorised interval primitives shared by the statistic families.

All functions take and return numpy arrays and avoid scipy.stats distribution objects
(their per-call overhead dominates on large inputs). The normal quantile of a confidence
level is one number, from the standard library; :mod:`scipy.special` (~0.2 s to import,
most of a small run's statistics time) is imported only by the functions that need its
vectorised special functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist

import numpy as np

__all__ = [
    "byars_limits",
    "exact_poisson_limits",
    "poisson_limits",
    "poisson_limits_multi",
    "wilson_limits",
    "wilson_limits_multi",
    "z_value",
]

#: Counts below this use exact Poisson limits, from it Byar's approximation (PHE rule).
EXACT_BELOW = 10


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile: ``qnorm(confidence + (1 - confidence) / 2)``
    (Wichura's AS 241 in the standard library: within a few units in the last place of
    R's ``qnorm``, which uses the same algorithm)."""
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def wilson_limits(x: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion ``x / n`` (Wilson 1927), on the 0–1 scale.

    ``(2x + z² ∓ z·sqrt(z² + 4x(1 − x/n))) / (2(n + z²))``, clipped to [0, 1] so that
    rounding never pushes a limit outside the unit interval.
    """
    z = z_value(confidence)
    z2 = z * z
    centre = 2.0 * x + z2
    spread = np.sqrt(z2 + 4.0 * x * (1.0 - x / n))
    spread *= z
    denom = 2.0 * (n + z2)
    lower = centre - spread
    lower /= denom
    upper = centre + spread
    upper /= denom
    np.clip(lower, 0.0, 1.0, out=lower)
    np.clip(upper, 0.0, 1.0, out=upper)
    return lower, upper


def wilson_limits_multi(
    x: np.ndarray, n: np.ndarray, levels: Sequence[float], ratio: np.ndarray | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`wilson_limits` for several confidence levels sharing the work, bit for bit.

    ``4x(1 − x/n)`` and ``2x`` do not depend on the level and are computed once (from
    ``ratio`` = ``x / n`` if the caller has it); every step works in place, and the
    clipping is two in-place ufuncs rather than ``np.clip`` (same values, NaN kept).
    """
    q = 1.0 - (x / n if ratio is None else ratio)
    q *= x
    q *= 4.0  # exact: 4.0 * x * (1 - x/n) as wilson_limits computes it
    two_x = 2.0 * x
    out = []
    for level in levels:
        z = z_value(level)
        z2 = z * z
        spread = q + z2
        np.sqrt(spread, out=spread)
        spread *= z
        denom = n + z2
        denom *= 2.0
        lower = two_x + z2
        lower -= spread
        lower /= denom
        upper = two_x + z2
        upper += spread
        upper /= denom
        for limit in (lower, upper):
            np.maximum(limit, 0.0, out=limit)
            np.minimum(limit, 1.0, out=limit)
        out.append((lower, upper))
    return out


def exact_poisson_limits(x: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood 1936) limits of a Poisson count, via the chi-square/gamma link.

    lower = ``qchisq(α/2, 2x) / 2`` and upper = ``qchisq(1 − α/2, 2x + 2) / 2``; a count
    of 0 has lower limit exactly 0 (``scipy.stats.chi2.ppf(p, 0)`` is nan, R gives 0).
    """
    from scipy.special import gammaincinv  # imported here: see the module's docstring

    x = np.asarray(x, dtype=np.float64)
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore"):
        lower = np.where(x > 0, gammaincinv(np.where(x > 0, x, 1.0), alpha / 2.0), 0.0)
    upper = gammaincinv(x + 1.0, 1.0 - alpha / 2.0)
    return lower, upper


def byars_limits(x: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Byar's approximation to exact Poisson limits (Breslow & Day 1987).

    lower = ``x (1 − 1/(9x) − z/(3√x))³``, upper = ``(x+1) (1 − 1/(9(x+1)) + z/(3√(x+1)))³``.
    Where the approximation breaks down (tiny counts at high confidence make the lower
    bracket negative, or x = 0) the lower limit is nan, as in the reference data; the
    statistic functions use exact limits for those counts instead.
    """
    x = np.asarray(x, dtype=np.float64)
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        base = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * np.sqrt(x))
        lower = np.where(base >= 0, x * base**3, np.nan)
        x1 = x + 1.0
        upper = x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * np.sqrt(x1))) ** 3
    return lower, upper


def _exact_small(xs: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact limits for the small counts; whole counts use a lookup table."""
    if xs.size and np.all(xs == np.floor(xs)) and xs.max() < 64:
        table_lo, table_hi = exact_poisson_limits(np.arange(int(xs.max()) + 1.0), confidence)
        k = xs.astype(np.intp)
        return table_lo[k], table_hi[k]
    return exact_poisson_limits(xs, confidence)


def poisson_limits(
    x: np.ndarray, confidence: float, exact_mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Limits of a Poisson count: exact below :data:`EXACT_BELOW` events, Byar's from it."""
    return poisson_limits_multi(x, (confidence,), exact_mask)[0]


def poisson_limits_multi(
    x: np.ndarray, levels: tuple[float, ...], exact_mask: np.ndarray | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`poisson_limits` for several confidence levels sharing the work.

    Byar's approximation is evaluated for every row with the square roots computed once;
    rows below :data:`EXACT_BELOW` events are then overwritten with exact limits — taken
    from a small lookup table when the counts are whole numbers, so the (slow) inverse
    gamma function runs a handful of times instead of once per row.
    """
    x = np.asarray(x, dtype=np.float64)
    if exact_mask is None:
        exact_mask = x < EXACT_BELOW
    with np.errstate(divide="ignore", invalid="ignore"):
        x1 = x + 1.0
        base_lo = 1.0 - 1.0 / (9.0 * x)
        base_hi = 1.0 - 1.0 / (9.0 * x1)
        inv_root_lo = 1.0 / (3.0 * np.sqrt(x))
        inv_root_hi = 1.0 / (3.0 * np.sqrt(x1))
    idx = np.flatnonzero(exact_mask) if exact_mask.any() else None
    out = []
    for level in levels:
        z = z_value(level)
        with np.errstate(invalid="ignore"):
            lower = inv_root_lo * -z
            lower += base_lo
            lower **= 3
            lower *= x
            upper = inv_root_hi * z
            upper += base_hi
            upper **= 3
            upper *= x1
        if idx is not None:
            lo, hi = _exact_small(x[idx], level)
            lower[idx] = lo
            upper[idx] = hi
        out.append((lower, upper))
    return out
