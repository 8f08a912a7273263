"""Helpers to sum long-format rows into groups without a Python loop per group."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["encode_groups", "group_sum"]


def encode_groups(groups: Any, nrows: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (0..G-1) and the distinct labels, in first-appearance order."""
    if groups is None:
        return np.zeros(nrows, dtype=np.intp), np.array(["all"], dtype=object)
    if hasattr(groups, "to_numpy") and not isinstance(groups, np.ndarray):
        try:
            groups = groups.to_numpy(zero_copy_only=False)
        except TypeError:
            groups = groups.to_numpy()
    keys = np.asarray(groups)
    if keys.ndim != 1 or keys.shape[0] != nrows:
        raise ValueError(f"inputs have mismatched lengths: groups {keys.shape}, data ({nrows},)")
    if keys.dtype.kind in "iub":
        uniques, first, codes = np.unique(keys, return_index=True, return_inverse=True)
    else:
        uniques, first, codes = np.unique(keys.astype(str), return_index=True, return_inverse=True)
        uniques = keys[first]
    order = np.argsort(first, kind="stable")  # first-appearance order
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[codes].astype(np.intp), np.asarray(uniques)[order]


def group_sum(codes: np.ndarray, values: np.ndarray, ngroups: int) -> np.ndarray:
    """Sum ``values`` per group code (nan propagates into its group's sum)."""
    return np.bincount(codes, weights=values, minlength=ngroups)
