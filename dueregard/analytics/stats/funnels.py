"""Funnel plots: control limits, significance and plotting points.

Three statistics, as in the Fingertips technical guidance (funnel plots chapter) and
PHEindicatormethods ``calculate_funnel_limits`` / ``assign_funnel_significance`` /
``calculate_funnel_points``:

* **proportion** — limits ``p₀ ± z √(p₀(1 − p₀)/n)`` around the baseline ``p₀ = Σx/Σn``,
  clipped to [0, 1]; these are exactly the proportions whose Wilson score interval has
  ``p₀`` as a limit, so a point outside them has a Wilson interval excluding ``p₀``.
* **ratio** (observed/expected; ``ratio_type`` "count" gives ``O/E − 1``, "isr" gives
  ``O/E × multiplier``) — for each observed count ``O`` the expected counts at which ``O``
  sits on a limit are the exact Poisson limits of ``O``.
* **rate** (``rate_type`` "crude" or "dsr") — as ratios, with the expected count
  ``baseline × population × years / multiplier``.

Limits are computed for 95% (2σ, "0.025" each side) and 99.8% (3σ, "0.001") by default.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from ._intervals import exact_poisson_limits, wilson_limits, z_value
from ._result import StatResult, ci_column_names, confidence_label, constant_column
from ._validation import as_array, check_confidence, check_lengths, fail_rows
from .proportions import proportion_statistic

__all__ = [
    "axis_range",
    "funnel_axis",
    "funnel_limits",
    "funnel_points",
    "funnel_significance",
]

Statistic = Literal["proportion", "ratio", "rate"]
DEFAULT_LEVELS = (0.95, 0.998)
NOT_APPLICABLE_DSR = "Not applicable for events less than 10 for dsrs"
#: DSRs with fewer events are not plotted or tested (PHE rule).
DSR_MIN_EVENTS = 10


# --- axis --------------------------------------------------------------------------


def _floor_sig(x: float, digits: int) -> float:
    if x <= 0:
        return 0.0
    scale = 10.0 ** (math.floor(math.log10(x)) - digits + 1)
    return math.floor(x / scale) * scale


def _ceil_sig(x: float, digits: int) -> float:
    if x <= 0:
        return 0.0
    scale = 10.0 ** (math.floor(math.log10(x)) - digits + 1)
    return math.ceil(round(x / scale, 9)) * scale


def axis_range(smallest: float, largest: float) -> tuple[float, float]:
    """Rounded funnel axis bounds for data spanning ``[smallest, largest]``.

    Upper bound: 105% of the largest value, rounded up to 2 significant figures; lower
    bound: 95% of the smallest, rounded down to 1 significant figure — or 0 (the axis
    starts at 1) when that range spans more than a factor of 10. This rule reproduces
    the axes of the PHEindicatormethods test outputs for proportions and rates.
    """
    upper = _ceil_sig(1.05 * largest, 2)
    lower = _floor_sig(0.95 * smallest, 1)
    if lower <= 0 or upper / lower > 10:
        lower = 0.0
    return lower, upper


def funnel_axis(lower: float, upper: float, points: int = 100) -> np.ndarray:
    """``points`` distinct whole numbers from ``max(1, lower)`` to ``upper``.

    Each step multiplies by the ratio that would reach ``upper`` evenly in the remaining
    steps (rounded), but always advances by at least 1 — so the axis is linear at the
    small end and geometric at the large end. An axis too narrow for ``points`` whole
    numbers is extended downwards (never below 1) and, if still too narrow, holds every
    whole number up to ``upper``. (A loop of ``points`` steps: this is the chart's x axis,
    not per-row work.)
    """
    stop = int(math.ceil(upper))
    if stop < 1:
        raise ValueError(f"the axis must reach at least 1, not {upper}")
    start = max(1, int(lower))
    if stop - start + 1 < points:
        # too narrow for that many whole numbers: extend downwards, then use them all
        start = max(1, stop - points + 1)
        points = min(points, stop - start + 1)
    out = [start]
    for i in range(1, points):
        prev = out[-1]
        remaining = points - i
        step = round(prev * (stop / prev) ** (1.0 / remaining))
        out.append(max(prev + 1, step))
    return np.array(out, dtype=np.float64)


# --- limits ------------------------------------------------------------------------


def _level_names(levels: Sequence[float], suffix: str) -> list[tuple[str, str, str, str]]:
    """(lower x-name, lower limit, upper x-name, upper limit) per level."""
    out = []
    for lo, hi in ci_column_names(levels):
        out.append((f"{lo[:-2]}_{suffix}", lo, f"{hi[:-2]}_{suffix}", hi))
    return out


def funnel_limits(
    numerator: Any,
    denominator: Any = None,
    *,
    statistic: Statistic,
    multiplier: float | None = None,
    rate: Any = None,
    rate_type: Literal["crude", "dsr"] | None = None,
    ratio_type: Literal["count", "isr"] = "count",
    years_of_data: float = 1,
    confidence: float | Sequence[float] = DEFAULT_LEVELS,
    axis: tuple[float, float] | None = None,
    points: int = 100,
) -> StatResult:
    """Funnel plot control limits at ``points`` axis positions.

    Methods (see the module docstring): proportions — Wilson-consistent limits around the
    baseline ``Σ numerator / Σ denominator``; ratios and rates — exact Poisson limits of
    each observed count (Garwood 1936), as in PHEindicatormethods
    ``calculate_funnel_limits``. The axis (``axis`` to override) is chosen by
    :func:`axis_range` on the denominators (per year for rates) and laid out by
    :func:`funnel_axis`; for ratios and rates it is expressed in observed events.

    Args:
        numerator: observed counts per area.
        denominator: populations (proportions), expected counts (ratios) or populations
            summed over ``years_of_data`` (crude rates; optional — derived from
            ``rate`` if absent; ignored for DSRs, whose denominators are derived).
        statistic: ``"proportion"``, ``"ratio"`` or ``"rate"``.
        multiplier: 100 for proportions (percentages) and ISRs, 100,000 for rates by
            default; ratios of type "count" ignore it.
        rate: the rates (required for ``statistic="rate"``).
        rate_type: ``"crude"`` or ``"dsr"`` (rates only).
        ratio_type: ``"count"`` (``O/E − 1``) or ``"isr"`` (``O/E × multiplier``).
        years_of_data: years pooled in the rates (rates only).
        confidence: limit levels (default 95% and 99.8%).
        axis: (lower, upper) axis bounds in denominator units (population per year for
            rates; expected count for ratios) instead of :func:`axis_range`.
        points: number of axis points (default 100).

    Returns:
        :class:`StatResult` with one row per axis point. Proportions: ``population``,
        limit columns, ``baseline``. Ratios: ``observed``, per level
        ``lower…_expected``/limit/``upper…_expected``/limit. Rates: ``events``, per level
        ``lower…_population``/limit/``upper…_population``/limit (population per year),
        ``baseline``. Plus ``confidence``, ``statistic`` and ``method``.
    """
    levels = check_confidence(confidence)
    if statistic == "proportion":
        mult = 100.0 if multiplier is None else float(multiplier)
        x, n = _proportion_inputs(numerator, denominator)
        p0 = x.sum() / n.sum()
        lo, hi = axis if axis is not None else axis_range(n.min(), n.max())
        pop = funnel_axis(lo, hi, points)
        columns: dict[str, np.ndarray] = {"population": pop}
        for level, (lo_name, hi_name) in zip(levels, ci_column_names(levels), strict=True):
            half = z_value(level) * np.sqrt(p0 * (1.0 - p0) / pop)
            columns[lo_name] = np.clip(p0 - half, 0.0, 1.0) * mult
            columns[hi_name] = np.clip(p0 + half, 0.0, 1.0) * mult
        columns["baseline"] = np.full(pop.size, p0 * mult)
        stat_text = proportion_statistic(mult)
        method = "Wilson"
    elif statistic == "ratio":
        if ratio_type not in ("count", "isr"):
            raise ValueError(f"ratio_type must be 'count' or 'isr', not {ratio_type!r}")
        mult = 100.0 if multiplier is None else float(multiplier)
        o, e = _ratio_inputs(numerator, denominator)
        lo, hi = axis if axis is not None else axis_range(e.min(), e.max())
        obs = funnel_axis(lo, hi, points)
        columns = {"observed": obs}
        for level, (lo_x, lo_name, hi_x, hi_name) in zip(
            levels, _level_names(levels, "expected"), strict=True
        ):
            l_count, u_count = exact_poisson_limits(obs, level)
            # O is on the lower limit where E = upper Poisson limit of O, and vice versa
            for x_name, lim_name, expected in ((lo_x, lo_name, u_count), (hi_x, hi_name, l_count)):
                columns[x_name] = expected
                ratio = obs / expected
                columns[lim_name] = ratio - 1.0 if ratio_type == "count" else ratio * mult
        stat_text = f"ratio ({ratio_type})"
        method = "Poisson"
    elif statistic == "rate":
        mult = 100_000.0 if multiplier is None else float(multiplier)
        pts = funnel_points(
            numerator,
            rate,
            rate_type=rate_type,
            denominator=denominator,
            years_of_data=years_of_data,
            multiplier=mult,
        )
        ev = pts["numerator"]
        per_year = pts["denominator_derived"]
        usable = ~np.isnan(per_year)
        # baseline: events per person-year over all plotted areas
        baseline = ev[usable].sum() / (per_year[usable].sum() * years_of_data) * mult
        if axis is not None:
            lo, hi = axis
        else:
            lo, hi = axis_range(per_year[usable].min(), per_year[usable].max())
        to_events = baseline * years_of_data / mult
        ev_lo = max(1.0, math.floor(lo * to_events)) if lo > 0 else 1.0
        ev_hi = math.ceil(hi * to_events)
        events = funnel_axis(ev_lo, ev_hi, points)
        columns = {"events": events}
        for level, (lo_x, lo_name, hi_x, hi_name) in zip(
            levels, _level_names(levels, "population"), strict=True
        ):
            l_count, u_count = exact_poisson_limits(events, level)
            for x_name, lim_name, expected in ((lo_x, lo_name, u_count), (hi_x, hi_name, l_count)):
                columns[x_name] = expected / to_events  # population per year
                columns[lim_name] = baseline * events / expected
        columns["baseline"] = np.full(events.size, baseline)
        stat_text = f"rate ({rate_type} per {mult:,.0f})"
        method = "Poisson"
    else:
        raise ValueError(f"statistic must be 'proportion', 'ratio' or 'rate', not {statistic!r}")
    size = next(iter(columns.values())).size
    columns["confidence"] = constant_column(confidence_label(levels), size)
    columns["statistic"] = constant_column(stat_text, size)
    columns["method"] = constant_column(method, size)
    return StatResult(columns, statistic=stat_text, confidence=levels)


# --- significance ------------------------------------------------------------------


def _proportion_inputs(numerator: Any, denominator: Any) -> tuple[np.ndarray, np.ndarray]:
    if denominator is None:
        raise ValueError("proportion funnels need a denominator")
    x = as_array(numerator, "numerator")
    n = as_array(denominator, "denominator")
    check_lengths(numerator=x, denominator=n)
    fail_rows(np.isnan(x) | np.isnan(n), "numerator or denominator missing (nan)")
    fail_rows(x < 0, "numerator must not be negative")
    fail_rows(n <= 0, "denominator must be greater than zero")
    fail_rows(x > n, "numerator must not be greater than denominator for a proportion")
    return x, n


def _ratio_inputs(numerator: Any, denominator: Any) -> tuple[np.ndarray, np.ndarray]:
    if denominator is None:
        raise ValueError("ratio funnels need the expected counts as denominator")
    o = as_array(numerator, "numerator")
    e = as_array(denominator, "denominator")
    check_lengths(numerator=o, denominator=e)
    fail_rows(np.isnan(o) | np.isnan(e), "observed or expected count missing (nan)")
    fail_rows(o < 0, "observed count must not be negative")
    fail_rows(e <= 0, "expected count must be greater than zero")
    return o, e


def _label(levels: Sequence[float], high: list[np.ndarray], low: list[np.ndarray]) -> np.ndarray:
    """Text significance from per-level booleans (widest level first)."""
    order = sorted(range(len(levels)), key=lambda i: -levels[i])
    label = np.full(high[0].shape, "Not significant", dtype=object)
    # assign from the narrowest level up so the widest level wins
    for i in reversed(order):
        tail = f"{(1 - levels[i]) / 2:.3g}"
        label = np.where(low[i], f"Low ({tail})", label)
    for i in reversed(order):
        tail = f"{(1 - levels[i]) / 2:.3g}"
        label = np.where(high[i], f"High ({tail})", label)
    return label


def funnel_significance(
    numerator: Any,
    denominator: Any = None,
    *,
    statistic: Statistic,
    rate: Any = None,
    rate_type: Literal["crude", "dsr"] | None = None,
    multiplier: float | None = None,
    years_of_data: float = 1,
    confidence: float | Sequence[float] = DEFAULT_LEVELS,
) -> StatResult:
    """Where each area falls against the funnel: "High (0.001)", "Low (0.025)"…

    Method (PHEindicatormethods ``assign_funnel_significance``): proportions — the
    area's Wilson interval at each level versus the baseline ``Σx/Σn`` (equivalently the
    proportion versus the funnel limits at its denominator); ratios — exact Poisson
    limits of the observed count divided by the expected count versus 1; rates — exact
    Poisson limits of the count over the (derived) population versus the baseline rate.
    DSRs from fewer than 10 events are "Not applicable for events less than 10 for dsrs".
    The label names the widest level breached and its one-sided tail probability.

    Returns:
        :class:`StatResult` with ``value`` (the area's statistic), ``baseline``,
        ``significance``, ``statistic`` and ``method``.
    """
    levels = check_confidence(confidence)
    high: list[np.ndarray] = []
    low: list[np.ndarray] = []
    na = None
    if statistic == "proportion":
        mult = 100.0 if multiplier is None else float(multiplier)
        x, n = _proportion_inputs(numerator, denominator)
        p0 = x.sum() / n.sum()
        for level in levels:
            lo, hi = wilson_limits(x, n, level)
            high.append(lo > p0)
            low.append(hi < p0)
        value = x / n * mult
        baseline = p0 * mult
        stat_text, method = proportion_statistic(mult), "Wilson"
    elif statistic == "ratio":
        mult = 1.0 if multiplier is None else float(multiplier)
        o, e = _ratio_inputs(numerator, denominator)
        for level in levels:
            lo, hi = exact_poisson_limits(o, level)
            high.append(lo / e > 1.0)
            low.append(hi / e < 1.0)
        value = o / e * mult
        baseline = mult
        stat_text, method = "ratio", "Poisson"
    elif statistic == "rate":
        mult = 100_000.0 if multiplier is None else float(multiplier)
        pts = funnel_points(
            numerator,
            rate,
            rate_type=rate_type,
            denominator=denominator,
            years_of_data=years_of_data,
            multiplier=mult,
        )
        ev = pts["numerator"]
        per_year = pts["denominator_derived"]
        usable = ~np.isnan(per_year)
        person_years = per_year * years_of_data
        baseline = ev[usable].sum() / person_years[usable].sum() * mult
        with np.errstate(divide="ignore", invalid="ignore"):
            for level in levels:
                lo, hi = exact_poisson_limits(ev, level)
                high.append(lo / person_years * mult > baseline)
                low.append(hi / person_years * mult < baseline)
            value = ev / person_years * mult
        if rate_type == "dsr":
            na = ev < DSR_MIN_EVENTS
        stat_text, method = f"rate ({rate_type} per {mult:,.0f})", "Poisson"
    else:
        raise ValueError(f"statistic must be 'proportion', 'ratio' or 'rate', not {statistic!r}")
    label = _label(levels, high, low)
    if na is not None:
        label = np.where(na, NOT_APPLICABLE_DSR, label)
    nrows = label.shape[0]
    columns = {
        "value": value,
        "baseline": np.full(nrows, baseline),
        "significance": label,
        "confidence": constant_column(confidence_label(levels), nrows),
        "statistic": constant_column(stat_text, nrows),
        "method": constant_column(method, nrows),
    }
    return StatResult(columns, statistic=stat_text, confidence=levels)


# --- points ------------------------------------------------------------------------


def funnel_points(
    numerator: Any,
    rate: Any,
    *,
    rate_type: Literal["crude", "dsr"] | None,
    denominator: Any = None,
    years_of_data: float = 1,
    multiplier: float = 100_000,
) -> StatResult:
    """Plotting positions for rate funnels: the rate and the population per year.

    Method (PHEindicatormethods ``calculate_funnel_points``): the population per year
    behind each rate is ``numerator × multiplier / (rate × years_of_data)`` — for DSRs
    the population that would give the DSR as a crude rate. Areas with no events take
    ``denominator / years_of_data`` when a denominator is given. DSRs from fewer than 10
    events are not plotted (nan).

    Returns:
        :class:`StatResult` with ``numerator``, ``rate``, ``rate_chart`` and
        ``denominator_derived`` (population per year).
    """
    if rate_type not in ("crude", "dsr"):
        raise ValueError(f"rate_type must be 'crude' or 'dsr', not {rate_type!r}")
    if rate is None:
        raise ValueError("rate funnels need the rates")
    if years_of_data <= 0:
        raise ValueError("years_of_data must be greater than zero")
    ev = as_array(numerator, "numerator")
    r = as_array(rate, "rate")
    check_lengths(numerator=ev, rate=r)
    with np.errstate(invalid="ignore"):
        fail_rows(ev < 0, "numerator must not be negative")
        fail_rows(r < 0, "rate must not be negative")
    den = None
    if denominator is not None:
        den = as_array(denominator, "denominator")
        check_lengths(numerator=ev, denominator=den)
        with np.errstate(invalid="ignore"):
            fail_rows(den <= 0, "denominator must be greater than zero")
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = np.where((ev > 0) & (r > 0), ev * multiplier / (r * years_of_data), np.nan)
    if den is not None:
        derived = np.where(ev == 0, den / years_of_data, derived)
    chart = r.copy()
    if rate_type == "dsr":
        small = ev < DSR_MIN_EVENTS
        chart[small] = np.nan
        derived[small] = np.nan
    nrows = ev.shape[0]
    columns = {
        "numerator": ev,
        "rate": r,
        "rate_chart": chart,
        "denominator_derived": derived,
        "statistic": constant_column(f"rate ({rate_type} per {multiplier:,.0f})", nrows),
        "method": constant_column("derived denominator", nrows),
    }
    return StatResult(columns, statistic=f"rate ({rate_type} per {multiplier:,.0f})")
