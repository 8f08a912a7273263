"""The SII's tail percentiles equal a sort of every row, whatever the rows hold."""

from __future__ import annotations

import numpy as np
import pytest

from dueregard.analytics.stats import _order_statistics
from dueregard.analytics.stats._order_statistics import percentiles

PROBS = [0.025, 0.975, 0.001, 0.999]


def _by_sorting(sims: np.ndarray, probs) -> np.ndarray:
    ordered = np.sort(sims, axis=1)
    reps = sims.shape[1]
    out = np.empty((sims.shape[0], len(probs)))
    for j, p in enumerate(probs):
        h = (reps - 1) * p
        lo = int(np.floor(h))
        hi = min(lo + 1, reps - 1)
        out[:, j] = ordered[:, lo] + (h - lo) * (ordered[:, hi].astype(np.float64) - ordered[:, lo])
    return out


def _rows(kind: str, rows: int = 12, reps: int = 40_000) -> np.ndarray:
    rng = np.random.default_rng(11)
    if kind == "normal":
        return rng.standard_normal((rows, reps), dtype=np.float32)
    if kind == "skewed":  # a ratio of normals, as the RII's simulations are
        return 1 + rng.standard_normal((rows, reps)) / (3 + rng.standard_normal((rows, reps)))
    if kind == "ties":
        return rng.integers(0, 5, (rows, reps)).astype(np.float32)
    if kind == "nan":
        sims = rng.standard_normal((rows, reps), dtype=np.float32)
        sims[0, ::7] = np.nan  # many missing values
        sims[1, 5] = np.nan  # one, not in the sample
        sims[2, :] = np.nan  # all
        return sims
    if kind == "sorted":  # the strided sample sees only the start of each run
        sims = np.sort(rng.standard_normal((rows, reps), dtype=np.float32), axis=1)
        sims[3] = sims[3, ::-1]
        return sims
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["normal", "skewed", "ties", "nan", "sorted"])
def test_equal_to_sorting_every_row(kind):
    sims = _rows(kind)
    expected = _by_sorting(sims, PROBS)
    np.testing.assert_array_equal(percentiles(sims.copy(), PROBS), expected)


def test_short_rows_and_one_level():
    sims = np.random.default_rng(3).standard_normal((5, 1_000))
    np.testing.assert_array_equal(
        percentiles(sims.copy(), [0.025, 0.975]), _by_sorting(sims, [0.025, 0.975])
    )


def test_a_row_the_sample_misleads_is_sorted_whole(monkeypatch):
    """A sample too small to place the cuts well: every row falls back, same answer."""
    monkeypatch.setattr(_order_statistics, "_SAMPLE", 4)
    monkeypatch.setattr(_order_statistics, "_MAX_TAIL_SHARE", 0.0001)
    sims = _rows("normal", rows=4)
    np.testing.assert_array_equal(percentiles(sims.copy(), PROBS), _by_sorting(sims, PROBS))


def test_only_the_tails_are_sorted(monkeypatch):
    """The point of the module: the rows themselves are never sorted when the cut holds."""
    sorted_shapes = []
    real_sort = np.sort

    def spy(a, *args, **kwargs):
        sorted_shapes.append(np.shape(a))
        return real_sort(a, *args, **kwargs)

    monkeypatch.setattr(_order_statistics.np, "sort", spy)
    sims = _rows("normal")
    percentiles(sims, PROBS)
    assert all(shape[1] < sims.shape[1] / 5 for shape in sorted_shapes), sorted_shapes
