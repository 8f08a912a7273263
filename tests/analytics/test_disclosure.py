"""Disclosure control: suppression, rounding, secondary suppression, flagged statistics."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.optimize import linprog

from dueregard.analytics.disclosure import (
    DisclosureRules,
    flag_statistics,
    grid_equations,
    percentages,
    primary_suppression,
    recoverable,
    round_counts,
    suppress_counts,
    suppress_table,
)
from dueregard.analytics.stats import mean, proportion


def test_primary_suppression_and_rounding():
    counts = np.array([0, 1, 7, 8, 12, 13, 102])
    assert list(primary_suppression(counts)) == [False, True, True, False, False, False, False]
    assert list(round_counts(counts)) == [0, 0, 5, 10, 10, 15, 100]
    published = suppress_counts(counts, total=False)
    assert list(published.display()[0]) == ["0", "*", "*", "10", "10", "15", "100"]


def test_thresholds_are_settings():
    rules = DisclosureRules(suppress_from=1, suppress_to=9, rounding_base=10, symbol="[c]")
    table = suppress_counts([9, 10, 24, 35], rules=rules, total=False)
    assert list(table.display()[0]) == ["[c]", "10", "20", "40"]
    with pytest.raises(ValueError):
        DisclosureRules(suppress_from=5, suppress_to=2)


def test_one_dimensional_secondary_suppression():
    table = suppress_counts([3, 40, 51, 22])
    assert list(table.suppressed[0]) == [True, False, False, True]  # 22: smallest other
    assert table.row_totals[0] == 115
    # without the second suppression, 3 = 116 - 40 - 51 - 22 would be recoverable
    assert table.secondary[0, 3] and table.primary[0, 0]


def test_percentages_come_from_rounded_counts():
    table = suppress_table([[12, 33, 58], [20, 30, 40]])
    assert np.array_equal(table.published, [[10, 35, 60], [20, 30, 40]])
    assert list(table.row_totals) == [105, 90]
    pct = percentages(table)
    np.testing.assert_allclose(pct[0], [10 / 105 * 100, 35 / 105 * 100, 60 / 105 * 100])
    grand = percentages(table, axis=None)
    np.testing.assert_allclose(grand[1, 0], 20 / 195 * 100)


def _bounds(table):
    """Smallest and largest value each hidden entry could take given what is published
    (true totals), by linear programming with non-negative counts."""
    nr, nc = table.counts.shape
    grid = np.zeros((nr + 1, nc + 1))
    grid[:nr, :nc] = table.counts
    grid[:nr, nc] = table.counts.sum(axis=1)
    grid[nr, :nc] = table.counts.sum(axis=0)
    grid[nr, nc] = table.counts.sum()
    hidden = np.zeros(grid.shape, dtype=bool)
    hidden[:nr, :nc] = table.suppressed
    hidden[:nr, nc] = table.row_totals_suppressed
    hidden[nr, :nc] = table.column_totals_suppressed
    hidden[nr, nc] = table.grand_total_suppressed
    values, flat = grid.ravel(), hidden.ravel()
    unknown = list(np.flatnonzero(flat))
    a_eq, b_eq = [], []
    for parts, total in grid_equations(nr, nc):
        row = np.zeros(len(unknown))
        rhs = 0.0
        for e in parts:
            if flat[e]:
                row[unknown.index(e)] += 1
            else:
                rhs -= values[e]
        if flat[total]:
            row[unknown.index(total)] -= 1
        else:
            rhs += values[total]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    spans = {}
    for k, e in enumerate(unknown):
        c = np.zeros(len(unknown))
        c[k] = 1
        low = linprog(c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=(0, None))
        high = linprog(-c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=(0, None))
        top = np.inf if high.status == 3 else -high.fun
        spans[divmod(int(e), nc + 1)] = (low.fun, top)
    return spans


@settings(max_examples=120, deadline=None)
@given(
    st.tuples(st.integers(1, 5), st.integers(2, 6)).flatmap(
        lambda shape: hnp.arrays(
            np.int64, shape, elements=st.sampled_from([0, 1, 2, 3, 5, 7, 8, 12, 20, 45, 160])
        )
    )
)
def test_secondary_suppression_really_prevents_recovery(counts):
    table = suppress_table(counts)
    assert np.all(table.suppressed[table.primary])
    for (i, j), (low, high) in _bounds(table).items():
        assert high - low > 0.5, f"entry {(i, j)} pinned to {low}..{high} in\n{counts}"
    # every published number is a rounded true count
    shown = ~np.isnan(table.published)
    assert np.all(table.published[shown] % 5 == 0)


def test_known_two_way_table():
    counts = np.array([[3, 10, 12], [20, 30, 40], [9, 15, 1]])
    table = suppress_table(counts)
    assert table.primary[0, 0] and table.primary[2, 2]
    for row in table.suppressed:
        assert row.sum() != 1  # never a lone suppressed cell in a row...
    for col in table.suppressed.T:
        assert col.sum() != 1  # ...or column
    assert table.display_with_margins()[1, 3] == "90"


def test_no_margins_means_primary_suppression_only():
    table = suppress_table([[3, 10], [20, 30]], margins=False)
    assert table.suppressed.sum() == 1 and np.isnan(table.grand_total)


def test_statistics_from_suppressed_counts_are_flagged_and_blanked():
    x = np.array([3, 40, 0])
    n = np.array([50, 60, 70])
    result = flag_statistics(proportion(x, n, confidence=[0.95, 0.998]), x, n)
    assert list(result["suppressed"]) == [True, False, False]
    assert np.isnan(result["value"][0]) and np.isnan(result["upper99_8cl"][0])
    assert result["value"][1] == pytest.approx(40 / 60)
    kept = flag_statistics(proportion(x, n), x, blank=False)
    assert kept["suppressed"][0] and not np.isnan(kept["value"][0])
    means = mean([30.0, 500.0], [5, 50], [1.0, 2.0])
    flagged = flag_statistics(means, [5, 50])  # a mean of 5 people is suppressed
    assert list(flagged["suppressed"]) == [True, False]
    table = suppress_counts([3, 40, 51, 22])
    via_mask = flag_statistics(proportion([3, 40, 51, 22], [116] * 4), suppressed=table.suppressed)
    assert list(via_mask["suppressed"]) == [True, False, False, True]


def test_invalid_counts_are_named():
    with pytest.raises(ValueError, match=r"counts must not be negative \(1 in total\): row 1"):
        suppress_counts([4, -1])
    with pytest.raises(ValueError, match="counts must be whole numbers"):
        suppress_table([[1.5, 2]])


def _recoverable_by_linear_programming(values, hidden, equations):
    """The definition: every hidden entry's range found by two linear programmes."""
    unknown = list(np.flatnonzero(hidden))
    a_eq, b_eq = [], []
    for parts, total in equations:
        row, rhs = np.zeros(len(unknown)), 0.0
        for e in parts:
            if hidden[e]:
                row[unknown.index(e)] += 1
            else:
                rhs -= values[e]
        if hidden[total]:
            row[unknown.index(total)] -= 1
        else:
            rhs += values[total]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    out = np.zeros(hidden.shape, dtype=bool)
    for k, e in enumerate(unknown):
        c = np.zeros(len(unknown))
        c[k] = 1
        low = linprog(c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=(0, None))
        high = linprog(-c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=(0, None))
        if high.status != 3:
            out[e] = np.floor(-high.fun + 1e-9) - np.ceil(low.fun - 1e-9) < 1
    return out


