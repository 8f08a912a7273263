"""Type 7 percentiles of many long rows of simulations, without sorting the rows.

The SII's confidence limits are percentiles near the ends (2.5% and 97.5%, or 0.1% and
99.9%) of 100,000 simulated values per group. Sorting every row to read four positions
was 90% of the SII's time (issue 24). Here each row is cut at two thresholds read from a
small sorted sample of the row, so that the positions wanted fall among the few values
beyond them; only those are sorted. Counting the values beyond each threshold proves
that they do (the k-th smallest value of a row is the k-th smallest of the values at or
below a threshold whenever more than k values are at or below it), and any row where
the sample misled (the count is too small, or so large the cut saves nothing) is sorted
whole. The result is therefore exactly what sorting every row gives, missing values
(sorted last, as numpy sorts them) included; ``tests/analytics/test_order_statistics``
compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["percentiles"]

#: Rows shorter than this are simply sorted (a cut saves little on a short row).
_MIN_REPS = 20_000
#: Values sampled per row to place the thresholds.
_SAMPLE = 2_048
#: A tail holding more than this share of its row gains nothing over sorting it.
_MAX_TAIL_SHARE = 0.2


def percentiles(sims: np.ndarray, probs: Sequence[float]) -> np.ndarray:
    """Type 7 (linear interpolation) percentiles of each row of ``sims`` at ``probs``:
    a (rows × len(probs)) float64 array, equal to what sorting every row gives.

    ``sims`` may be reordered in place (it is the caller's scratch array).
    """
    rows, reps = sims.shape
    plan = [_positions(p, reps) for p in probs]
    if reps < _MIN_REPS or rows == 0:
        sims.sort(axis=1)
        return _interpolate(plan, lambda k: sims[:, k])
    needed = sorted({k for lo, hi, _ in plan for k in (lo, hi)})
    low = [k for k in needed if k < reps // 2]
    high = [k for k in needed if k >= reps // 2]
    picked: dict[int, np.ndarray] = {}
    sample = np.sort(sims[:, :: max(1, reps // _SAMPLE)], axis=1)
    redo = np.zeros(rows, dtype=bool)
    if low:
        values, failed = _low_tail(sims, sample, low)
        picked.update(values)
        redo |= failed
    if high:
        values, failed = _high_tail(sims, sample, high)
        picked.update(values)
        redo |= failed
    if redo.any():  # rows the sample misled: sort them whole
        whole = np.sort(sims[redo], axis=1)
        for k in needed:
            picked[k][redo] = whole[:, k]
    return _interpolate(plan, picked.__getitem__)


def _positions(p: float, reps: int) -> tuple[int, int, float]:
    h = (reps - 1) * p
    lo = int(np.floor(h))
    return lo, min(lo + 1, reps - 1), h - lo


def _interpolate(plan, at) -> np.ndarray:
    columns = []
    for lo, hi, frac in plan:
        a = at(lo)
        columns.append(a + frac * (at(hi).astype(np.float64) - a))
    return np.stack(columns, axis=1) if columns else np.empty((0, 0))


def _sample_cut(sample: np.ndarray, share: float, above: bool) -> np.ndarray:
    """Per row, a sample value with (well) more than ``share`` of the row beyond it."""
    m = sample.shape[1]
    expected = share * m
    # five binomial standard deviations and a few values of slack past the expected
    # position: the count check below catches the rare row where this is not enough
    j = int(np.ceil(expected + 5 * np.sqrt(expected + 1) + 4))
    j = min(j, m - 1)
    return sample[:, m - 1 - j] if above else sample[:, j]


def _low_tail(sims, sample, ks):
    """The ``ks``-th smallest values of each row from the values at or below a cut."""
    rows, reps = sims.shape
    cut = _sample_cut(sample, (max(ks) + 1) / reps, above=False)
    mask = sims <= cut[:, None]  # missing values are never at or below a cut
    counts = np.count_nonzero(mask, axis=1)
    failed = (counts <= max(ks)) | (counts > _MAX_TAIL_SHARE * reps)
    if failed.all():
        return {k: np.full(rows, np.nan) for k in ks}, failed
    ordered = _sorted_candidates(sims, mask, counts, failed)
    return {k: ordered[:, k].copy() for k in ks}, failed


def _high_tail(sims, sample, ks):
    """The ``ks``-th smallest values of each row from the values not below a cut.

    "Not below" keeps missing values among the candidates, so they sort last exactly as
    in a sort of the whole row."""
    rows, reps = sims.shape
    cut = _sample_cut(sample, (reps - min(ks)) / reps, above=True)
    mask = ~(sims < cut[:, None])
    counts = np.count_nonzero(mask, axis=1)
    failed = (counts < reps - min(ks)) | (counts > _MAX_TAIL_SHARE * reps)
    if failed.all():
        return {k: np.full(rows, np.nan) for k in ks}, failed
    ordered = _sorted_candidates(sims, mask, counts, failed)
    first = reps - counts  # the row position of each row's first candidate
    out = {}
    for k in ks:
        index = np.where(failed, 0, k - first)
        out[k] = np.take_along_axis(ordered, index[:, None], axis=1)[:, 0].copy()
    return out, failed


def _sorted_candidates(sims, mask, counts, failed) -> np.ndarray:
    """The candidates of each row, sorted, padded with nan (rows that failed: empty)."""
    if failed.any():
        mask[failed] = False
        counts = np.where(failed, 0, counts)
    width = max(int(counts.max()), 1)
    values = sims[mask]  # row by row, in row order
    rows = np.repeat(np.arange(sims.shape[0]), counts)
    starts = np.cumsum(counts) - counts
    within = np.arange(values.size) - np.repeat(starts, counts)
    padded = np.full((sims.shape[0], width), np.nan, dtype=sims.dtype)
    padded[rows, within] = values
    padded.sort(axis=1)
    return padded
