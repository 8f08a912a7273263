"""Property tests: limits contain the value, widen with confidence, never nan."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dueregard.analytics.stats import (
    dsr,
    funnel_limits,
    isratio,
    mean,
    proportion,
    quantile,
    rate,
    relative_likelihood,
    sii,
)

LEVELS = [0.95, 0.998]
PROPERTY = settings(max_examples=150, deadline=None)


def _check_two_levels(result, *, rtol=1e-12):
    value = result["value"]
    lo95, hi95 = result["lower95_0cl"], result["upper95_0cl"]
    lo998, hi998 = result["lower99_8cl"], result["upper99_8cl"]
    for col in (value, lo95, hi95, lo998, hi998):
        assert not np.isnan(col).any()
    slack = rtol * np.maximum(np.abs(value), 1.0)
    assert np.all(lo95 <= value + slack) and np.all(value <= hi95 + slack)
    assert np.all(lo998 <= lo95 + slack) and np.all(hi95 <= hi998 + slack)


sizes = st.integers(1, 40)


@PROPERTY
@given(
    sizes.flatmap(
        lambda k: st.tuples(
            hnp.arrays(np.int64, k, elements=st.integers(1, 10**7)),
            hnp.arrays(np.float64, k, elements=st.floats(0, 1)),
        )
    )
)
def test_proportions(data):
    n, share = data
    x = np.floor(n * share)
    result = proportion(x, n, confidence=LEVELS)
    _check_two_levels(result)
    assert np.all(result["lower99_8cl"] >= 0) and np.all(result["upper99_8cl"] <= 1)


@PROPERTY
@given(
    sizes.flatmap(
        lambda k: st.tuples(
            hnp.arrays(np.int64, k, elements=st.integers(0, 10**6)),
            hnp.arrays(np.float64, k, elements=st.floats(1e-3, 1e7)),
        )
    )
)
def test_rates_including_zero_counts(data):
    x, n = data
    result = rate(x, n, confidence=LEVELS)
    _check_two_levels(result)
    assert np.all(result["lower99_8cl"] >= 0)
    assert np.all(result["upper95_0cl"][x == 0] > 0)


@PROPERTY
@given(
    sizes.flatmap(
        lambda k: st.tuples(
            hnp.arrays(np.float64, k, elements=st.floats(-1e6, 1e6)),
            hnp.arrays(np.int64, k, elements=st.integers(2, 10**6)),
            hnp.arrays(np.float64, k, elements=st.floats(0, 1e4)),
        )
    )
)
def test_means(data):
    centre, count, sd = data
    _check_two_levels(mean(centre * count, count, sd, confidence=LEVELS), rtol=1e-9)


@PROPERTY
@given(
    st.integers(1, 20).flatmap(
        lambda areas: st.tuples(
            hnp.arrays(np.int64, (areas, 19), elements=st.integers(0, 5000)),
            hnp.arrays(np.int64, (areas, 19), elements=st.integers(1, 10**6)),
        )
    )
)
def test_dsr(data):
    counts, pops = data
    counts[:, 0] += 10  # every area reaches the reporting threshold
    _check_two_levels(dsr(counts, pops, confidence=LEVELS), rtol=1e-9)


@PROPERTY
@given(
    sizes.flatmap(
        lambda k: st.tuples(
            hnp.arrays(np.int64, k, elements=st.integers(0, 10**5)),
            hnp.arrays(np.int64, k, elements=st.integers(1, 10**6)),
            hnp.arrays(np.int64, k, elements=st.integers(0, 10**5)),
            hnp.arrays(np.int64, k, elements=st.integers(1, 10**6)),
        )
    )
)
def test_indirect_standardisation(data):
    x, n, rx, rn = data
    result = isratio(
        x, n, np.minimum(rx, rn) + 1, rn + 1, groups=np.arange(x.size), confidence=LEVELS
    )
    _check_two_levels(result)


@PROPERTY
@given(
    sizes.flatmap(
        lambda k: st.tuples(
            hnp.arrays(np.int64, k, elements=st.integers(1, 10**6)),
            hnp.arrays(np.float64, k, elements=st.floats(0, 1)),
            hnp.arrays(np.int64, k, elements=st.integers(1, 10**6)),
            hnp.arrays(np.float64, k, elements=st.floats(0, 1)),
        )
    )
)
def test_relative_likelihood(data):
    n, p, m, q = data
    result = relative_likelihood(np.floor(n * p), n, np.floor(m * q), m, confidence=LEVELS)
    _check_two_levels(result, rtol=1e-9)
    assert np.all(result["value"] > 0)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 8), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_sii_limits_contain_the_estimate(quantiles, groups, seed):
    rng = np.random.default_rng(seed)
    rows = quantiles * groups
    result = sii(
        rng.uniform(60, 90, rows),
        rng.integers(1000, 50000, rows),
        np.tile(np.arange(1, quantiles + 1), groups),
        groups=np.repeat(np.arange(groups), quantiles),
        se=rng.uniform(0.1, 3, rows),
        repetitions=2000,
        confidence=LEVELS,
        seed=seed,
    )
    _check_two_levels(result, rtol=1e-5)
    assert np.all(result["rii_lower99_8cl"] <= result["rii_lower95_0cl"] + 1e-6)


@PROPERTY
@given(
    hnp.arrays(np.float64, st.integers(10, 200), elements=st.floats(-1e6, 1e6)),
    st.sampled_from([4, 5, 10]),
)
def test_quantiles_are_ordered(values, nq):
    result = quantile(values, nq, invert=True)
    q = result["quantile"]
    assert set(np.unique(q)) <= set(range(1, nq + 1))
    order = np.argsort(-values, kind="stable")
    assert np.all(np.diff(q[order]) >= 0)  # higher value, same or lower quantile


@PROPERTY
@given(
    sizes.flatmap(
        lambda k: st.tuples(
            hnp.arrays(np.int64, k, elements=st.integers(200, 10**6)),
            hnp.arrays(np.float64, k, elements=st.floats(0.01, 0.99)),
        )
    )
)
def test_funnel_limits_bracket_the_baseline(data):
    n, p = data
    result = funnel_limits(np.floor(n * p), n, statistic="proportion")
    base = result["baseline"]
    assert np.all(result["lower99_8cl"] <= result["lower95_0cl"])
    assert np.all(result["lower95_0cl"] <= base) and np.all(base <= result["upper95_0cl"])
    assert np.all(result["upper95_0cl"] <= result["upper99_8cl"])
