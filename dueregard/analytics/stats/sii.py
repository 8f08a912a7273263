"""Slope and relative index of inequality (SII, RII) with simulated confidence limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._groups import encode_groups
from ._intervals import poisson_limits, wilson_limits, z_value
from ._order_statistics import percentiles
from ._result import StatResult, ci_column_names, confidence_label, constant_column
from ._validation import (
    NanPolicy,
    as_array,
    check_confidence,
    check_lengths,
    check_nan_policy,
    fail_rows,
)

__all__ = ["sii"]

#: Upper bound on the float32 elements held per simulation block (≈ 64 MB).
_BLOCK_ELEMENTS = 16_000_000
_VALUE_TYPES = {0: "other", 1: "rate", 2: "proportion"}


def sii(
    value: Any,
    population: Any,
    quantile: Any,
    *,
    groups: Any = None,
    value_type: int = 0,
    se: Any = None,
    lower_cl: Any = None,
    upper_cl: Any = None,
    count: Any = None,
    cl_confidence: float = 0.95,
    transform: bool = False,
    multiplier: float = 1,
    repetitions: int = 100_000,
    confidence: float | Sequence[float] = 0.95,
    rii: bool = True,
    seed: int | None = 0,
    nan_policy: NanPolicy = "raise",
    labels: Sequence[Any] | None = None,
) -> StatResult:
    """Slope index of inequality (SII) and relative index of inequality (RII) per group.

    Method (Low & Low 2004; PHE "Technical guide: calculating the SII";
    PHEindicatormethods ``phe_sii``): within each group the quantiles are ordered from
    quantile 1 (most deprived) and each gets the relative rank at the midpoint of its
    cumulative population share; the indicator is regressed on rank by weighted least
    squares with population weights. With intercept ``a`` and slope ``b`` the fitted
    values at the two extremes are ``f(0) = a`` and ``f(1) = a + b``;
    ``SII = (f(1) − f(0)) × multiplier`` and ``RII = f(1) / f(0)`` (a negative
    multiplier reverses the direction: SII sign flips and RII is inverted).
    ``intercept`` reports ``f(0)`` unscaled.

    For rates (``value_type=1``) and proportions (``value_type=2``, values 0–1) the
    standard errors come from the limits on the log / logit scale; with
    ``transform=True`` the regression is done on that scale and back-transformed
    (``f(0) = exp(a)`` or ``expit(a)``, ``f(1) = exp(a + b)`` or ``expit(a + b)``).

    Confidence limits are simulated: ``repetitions`` draws of every quantile's value
    from ``Normal(value, se)`` (on the log/logit scale for rates/proportions, then
    back-transformed unless ``transform``), refitting each time; the limits are the
    (type 7) percentiles of the simulated SII and RII. The draws are seeded and use
    common random numbers: one (quantiles × repetitions) matrix of standard normal
    draws per call (numpy ``Generator``, float32) shared by all groups, so a group's
    limits depend only on its own data, ``repetitions`` and ``seed``. The WLS fit is
    linear in the values, so each replicate's slope and intercept are weighted sums
    (matrix products over all groups at once) — no per-replicate least squares.

    Args:
        value: indicator value per quantile row.
        population: population per quantile row (> 0), the regression weights.
        quantile: quantile number per row (1 = most deprived), distinct within a group.
        groups: optional group labels (areas, sexes…); SII is computed per group.
        value_type: 0 other (e.g. life expectancy), 1 rate, 2 proportion (0–1).
        se: standard error per row on the sampling scale (log/logit for types 1/2).
        lower_cl, upper_cl: the values' confidence limits at ``cl_confidence`` (used
            when ``se`` is not given).
        count: numerator per row, for rates/proportions without ``se`` or limits
            (Byar's/exact Poisson or Wilson limits are computed from it).
        cl_confidence: confidence level of ``lower_cl``/``upper_cl`` (default 0.95).
        transform: regress on the log/logit scale (types 1 and 2 only).
        multiplier: scale (and, if negative, direction) of the SII.
        repetitions: number of simulated replicates (default 100,000).
        confidence: one level or several for the SII/RII limits (default 0.95).
        rii: include the RII columns.
        seed: integer seed for the simulation; ``None`` draws fresh entropy.
        nan_policy: ``"raise"`` (default) or ``"propagate"`` (groups with missing
            values get nan results and ``reported`` False).
        labels: optional row labels used in error messages.

    Returns:
        :class:`StatResult`, one row per group: ``group`` (if ``groups``),
        ``quantiles``, ``value`` (the SII) and its limits, ``rii`` and its limits
        (``rii_lowercl``/``rii_uppercl`` or ``rii_lower95_0cl``…), ``intercept``,
        ``confidence``, ``statistic``, ``method`` and ``reported`` (False for groups
        with fewer than 2 quantiles or, when propagating, with missing values).

    Raises:
        ValueError: naming rows with populations ≤ 0, negative standard errors, limits
            that do not bracket the value, proportions outside 0–1, non-positive rates on
            the log scale, missing values or standard errors, duplicated quantiles.
    """
    from scipy.special import expit, logit  # imported here: ~0.2 s

    levels = check_confidence(confidence)
    check_nan_policy(nan_policy)
    _check_parameters(value_type, transform, repetitions, multiplier)
    repetitions = int(repetitions)

    y = as_array(value, "value")
    pop = as_array(population, "population")
    q = as_array(quantile, "quantile")
    nrows = check_lengths(value=y, population=pop, quantile=q)
    se_rows = _standard_errors(
        y, pop, value_type, se, lower_cl, upper_cl, count, cl_confidence, labels
    )
    codes, uniques = encode_groups(groups, nrows)
    ngroups = uniques.shape[0]

    missing = np.isnan(y) | np.isnan(pop) | np.isnan(se_rows)
    _check_rows(y, pop, q, se_rows, value_type, nan_policy, labels)

    # Arrange rows into (groups, quantiles) matrices ordered by quantile.
    order = np.lexsort((q, codes))
    g_sorted = codes[order]
    q_sorted = q[order]
    dup = np.zeros(nrows, dtype=bool)
    dup[1:] = (g_sorted[1:] == g_sorted[:-1]) & (q_sorted[1:] == q_sorted[:-1])
    dup_rows = np.zeros(nrows, dtype=bool)
    dup_rows[order] = dup
    fail_rows(dup_rows, "quantile appears more than once in a group", labels)
    nq = np.bincount(codes, minlength=ngroups)
    width = int(nq.max()) if nrows else 0
    start = np.concatenate(([0], np.cumsum(nq)[:-1]))
    col = np.arange(nrows) - start[g_sorted]

    def matrix(values: np.ndarray, fill: float = 0.0) -> np.ndarray:
        out = np.full((ngroups, width), fill)
        out[g_sorted, col] = values[order]
        return out

    group_missing = np.bincount(codes, weights=missing, minlength=ngroups) > 0
    reported = (nq >= 2) & ~group_missing
    present = matrix(np.ones(nrows)) > 0
    P = np.where(reported[:, None], matrix(np.where(missing, 0.0, pop)), 0.0)
    Y = np.where(reported[:, None], matrix(np.where(missing, 0.0, y)), 0.0)
    S = np.where(reported[:, None], matrix(np.where(missing, 0.0, se_rows)), 0.0)
    P[~present] = 0.0

    # Weights and relative ranks (midpoint of cumulative population share).
    total = P.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(total > 0, P / total, 0.0)
    cum = np.cumsum(w, axis=1)
    rank = cum - w / 2.0
    rbar = (w * rank).sum(axis=1, keepdims=True)
    dev = np.where(present, rank - rbar, 0.0)
    sxx = (w * dev * dev).sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        cb = np.where(sxx > 0, w * dev / sxx, 0.0)  # slope = Σ cb·y
    ca = w - cb * rbar  # intercept = Σ ca·y

    # Scale on which values are drawn (log/logit for rates/proportions).
    if value_type == 1:
        mu = np.log(np.where(Y > 0, Y, 1.0))
    elif value_type == 2:
        mu = logit(np.where((Y > 0) & (Y < 1), Y, 0.5))
    else:
        mu = Y
    fit_y = mu if transform else Y
    a = (ca * fit_y).sum(axis=1)
    b = (cb * fit_y).sum(axis=1)
    sii_value, rii_value, intercept = _finish(a, b, value_type, transform, multiplier)

    rng = np.random.default_rng(seed)
    eps = rng.standard_normal((width, repetitions), dtype=np.float32) if width else None
    probs = []
    for level in levels:
        probs += [(1 - level) / 2, 1 - (1 - level) / 2]
    sii_q = np.full((ngroups, len(probs)), np.nan)
    rii_q = np.full((ngroups, len(probs)), np.nan)
    linear = value_type == 0 or transform
    todo = np.flatnonzero(reported)
    per_group = repetitions * (1 if linear else width)
    block = max(1, _BLOCK_ELEMENTS // max(per_group, 1))
    for first in range(0, todo.size, block):
        idx = todo[first : first + block]
        if linear:
            # draws on the fitting scale are mu + se·ε, so a* and b* are matrix products
            a_sim = (ca[idx] * S[idx]).astype(np.float32) @ eps
            a_sim += a[idx, None].astype(np.float32)
            b_sim = (cb[idx] * S[idx]).astype(np.float32) @ eps
            b_sim += b[idx, None].astype(np.float32)
        else:
            draws = S[idx, :, None].astype(np.float32) * eps[None, :, :]
            draws += mu[idx, :, None].astype(np.float32)
            draws = np.exp(draws, out=draws) if value_type == 1 else expit(draws, out=draws)
            a_sim = np.matmul(ca[idx, None, :].astype(np.float32), draws)[:, 0, :]
            b_sim = np.matmul(cb[idx, None, :].astype(np.float32), draws)[:, 0, :]
            del draws
        s_sim, r_sim = _finish_simulated(a_sim, b_sim, value_type, transform, multiplier, rii)
        sii_q[idx] = percentiles(s_sim, probs)
        if rii:
            rii_q[idx] = percentiles(r_sim, probs)
        del a_sim, b_sim, s_sim, r_sim

    columns: dict[str, np.ndarray] = {}
    if groups is not None:
        columns["group"] = uniques
    columns["quantiles"] = nq
    columns["value"] = np.where(reported, sii_value, np.nan)
    names = ci_column_names(levels)
    for i, (lo_name, hi_name) in enumerate(names):
        columns[lo_name] = sii_q[:, 2 * i]
        columns[hi_name] = sii_q[:, 2 * i + 1]
    if rii:
        columns["rii"] = np.where(reported, rii_value, np.nan)
        for i, (lo_name, hi_name) in enumerate(names):
            lo_r, hi_r = rii_q[:, 2 * i], rii_q[:, 2 * i + 1]
            columns[f"rii_{lo_name}"] = lo_r
            columns[f"rii_{hi_name}"] = hi_r
    columns["intercept"] = np.where(reported, intercept, np.nan)
    scale = {1: "log", 2: "logit"}.get(value_type)
    fit = f"{scale}-transformed " if transform else ""
    method = (
        f"WLS of {fit}{_VALUE_TYPES[value_type]} values on population-weighted relative rank; "
        f"limits from {repetitions} seeded simulations (seed {seed})"
    )
    columns["confidence"] = constant_column(confidence_label(levels), ngroups)
    columns["statistic"] = constant_column("slope index of inequality", ngroups)
    columns["method"] = constant_column(method, ngroups)
    columns["reported"] = reported
    return StatResult(
        columns,
        statistic="slope index of inequality",
        confidence=levels,
        meta={
            "repetitions": repetitions,
            "seed": seed,
            "value_type": value_type,
            "transform": transform,
            "multiplier": multiplier,
        },
    )


def _check_parameters(value_type: int, transform: bool, repetitions: Any, multiplier: float):
    if value_type not in _VALUE_TYPES:
        raise ValueError(
            f"value_type must be 0 (other), 1 (rate) or 2 (proportion), not {value_type!r}"
        )
    if transform and value_type == 0:
        raise ValueError(
            "transform=True is only valid for rates (value_type=1) and proportions (value_type=2)"
        )
    if int(repetitions) != repetitions or repetitions < 100:
        raise ValueError(f"repetitions must be a whole number ≥ 100, not {repetitions!r}")
    if multiplier == 0:
        raise ValueError("multiplier must not be zero")


def _check_rows(
    y: np.ndarray,
    pop: np.ndarray,
    q: np.ndarray,
    se_rows: np.ndarray,
    value_type: int,
    nan_policy: NanPolicy,
    labels: Sequence[Any] | None,
) -> None:
    """Refuse rows with missing values (unless propagating), non-positive populations,
    negative standard errors and values outside the scale of their type."""
    fail_rows(np.isnan(q), "quantile has missing (nan) values", labels)
    if nan_policy == "raise":
        fail_rows(np.isnan(y), "value has missing (nan) values", labels)
        fail_rows(np.isnan(pop), "population has missing (nan) values", labels)
        fail_rows(
            np.isnan(se_rows) & ~np.isnan(y),
            "no standard error: give se, lower_cl and upper_cl, or count",
            labels,
        )
    with np.errstate(invalid="ignore"):
        fail_rows(pop <= 0, "population must be greater than zero", labels)
        fail_rows(se_rows < 0, "standard error must not be negative", labels)
        if value_type == 1:
            fail_rows(y <= 0, "rates must be greater than zero for the log scale", labels)
        if value_type == 2:
            fail_rows(
                (y <= 0) | (y >= 1),
                "proportions must be strictly between 0 and 1 (not percentages)",
                labels,
            )


def _standard_errors(
    y, pop, value_type, se, lower_cl, upper_cl, count, cl_confidence, labels
) -> np.ndarray:
    from scipy.special import logit  # imported here: ~0.2 s

    n = y.shape[0]
    if se is not None:
        s = as_array(se, "se")
        check_lengths(value=y, se=s)
        return s
    z = z_value(cl_confidence)
    if lower_cl is not None or upper_cl is not None:
        if lower_cl is None or upper_cl is None:
            raise ValueError("give both lower_cl and upper_cl (or se)")
        lo = as_array(lower_cl, "lower_cl")
        hi = as_array(upper_cl, "upper_cl")
        check_lengths(value=y, lower_cl=lo, upper_cl=hi)
        with np.errstate(invalid="ignore"):
            if value_type == 2:
                fail_rows(
                    (lo <= 0) | (lo >= 1) | (hi <= 0) | (hi >= 1),
                    "invalid proportion in confidence limits (must be strictly between 0 and 1)",
                    labels,
                )
            fail_rows((lo > y) | (hi < y), "confidence limits must bracket the value", labels)
            if value_type == 1:
                fail_rows(
                    lo <= 0, "rate limits must be greater than zero for the log scale", labels
                )
        with np.errstate(invalid="ignore", divide="ignore"):
            if value_type == 1:
                return (np.log(hi) - np.log(lo)) / (2 * z)
            if value_type == 2:
                return (logit(hi) - logit(lo)) / (2 * z)
            return (hi - lo) / (2 * z)
    if count is not None and value_type in (1, 2):
        x = as_array(count, "count")
        check_lengths(value=y, count=x)
        with np.errstate(invalid="ignore", divide="ignore"):
            fail_rows(x <= 0, "count must be greater than zero for log/logit limits", labels)
            if value_type == 1:
                lo, hi = poisson_limits(x, cl_confidence)
                return (np.log(hi) - np.log(lo)) / (2 * z)
            fail_rows(x >= pop, "count must be less than population for logit limits", labels)
            lo, hi = wilson_limits(x, pop, cl_confidence)
            return (logit(hi) - logit(lo)) / (2 * z)
    return np.full(n, np.nan)


def _finish(a, b, value_type, transform, multiplier):
    """SII, RII and f(0) from intercept/slope on the fitting scale (vectorised)."""
    from scipy.special import expit  # imported here: ~0.2 s

    if transform and value_type == 1:
        f0 = np.exp(a)
        f1 = np.exp(a + b)
    elif transform and value_type == 2:
        f0 = expit(a)
        f1 = expit(a + b)
    else:
        f0 = a
        f1 = a + b
    with np.errstate(divide="ignore", invalid="ignore"):
        sii_value = (f1 - f0) * multiplier
        rii_value = f1 / f0 if multiplier > 0 else f0 / f1
    return sii_value, rii_value, f0


def _finish_simulated(a, b, value_type, transform, multiplier, want_rii):
    """As :func:`_finish` for the simulated (groups × repetitions) float32 arrays.

    Works in place on ``a`` and ``b`` (no large temporaries); returns (SII, RII or None).
    """
    from scipy.special import expit  # imported here: ~0.2 s

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if transform and value_type == 1:
            # f0 = e^a, f1 = e^(a+b): SII = e^a (e^b − 1), RII = e^b
            np.exp(b, out=b)
            ratio = b.copy() if want_rii else None
            b -= 1.0
            np.exp(a, out=a)
            b *= a
            sii_sim = b
        elif transform and value_type == 2:
            np.add(a, b, out=b)
            expit(b, out=b)  # f1
            expit(a, out=a)  # f0
            ratio = np.divide(b, a) if want_rii else None
            b -= a
            sii_sim = b
        else:
            # f0 = a, f1 = a + b: SII = b, RII = 1 + b / a (written over a, not needed after)
            if want_rii:
                ratio = np.divide(b, a, out=a)
                ratio += 1.0
            else:
                ratio = None
            sii_sim = b
        sii_sim *= multiplier
        if ratio is not None and multiplier < 0:
            np.reciprocal(ratio, out=ratio)
    return sii_sim, ratio
