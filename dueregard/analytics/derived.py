"""The disclosure rule for derived figures: computed from the published counts only.

A percentage, rate, ratio, relative likelihood, confidence limit or funnel position shown
beside counts that were rounded or suppressed (:mod:`dueregard.analytics.disclosure`)
must not give the exact counts back. Printed to six decimals, ``12/52 = 0.230769`` beside
"appointed 10, shortlisted 50" names the only pair of counts near 10 and 50 with that
ratio. So every derived figure in a published or shared output is computed here, from
the **published** counts (rounded to 5, ``nan`` where suppressed): it then carries no
information the printed counts do not already carry, whatever its precision. A figure
whose inputs are suppressed is itself suppressed (``nan``).

Each output shows these figures to the precision in :data:`DIGITS` (the precision of the
figure, not a protection: the protection is the input).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .stats import proportion, rate, relative_likelihood

__all__ = ["DIGITS", "likelihood", "proportion_interval", "rate_interval", "ratio"]

#: Decimal places each kind of derived figure is printed to.
DIGITS = {"percentage": 1, "rate": 1, "ratio": 2, "likelihood": 2, "score": 1}


def _arrays(*values: Any) -> list[np.ndarray]:
    return [np.atleast_1d(np.asarray(v, dtype=np.float64)) for v in values]


def ratio(numerator: Any, denominator: Any, *, scale: float = 1.0) -> np.ndarray:
    """``numerator / denominator * scale`` of published counts; nan where either is
    suppressed or the denominator is zero."""
    x, n = _arrays(numerator, denominator)
    ok = np.isfinite(x) & np.isfinite(n) & (n > 0)
    out = np.full(np.broadcast(x, n).shape, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(x * scale, n, out=out, where=ok)
    return out


def _valid(x: np.ndarray, n: np.ndarray) -> np.ndarray:
    return np.isfinite(x) & np.isfinite(n) & (n > 0) & (x >= 0) & (x <= n)


def proportion_interval(
    numerator: Any, denominator: Any, *, scale: float = 100.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Value and Wilson 95% limits from published counts (nan where suppressed)."""
    x, n = _arrays(numerator, denominator)
    x, n = np.broadcast_arrays(x, n)
    out = [np.full(x.shape, np.nan) for _ in range(3)]
    ok = _valid(x, n)
    if ok.any():
        r = proportion(x[ok], n[ok], multiplier=scale)
        for col, name in zip(out, ("value", "lowercl", "uppercl"), strict=True):
            col[ok] = r[name]
    return out[0], out[1], out[2]


def rate_interval(
    numerator: Any, denominator: Any, *, scale: float = 1000.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Crude rate and 95% limits (exact Poisson below 10, Byar's from 10) from published
    counts (nan where suppressed)."""
    x, n = _arrays(numerator, denominator)
    x, n = np.broadcast_arrays(x, n)
    out = [np.full(x.shape, np.nan) for _ in range(3)]
    ok = np.isfinite(x) & np.isfinite(n) & (n > 0) & (x >= 0)
    if ok.any():
        r = rate(x[ok], n[ok], multiplier=scale)
        for col, name in zip(out, ("value", "lowercl", "uppercl"), strict=True):
            col[ok] = r[name]
    return out[0], out[1], out[2]


def likelihood(
    numerator: Any, denominator: Any, reference_numerator: Any, reference_denominator: Any
) -> dict[str, np.ndarray]:
    """Relative likelihood (Katz 95% limits) of published counts against a reference
    group's published counts: ``value``, ``lower``, ``upper`` and ``outside_band``
    (0.80–1.25); nan / None where any input is suppressed or a group is empty."""
    a, n, c, m = np.broadcast_arrays(
        *_arrays(numerator, denominator, reference_numerator, reference_denominator)
    )
    out = {k: np.full(a.shape, np.nan) for k in ("value", "lower", "upper")}
    flag = np.full(a.shape, None, dtype=object)
    ok = _valid(a, n) & _valid(c, m)
    if ok.any():
        r = relative_likelihood(a[ok], n[ok], c[ok], m[ok], tests=False)
        out["value"][ok], out["lower"][ok], out["upper"][ok] = (
            r["value"],
            r["lowercl"],
            r["uppercl"],
        )
        flag[ok] = np.asarray(r["outside_band"], dtype=bool)
    return {**out, "outside_band": flag}
