"""Assertions shared by the statistics tests."""

from __future__ import annotations

import numpy as np

#: Relative tolerance for deterministic values against the reference implementation.
RTOL = 1e-8


def assert_matches(actual, expected, *, rtol: float = RTOL, atol: float = 0.0, what: str = ""):
    """Equal within tolerance, with nan only where the reference has nan."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    nan_a, nan_e = np.isnan(actual), np.isnan(expected)
    assert np.array_equal(nan_a, nan_e), f"{what}: nan at {np.flatnonzero(nan_a != nan_e)}"
    ok = ~nan_e
    np.testing.assert_allclose(actual[ok], expected[ok], rtol=rtol, atol=atol, err_msg=what)


def level(confidence_text: str) -> float:
    """'95%' -> 0.95, '99.8%' -> 0.998."""
    return float(str(confidence_text).rstrip("%")) / 100.0
