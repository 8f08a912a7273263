"""Relative likelihood: Katz intervals, Fisher and chi-square against scipy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency, fisher_exact
from scipy.stats.contingency import relative_risk

from dueregard.analytics.stats import chi_square_p, fisher_exact_p, relative_likelihood

from .helpers import assert_matches


def _tables(seed: int, size: int, low: int, high: int):
    rng = np.random.default_rng(seed)
    n = rng.integers(low, high, size)
    m = rng.integers(low, high, size)
    a = rng.binomial(n, rng.uniform(0.05, 0.95, size))
    c = rng.binomial(m, rng.uniform(0.05, 0.95, size))
    return a, n, c, m


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_katz_limits_match_scipy_relative_risk(confidence):
    a, n, c, m = _tables(1, 300, 5, 5000)
    keep = (a > 0) & (c > 0)
    a, n, c, m = a[keep], n[keep], c[keep], m[keep]
    result = relative_likelihood(a, n, c, m, confidence=confidence, tests=False)
    for i in range(a.size):
        rr = relative_risk(int(a[i]), int(n[i]), int(c[i]), int(m[i]))
        ci = rr.confidence_interval(confidence_level=confidence)
        assert_matches([result["value"][i]], [rr.relative_risk], rtol=1e-12)
        assert_matches([result["lowercl"][i], result["uppercl"][i]], [ci.low, ci.high], rtol=1e-12)
    assert set(result["method"]) == {"Katz log"}


def test_two_levels_and_parity_band():
    result = relative_likelihood(
        [10, 40, 80], [100, 100, 100], [50, 50, 50], [100, 100, 100], confidence=[0.95, 0.998]
    )
    assert_matches(result["value"], [0.2, 0.8, 1.6], rtol=1e-14)
    assert list(result["outside_band"]) == [True, False, True]
    assert np.all(result["lower99_8cl"] < result["lower95_0cl"])
    assert np.all(result["upper99_8cl"] > result["upper95_0cl"])
    assert list(result["significant"]) == [True, False, True]


@pytest.mark.parametrize(("size", "low", "high"), [(400, 1, 40), (60, 1000, 60000)])
def test_fisher_matches_scipy(size, low, high):
    a, n, c, m = _tables(2, size, low, high)
    got = fisher_exact_p(a, n, c, m)
    want = [fisher_exact([[a[i], n[i] - a[i]], [c[i], m[i] - c[i]]]).pvalue for i in range(size)]
    assert_matches(got, want, rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("yates", [False, True])
def test_chi_square_matches_scipy(yates):
    a, n, c, m = _tables(3, 300, 2, 300)
    got = chi_square_p(a, n, c, m, yates=yates)
    for i in range(a.size):
        table = np.array([[a[i], n[i] - a[i]], [c[i], m[i] - c[i]]])
        if (table.sum(axis=0) == 0).any():
            assert got[i] == 1.0
            continue
        want = chi2_contingency(table, correction=yates).pvalue
        assert_matches([got[i]], [want], rtol=1e-9, atol=1e-15)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 60).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 60).flatmap(lambda m: st.tuples(st.integers(0, m), st.just(m))),
)
def test_fisher_property_small_tables(group, reference):
    (a, n), (c, m) = group, reference
    got = fisher_exact_p([a], [n], [c], [m])[0]
    want = fisher_exact([[a, n - a], [c, m - c]]).pvalue
    assert 0.0 <= got <= 1.0
    assert abs(got - want) <= 1e-9 * max(want, 1e-300) + 1e-15


def test_zero_counts_use_the_haldane_anscombe_correction():
    result = relative_likelihood([0, 5], [20, 20], [4, 0], [20, 20])
    assert np.all(np.isfinite(result["value"]))
    assert np.all(result["lowercl"] < result["value"]) and np.all(
        result["value"] < result["uppercl"]
    )
    assert all("0.5 added" in m for m in result["method"])
    assert_matches(result["value"], [(0.5 / 21) / (4.5 / 21), (5.5 / 21) / (0.5 / 21)], rtol=1e-14)
