"""A group-by in numpy for pandas tables whose key and value columns are plain numeric
columns (the common case of area codes, age bands and counts): it gives what pandas'
``groupby`` gives, bit for bit, without pandas' per-call overhead, so the table API stays
close to the array API (issue 24). Anything else returns None and pandas groups."""

from __future__ import annotations

import numpy as np

__all__ = ["aggregate_numeric"]

#: Key codes are combined into one int64; beyond this many combinations, pandas groups.
_MAX_CODES = 2**62


def aggregate_numeric(df, keys, specs):
    """The group-by of a pandas table whose key and value columns are all plain numeric
    numpy columns, in numpy: ``(keys, values)`` as ``grouped.aggregate`` returns them (keys
    numeric), or None to let pandas do it (other column types, ``std``, or sums that
    would not come out bit for bit as pandas' compensated ones).

    The keys are factorised (sorted, missing last — the order :func:`aggregate` sorts
    in), combined into one code and the rows stably sorted by it. When each group has a
    single row (tables of one row per area and age band) the aggregates are the rows
    themselves; otherwise sums are exact only for whole numbers below 2**53 (counts), so
    other sums are left to pandas.
    """
    import pandas as pd

    if not keys:
        return None
    hows = {how for _, _, how in specs}
    if "std" in hows:
        return None
    arrays = _numeric_columns(df, keys + [c for _, c, how in specs if how != "size"])
    if arrays is None:
        return None
    nrows = len(df)
    if len(keys) == 1:
        placed = _one_row_per_value(arrays, keys[0], specs, nrows)
        if placed is not None:
            return placed
    code = None
    combinations = 1
    for k in keys:
        ranks, width = _key_ranks(arrays[k], pd)
        combinations *= width
        if combinations > _MAX_CODES:
            return None
        code = ranks if code is None else code * width + ranks
    if nrows > 1 and bool(np.all(code[1:] > code[:-1])):
        order = None  # already one row per group, in order
        starts = np.arange(nrows)
    else:
        order, starts = _sorted_groups(code, combinations)
    single = starts.size == nrows
    values: dict[str, np.ndarray] = {}
    gathered: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}  # column -> (rows, nan)
    handed_out: set[str] = set()  # columns whose gathered rows became a result
    for name, col, how in specs:
        if how != "size" and col not in gathered:
            gathered[col] = _in_order(arrays[col], order)
        elif col in handed_out:  # never two results sharing one array
            gathered[col] = (gathered[col][0].copy(), gathered[col][1])
            handed_out.discard(col)
        value = _aggregated(gathered.get(col), how, starts, nrows)
        if value is None:
            return None
        if how != "size" and value is gathered[col][0]:
            handed_out.add(col)
        values[name] = value
    key_cols = {}
    for k in keys:
        v = arrays[k] if order is None else arrays[k][order]
        key_cols[k] = v if single else v[starts]
    return key_cols, values


def _numeric_columns(df, names) -> dict[str, np.ndarray] | None:
    """The named columns as numpy arrays, or None if any is not plain numeric."""
    arrays = {}
    for c in dict.fromkeys(names):
        dtype = df[c].dtype
        if not isinstance(dtype, np.dtype) or dtype.kind not in "biuf":
            return None
        arrays[c] = df[c].to_numpy()
    return arrays


def _one_row_per_value(arrays, key, specs, nrows):
    """A key holding each whole number of a range exactly once (an area code per row):
    each row's group is its own and its place in the result is its key minus the
    smallest, so the rows are scattered straight into place — no sort, no order to
    build — and the sorted keys are the range itself. None for any other key."""
    column = arrays[key]
    if nrows < 2 or column.dtype.kind not in "iu":
        return None
    low, high = int(column.min()), int(column.max())
    if high - low + 1 != nrows:
        return None
    place = column - column.dtype.type(low) if low else column
    seen = np.zeros(nrows, dtype=bool)
    seen[place] = True
    if not seen.all():  # a repeated value (and so a gap): not one row per value
        return None
    values: dict[str, np.ndarray] = {}
    placed: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}  # column -> (rows, nan)
    handed_out: set[str] = set()
    for name, col, how in specs:
        if how == "size":
            values[name] = _constant(1.0, nrows)
            continue
        if col not in placed:
            rows = np.empty(nrows, dtype=np.float64)
            rows[place] = arrays[col]  # cast as placed: no temporary copy of the column
            nan = np.isnan(rows) if arrays[col].dtype.kind == "f" else None
            placed[col] = (rows, nan if nan is not None and nan.any() else None)
        rows, nan = placed[col]
        if how == "nulls":
            values[name] = _constant(0.0, nrows) if nan is None else nan.astype(np.float64)
        elif how == "count":
            values[name] = _constant(1.0, nrows) if nan is None else (~nan).astype(np.float64)
        elif how == "sum" and nan is not None:  # pandas' sum of a lone missing value is 0
            values[name] = np.where(nan, 0.0, rows)
        else:  # a lone value's sum, or its maximum (a lone missing value stays missing)
            if col in handed_out:  # never two results sharing one array
                rows = rows.copy()
            values[name] = rows
            handed_out.add(col)
    return {key: np.arange(low, high + 1, dtype=column.dtype)}, values


