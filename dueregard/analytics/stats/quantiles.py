"""Assigning values to quantiles (deciles, quintiles…) with the reference rank method."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._groups import encode_groups
from ._result import StatResult, constant_column
from ._validation import NanPolicy, as_array, check_nan_policy, fail_rows

__all__ = ["quantile"]

METHOD = "PHE rank method"


def quantile(
    values: Any,
    nquantiles: int = 10,
    *,
    groups: Any = None,
    invert: bool | Any = True,
    nan_policy: NanPolicy = "raise",
    labels: Sequence[Any] | None = None,
) -> StatResult:
    """Assign each value to one of ``nquantiles`` quantiles, within groups.

    Method (PHEindicatormethods ``phe_quantile``; Fingertips technical guidance): within
    each group the ``n`` non-missing values are ranked, ties sharing the lowest rank
    (``ties.method = "min"``); rank 1 is the highest value when ``invert`` is True
    (default; e.g. mortality where high is bad) and the lowest when False. Then
    ``quantile = nquantiles + 1 − ⌈(n + 1 − rank) / (n / nquantiles)⌉``, evaluated in
    exact integer arithmetic, so quantile 1 always holds rank 1. Groups with fewer
    non-missing values than ``nquantiles`` get no quantiles (nan), as in the reference.

    Args:
        values: the indicator values.
        nquantiles: number of quantiles (10 deciles, 5 quintiles, 4 quartiles…), ≥ 1.
        groups: optional labels; quantiles are assigned within each group.
        invert: True/False for all rows, or one boolean per row (it must not vary within
            a group).
        nan_policy: ``"raise"`` (default) or ``"propagate"``: missing values get no
            quantile (nan) and are not counted in ``n``, as in the reference.
        labels: optional row labels used in error messages.

    Returns:
        :class:`StatResult` with ``quantile`` (float; nan for missing values and for
        groups smaller than ``nquantiles``),
        ``nquantiles``, ``rank`` (within group), ``rows_in_group``, ``statistic``
        and ``method``.
    """
    check_nan_policy(nan_policy)
    if int(nquantiles) != nquantiles or nquantiles < 1:
        raise ValueError(f"nquantiles must be a positive whole number, not {nquantiles!r}")
    nq = int(nquantiles)
    x = as_array(values, "values")
    nrows = x.shape[0]
    missing = np.isnan(x)
    if nan_policy == "raise":
        fail_rows(missing, "values has missing (nan) values", labels)
    codes, _ = encode_groups(groups, nrows)

    inv = np.asarray(invert)
    if inv.ndim == 0:
        inv_rows = np.full(nrows, bool(inv))
    else:
        if inv.shape != (nrows,):
            raise ValueError(
                f"inputs have mismatched lengths: invert {inv.shape}, values ({nrows},)"
            )
        inv_rows = inv.astype(bool)
        # invert must be constant within each group
        ngroups = int(codes.max()) + 1 if nrows else 0
        trues = np.bincount(codes, weights=inv_rows, minlength=ngroups)
        sizes = np.bincount(codes, minlength=ngroups)
        mixed = (trues > 0) & (trues < sizes)
        fail_rows(mixed[codes], "invert must take the same value for every row of a group", labels)

    key = np.where(inv_rows, -x, x)
    # sort by group, then missing last, then key
    order = np.lexsort((key, missing, codes))
    g_sorted = codes[order]
    k_sorted = key[order]
    miss_sorted = missing[order]
    pos = np.arange(nrows)
    new_group = np.ones(nrows, dtype=bool)
    new_group[1:] = g_sorted[1:] != g_sorted[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, pos, 0))
    new_value = new_group.copy()
    new_value[1:] |= k_sorted[1:] != k_sorted[:-1]
    first_equal = np.maximum.accumulate(np.where(new_value, pos, 0))
    rank_sorted = (first_equal - group_start + 1).astype(np.int64)

    ngroups = int(codes.max()) + 1 if nrows else 0
    n_valid = np.bincount(codes[~missing], minlength=ngroups).astype(np.int64)
    n_rows = n_valid[g_sorted]
    # ceil((n + 1 - rank) * nq / n) in integers
    numer = (n_rows + 1 - rank_sorted) * nq
    with np.errstate(divide="ignore", invalid="ignore"):
        ceil_div = -((-numer) // np.maximum(n_rows, 1))
    q_sorted = (nq + 1 - ceil_div).astype(np.float64)
    q_sorted[miss_sorted] = np.nan
    # groups with fewer values than quantiles are not assigned (reference behaviour)
    q_sorted[n_rows < nq] = np.nan
    rank_f = rank_sorted.astype(np.float64)
    rank_f[miss_sorted] = np.nan
    n_f = n_rows.astype(np.float64)
    n_f[miss_sorted] = np.nan

    quant = np.empty(nrows)
    quant[order] = q_sorted
    rank = np.empty(nrows)
    rank[order] = rank_f
    in_group = np.empty(nrows)
    in_group[order] = n_f
    statistic = {10: "deciles", 5: "quintiles", 4: "quartiles"}.get(nq, f"{nq} quantiles")
    columns = {
        "quantile": quant,
        "nquantiles": np.full(nrows, nq),
        "rank": rank,
        "rows_in_group": in_group,
        "invert": inv_rows,
        "statistic": constant_column(statistic, nrows),
        "method": constant_column(METHOD, nrows),
    }
    return StatResult(columns, statistic=statistic)
