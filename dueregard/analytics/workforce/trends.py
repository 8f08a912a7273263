"""Trends over the years: each indicator's figures side by side, the change from the year
before and whether it is beyond chance.

For a percentage with its base (survey indicators, board and workforce shares) the change
is a percentage-point difference with the Newcombe (1998) hybrid score 95% interval built
from the two Wilson intervals; it is *beyond chance* when that interval excludes 0. Other
figures (relative likelihoods given without their counts) get the change only and are
marked untested: a test would need the counts behind them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..stats import proportion

__all__ = ["Point", "TrendRow", "trend"]


@dataclass(frozen=True)
class Point:
    """One year's figure of one series (indicator + group). ``positive``/``base`` are the
    counts behind a percentage; leave them None for a figure without counts."""

    series: str
    year: int
    value: float
    positive: int | None = None
    base: int | None = None


@dataclass(frozen=True)
class TrendRow:
    series: str
    year: int
    value: float
    change: float | None  # from the previous year present
    lower95: float | None
    upper95: float | None
    beyond_chance: bool | None  # None: not tested (no counts, or first year)


def _wilson(x: float, n: float) -> tuple[float, float, float]:
    r = proportion(np.array([x]), np.array([n]), multiplier=100)
    return float(r["value"][0]), float(r["lowercl"][0]), float(r["uppercl"][0])


def _newcombe(prev: Point, cur: Point) -> tuple[float, float, float]:
    """Difference cur − prev (percentage points) and its Newcombe hybrid score limits."""
    p2, l2, u2 = _wilson(cur.positive, cur.base)
    p1, l1, u1 = _wilson(prev.positive, prev.base)
    d = p2 - p1
    lo = d - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    hi = d + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return d, float(lo), float(hi)


def _counted(p: Point) -> bool:
    return p.positive is not None and p.base is not None and p.base > 0


def trend(points: Iterable[Point]) -> list[TrendRow]:
    """Rows by series then year; a repeated (series, year) raises ``ValueError``."""
    by_series: dict[str, dict[int, Point]] = {}
    for p in points:
        years = by_series.setdefault(p.series, {})
        if p.year in years:
            raise ValueError(f"{p.series}: year {p.year} given twice")
        if p.positive is not None and (p.base is None or not 0 <= p.positive <= p.base):
            raise ValueError(f"{p.series} {p.year}: positive must be between 0 and the base")
        years[p.year] = p
    rows: list[TrendRow] = []
    for series, years in by_series.items():
        prev: Point | None = None
        for year in sorted(years):
            cur = years[year]
            change = lo = hi = beyond = None
            if prev is not None:
                if _counted(prev) and _counted(cur):
                    change, lo, hi = _newcombe(prev, cur)
                    beyond = bool(lo > 0 or hi < 0)
                elif np.isfinite(cur.value) and np.isfinite(prev.value):
                    change = cur.value - prev.value
            rows.append(TrendRow(series, year, cur.value, change, lo, hi, beyond))
            prev = cur
    return rows