@settings(max_examples=150, deadline=None)
@given(
    st.tuples(st.integers(1, 5), st.integers(1, 6)).flatmap(
        lambda shape: st.tuples(
            hnp.arrays(np.int64, shape, elements=st.sampled_from([0, 0, 1, 2, 3, 5, 8, 20])),
            hnp.arrays(bool, (shape[0] + 1, shape[1] + 1)),
        )
    )
)
def test_recoverable_shortcuts_agree_with_linear_programming(case):
    """One line in closed form and ±1 rectangles (which skip the linear programmes) give
    exactly the verdicts of the linear programmes, for tables and single lines."""
    counts, hidden = case
    nr, nc = counts.shape
    grid = np.zeros((nr + 1, nc + 1))
    grid[:nr, :nc] = counts
    grid[:nr, nc] = counts.sum(axis=1)
    grid[nr, :nc] = counts.sum(axis=0)
    grid[nr, nc] = counts.sum()
    values, flat = grid.ravel(), hidden.ravel()
    equations = grid_equations(nr, nc)
    expected = _recoverable_by_linear_programming(values, flat, equations)
    np.testing.assert_array_equal(recoverable(values, flat, equations), expected)
    line = np.append(counts[0], counts[0].sum()).astype(float)
    line_hidden = hidden[0]
    one = [(list(range(nc)), nc)]
    expected = _recoverable_by_linear_programming(line, line_hidden, one)
    np.testing.assert_array_equal(recoverable(line, line_hidden, one), expected)
