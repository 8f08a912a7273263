"""Disclosure-controlled publishing works on row positions: the index labels of a result
table play no part, and a table's summary is found from the first matching pair of rows
(the straightforward double loop over rows, written out here)."""

import numpy as np
import pandas as pd
import pytest

from dueregard.analytics import derived
from dueregard.analytics.workforce import read_input
from dueregard.analytics.workforce.derived_figures import Counts, _summary, _Table
from dueregard.analytics.workforce.metrics import PackResult, run_pack
from dueregard.analytics.workforce.outputs import publish

INPUTS = ("staff", "recruitment", "cases", "training", "survey", "reference")


@pytest.fixture(scope="module")
def pack(synth_dir):
    inputs = {k: read_input(synth_dir / f"{k}.csv", k) for k in INPUTS}
    return run_pack(inputs, period="2025-26")


def _relabelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The same rows under reversed whole-number labels (label i is not position i)."""
    out = frame.copy()
    out.index = list(range(len(frame) - 1, -1, -1))
    return out


def test_published_tables_do_not_depend_on_index_labels(pack):
    relabelled = PackResult(
        tables={k: _relabelled(v) for k, v in pack.tables.items()}, meta=dict(pack.meta)
    )
    plain, other = publish(pack).tables, publish(relabelled).tables
    assert any(f.isin(["*"]).to_numpy().any() for f in plain.values())  # suppression bites
    for name, frame in plain.items():
        assert other[name].index.tolist() == relabelled.tables[name].index.tolist()
        pd.testing.assert_frame_equal(other[name].reset_index(drop=True), frame)
        assert repr(other[name].attrs) == repr(frame.attrs)


def _first_pair(x, n, published, hidden, target):
    """The summary by the plain double loop: for each row i in order, the first row j
    whose exact relative likelihood against it is the target; that pair is used unless a
    count of either row is hidden or the published likelihood is not finite, and then
    row i is passed over."""
    for i in range(len(x)):
        for j in range(len(x)):
            if i == j or n[i] <= 0 or n[j] <= 0:
                continue
            if not np.isclose((x[i] / n[i]) / (x[j] / n[j]) if x[j] else np.nan, target):
                continue
            if hidden[[i, j]].any():
                break
            rl = derived.likelihood(*published[i], *published[j])
            if not np.isfinite(rl["value"][0]):
                break
            return float(rl["value"][0]), float(rl["lower"][0]), float(rl["upper"][0])
    return None


@pytest.mark.parametrize("seed", range(40))
def test_summary_is_the_first_matching_pair_of_rows(seed):
    rng = np.random.default_rng(seed)
    rows = int(rng.integers(2, 7))
    # few distinct proportions, so several pairs share the summary's likelihood
    n = rng.choice([0.0, 10.0, 20.0, 40.0], size=rows, p=[0.1, 0.3, 0.3, 0.3])
    x = n * rng.choice([0.0, 0.1, 0.2, 0.4], size=rows)
    published = np.column_stack([x, n]).round(-1) / 2
    hidden = rng.random((rows, 2)) < 0.25
    published[hidden] = np.nan
    i, j = rng.choice(rows, size=2, replace=False)
    target = (x[i] / n[i]) / (x[j] / n[j]) if n[i] and n[j] and x[j] else 1.0
    frame = pd.DataFrame({"group": list("abcdef"[:rows]), "entered": x, "staff": n})
    attrs = {"title": "Relative likelihood = 9.99", "summary": {"relative_likelihood": target}}
    table = _Table(
        frame, frame.astype(object), Counts(["entered", "staff"], published, hidden), attrs
    )
    _summary(table, {"entered_per_staff": ("entered", "staff")})
    expected = _first_pair(x, n, published, hidden, target)
    if expected is None:
        assert attrs["title"] == "Relative likelihood — not shown: small numbers"
        assert np.isnan(attrs["summary"]["relative_likelihood"])
    else:
        got = attrs["summary"]
        assert (got["relative_likelihood"], got["lower95"], got["upper95"]) == expected
        assert attrs["title"].startswith(f"Relative likelihood = {expected[0]:.2f} (95% CI")


@pytest.fixture(scope="module")
def large_pack(tmp_path_factory):
    """A large trust's pack: enough capability cases that reference rows are published."""
    from dueregard.analytics.synth import write_workforce

    out = tmp_path_factory.mktemp("large")
    write_workforce(out, staff=20_000, seed=3)
    inputs = {k: read_input(out / f"{k}.csv", k) for k in INPUTS}
    return run_pack(inputs, period="2025-26")


def test_each_block_is_compared_with_its_own_reference_row(large_pack):
    """In a table of several blocks (formal processes × characteristics) every published
    relative likelihood is against the reference row of its own block: a reference row's
    own figure is 1, never another process's ratio."""
    table = publish(large_pack).tables["formal_processes"]
    assert table["process"].nunique() > 1
    checked = set()
    for (process, _), block in table.groupby(["process", "characteristic"], sort=False):
        ref = block[block["reference"]]
        assert len(ref) <= 1
        if ref.empty or ref["relative_likelihood"].iloc[0] == "*":
            continue
        assert ref["relative_likelihood"].iloc[0] == pytest.approx(1.0)
        checked.add(process)
        r_x, r_n = ref["entered"].iloc[0], ref["staff"].iloc[0]
        for _, row in block.iterrows():
            if "*" in (row["relative_likelihood"], row["entered"], row["staff"], r_x, r_n):
                continue
            if not row["entered"] or not r_x:
                continue
            expected = (row["entered"] / row["staff"]) / (r_x / r_n)
            assert row["relative_likelihood"] == pytest.approx(expected, rel=1e-9)
    assert len(checked) > 1  # reference rows of more than one process were checked
