"""Small numeric helpers shared by the metric families: relative likelihoods, Wilson
percentages, rounding, and means and medians from per-value counts."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...stats import proportion, relative_likelihood


def likelihoods(
    a: Any, n: Any, c: Any, m: Any, *, confidence: float = 0.95
) -> dict[str, np.ndarray]:
    """Relative likelihood (a/n)/(c/m), Katz limits and the 0.80–1.25 flag; nan where a
    denominator is zero (no one in a group)."""
    a, n, c, m = (np.asarray(v, dtype=np.float64) for v in (a, n, c, m))
    ok = (n > 0) & (m > 0) & np.isfinite(n) & np.isfinite(m)
    cols = {k: np.full(a.shape, np.nan) for k in ("relative_likelihood", "lower95", "upper95")}
    flag = np.zeros(a.shape, dtype=object)
    flag[:] = None
    if ok.any():
        r = relative_likelihood(a[ok], n[ok], c[ok], m[ok], confidence=confidence, tests=False)
        cols["relative_likelihood"][ok] = r["value"]
        cols["lower95"][ok] = r["lowercl"]
        cols["upper95"][ok] = r["uppercl"]
        flag[ok] = r["outside_band"]
    cols["outside_0_80_1_25"] = flag
    return cols


def _wilson(x: Any, n: Any) -> dict[str, np.ndarray]:
    x, n = np.asarray(x, dtype=np.float64), np.asarray(n, dtype=np.float64)
    out = {k: np.full(x.shape, np.nan) for k in ("pct", "pct_lower95", "pct_upper95")}
    ok = n > 0
    if ok.any():
        r = proportion(x[ok], n[ok], multiplier=100)
        out["pct"][ok], out["pct_lower95"][ok], out["pct_upper95"][ok] = (
            r["value"],
            r["lowercl"],
            r["uppercl"],
        )
    return out


def round1(x: Any) -> Any:
    """Round half away from zero to one decimal place (pay gap reporting)."""
    x = np.asarray(x, dtype=np.float64)
    return np.sign(x) * np.floor(np.abs(x) * 10 + 0.5 + 1e-9) / 10


def _weighted_median(values: np.ndarray, counts: np.ndarray) -> float:
    total = counts.sum()
    if total == 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    v, c = values[order], np.cumsum(counts[order])
    lo = np.searchsorted(c, (total - 1) // 2 + 1)
    hi = np.searchsorted(c, total // 2 + 1)
    return float((v[lo] + v[hi]) / 2)


def _mean(values: np.ndarray, counts: np.ndarray) -> float:
    total = counts.sum()
    return float(np.dot(values, counts) / total) if total else float("nan")


def _gap(ref: float, other: float) -> float:
    return (ref - other) / ref * 100 if ref else float("nan")