def _constant(value: float, n: int) -> np.ndarray:
    """A read-only column of ``n`` copies of ``value`` that allocates nothing (a column of
    no missing values, or of groups of one row, for a million groups)."""
    return np.broadcast_to(np.float64(value), (n,))


def _sorted_groups(code: np.ndarray, combinations: int) -> tuple[np.ndarray, np.ndarray]:
    """The stable order of the rows by ``code`` and where each group starts in it.

    Codes below a few times the number of rows are placed directly (each code's rows in
    their original order) when every code is distinct — one row per group — and sorted
    with numpy's radix sort when they fit 16 bits; otherwise a stable comparison sort."""
    nrows = code.size
    if combinations <= 4 * nrows + 1024:
        slots = np.full(combinations, -1, dtype=np.int64)
        slots[code] = np.arange(nrows)
        if combinations == nrows + 1 and slots[-1] < 0 and bool((slots[:nrows] >= 0).all()):
            # every code from 0 to nrows - 1 present once (a key of one row per value)
            return slots[:nrows], np.arange(nrows)
        order = slots[slots >= 0]
        if order.size == nrows:  # every code distinct: already the stable order
            return order, np.arange(nrows)
    if combinations <= 2**16:
        order = np.argsort(code.astype(np.uint16), kind="stable")
    else:
        order = np.argsort(code, kind="stable")
    sorted_code = code[order]
    return order, np.flatnonzero(np.r_[True, sorted_code[1:] != sorted_code[:-1]])


def _key_ranks(key: np.ndarray, pd) -> tuple[np.ndarray, int]:
    """Each row's position among the key's distinct values sorted (missing last), and
    how many positions there are (distinct values + 1 for the missing key)."""
    if key.size and key.dtype.kind in "biu":
        low, high = int(key.min()), int(key.max())
        if high - low <= 4 * key.size + 1024:  # a small range: a lookup table, no hashing
            offset = key.astype(np.int64) - low
            present = np.zeros(high - low + 1, dtype=bool)
            present[offset] = True
            if present.all():  # every value in the range occurs: its offset is its rank
                return offset, high - low + 2
            table = np.cumsum(present, dtype=np.int64) - 1
            distinct = int(table[-1]) + 1
            return table[offset], distinct + 1
    codes, uniques = pd.factorize(key, use_na_sentinel=True)
    rank = np.empty(len(uniques) + 1, dtype=np.int64)  # code -> position when sorted
    rank[np.argsort(uniques, kind="stable")] = np.arange(len(uniques))
    rank[-1] = len(uniques)  # the missing key's code (-1) ranks last
    return rank[codes], len(uniques) + 1


def _sums(mask: np.ndarray, starts: np.ndarray) -> np.ndarray:
    return np.add.reduceat(mask.astype(np.float64), starts)


def _in_order(column: np.ndarray, order: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """A value column as float64 rows in group order (never the caller's own array) and
    its missing values (None for an integer or boolean column, which has none)."""
    if column.dtype.kind in "biu":
        v = column if order is None else np.take(column, order)
        return v.astype(np.float64), None
    v = np.asarray(column if order is None else column[order], dtype=np.float64)
    if v is column:
        v = v.copy()
    return v, np.isnan(v)


def _aggregated(gathered, how, starts, nrows):
    """One aggregate of a column gathered by :func:`_in_order` into groups beginning at
    ``starts`` (None: a sum pandas must do). A single-row group's sum or maximum is the
    gathered value itself (the caller copies it before another use)."""
    single = starts.size == nrows
    ngroups = starts.size
    if how == "size":
        return np.ones(nrows) if single else np.diff(np.r_[starts, nrows]).astype(np.float64)
    v, nan = gathered
    if how == "nulls":
        if nan is None:
            return _constant(0.0, ngroups)
        return nan.astype(np.float64) if single else _sums(nan, starts)
    if how == "count":
        if nan is None:
            return np.ones(nrows) if single else np.diff(np.r_[starts, nrows]).astype(np.float64)
        return (~nan).astype(np.float64) if single else _sums(~nan, starts)
    if how == "max":
        return v if single else np.fmax.reduceat(v, starts)
    # sum; pandas sums skip missing values (0 for a group of them)
    if nan is not None and nan.any():
        v = np.where(nan, 0.0, v)
    if single:
        return v
    if np.all(v == np.floor(v)) and np.abs(v).sum() < 2**53:
        return np.add.reduceat(v, starts)
    return None
