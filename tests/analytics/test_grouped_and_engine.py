"""The table interface gives the same numbers in every engine; the engine helper."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from dueregard.analytics import engine
from dueregard.analytics.stats import (
    ESP2013_BANDS,
    dsr,
    grouped,
    proportion,
    relative_likelihood,
)

pytestmark = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning", "ignore::FutureWarning", "ignore:.*infer_string.*"
)


@pytest.fixture(scope="module")
def applicants() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 5000
    frame = pd.DataFrame(
        {
            "ethnic_group": rng.choice(["A", "B", "C", "D"], n),
            "site": rng.choice(["north", "south"], n),
            "shortlisted": np.ones(n, dtype=np.int64),
        }
    )
    frame["appointed"] = (rng.random(n) < 0.3).astype(np.int64)
    frame.loc[frame.index[:40], "ethnic_group"] = None  # not stated: its own group
    return frame


def _engines(frame):
    con = engine.connect()
    return {
        "pandas": frame,
        "arrow": pa.Table.from_pandas(frame, preserve_index=False),
        "polars": pl.from_pandas(frame),
        "polars-lazy": pl.from_pandas(frame).lazy(),
        "ibis-memtable": engine.to_ibis(frame),
        "ibis-duckdb": engine.to_ibis(frame, con, name="applicants"),
    }


def test_every_engine_gives_the_same_proportions(applicants):
    results = {
        kind: grouped.proportion(
            table, "appointed", "shortlisted", by=["ethnic_group", "site"], confidence=[0.95, 0.998]
        )
        for kind, table in _engines(applicants).items()
    }
    base = results["pandas"]
    assert base.nrows == 10  # 4 groups + not stated, by 2 sites
    assert base["ethnic_group"][-1] is None or pd.isna(base["ethnic_group"][-1])
    counts = applicants.groupby(["ethnic_group", "site"], dropna=False).appointed.agg(
        ["sum", "count"]
    )
    direct = proportion(counts["sum"], counts["count"], confidence=[0.95, 0.998])
    np.testing.assert_allclose(base["value"], direct["value"], rtol=1e-14)
    for kind, result in results.items():
        assert result.columns == base.columns, kind
        for col in ("numerator", "denominator", "value", "lower99_8cl", "upper95_0cl"):
            np.testing.assert_allclose(result[col], base[col], rtol=1e-12, err_msg=kind)


def test_relative_likelihood_against_reference_and_rest(applicants):
    frame = applicants.dropna(subset=["ethnic_group"])
    result = grouped.relative_likelihood(
        frame, "appointed", "shortlisted", "ethnic_group", reference="A"
    )
    sums = frame.groupby("ethnic_group").appointed.agg(["sum", "count"])
    direct = relative_likelihood(
        sums["sum"], sums["count"], [sums["sum"]["A"]] * 4, [sums["count"]["A"]] * 4
    )
    np.testing.assert_allclose(result["value"], direct["value"], rtol=1e-14)
    assert result["value"][0] == 1.0
    rest = grouped.relative_likelihood(
        pl.from_pandas(frame), "appointed", "shortlisted", "ethnic_group"
    )
    total, count = sums["sum"].sum(), sums["count"].sum()
    expected = (sums["sum"] / sums["count"]) / ((total - sums["sum"]) / (count - sums["count"]))
    np.testing.assert_allclose(rest["value"], expected, rtol=1e-12)
    with pytest.raises(ValueError, match="reference group 'Z' not found"):
        grouped.relative_likelihood(
            frame, "appointed", "shortlisted", "ethnic_group", reference="Z"
        )


def test_grouped_mean_and_rate_and_dsr_in_duckdb():
    rng = np.random.default_rng(5)
    areas = [f"area{k}" for k in range(6)]
    rows = pd.DataFrame(
        {
            "area": np.repeat(areas, 19 * 2),
            "sex": np.tile(np.repeat(["F", "M"], 19), 6),
            "band": np.tile(ESP2013_BANDS, 12),
            "deaths": rng.integers(0, 40, 228),
            "pop": rng.integers(500, 5000, 228),
        }
    )
    t = engine.to_ibis(rows)
    by_area = grouped.dsr(t, "deaths", "pop", "band", by="area", confidence=[0.95, 0.998])
    summed = rows.groupby(["area", "band"], sort=False)[["deaths", "pop"]].sum()
    counts = summed.deaths.to_numpy().reshape(6, 19)
    pops = summed["pop"].to_numpy().reshape(6, 19)
    order = [list(ESP2013_BANDS).index(b) for b in summed.index.get_level_values(1)[:19]]
    direct = dsr(counts[:, np.argsort(order)], pops[:, np.argsort(order)], confidence=[0.95, 0.998])
    assert list(by_area["area"]) == areas
    np.testing.assert_allclose(by_area["value"], direct["value"], rtol=1e-12)
    np.testing.assert_allclose(by_area["upper99_8cl"], direct["upper99_8cl"], rtol=1e-12)
    crude = grouped.rate(t, "deaths", "pop", by=["area", "sex"])
    assert crude.nrows == 12
    means = grouped.mean(t, "deaths", by="sex")
    by_sex = rows.groupby("sex").deaths
    np.testing.assert_allclose(means["value"], by_sex.mean(), rtol=1e-12)
    np.testing.assert_allclose(means["stdev"], by_sex.std(), rtol=1e-12)


def test_engine_backends():
    con = engine.connect(threads=1)
    assert con.name == "duckdb"
    # an unknown name is refused with the registered ones listed (other tests may have
    # registered "spark" by importing the workforce Spark module)
    with pytest.raises(ValueError, match=r"unknown engine backend 'nosuch'; registered: duckdb"):
        engine.connect("nosuch")
    calls = []
    engine.register_backend("fake", lambda **kw: calls.append(kw) or "connection")
    try:
        assert engine.connect("fake", option=1) == "connection" and calls == [{"option": 1}]
        with pytest.raises(ValueError, match="already registered"):
            engine.register_backend("fake", lambda **kw: None)
    finally:
        engine.BACKENDS.pop("fake")


def test_the_library_imports_no_django():
    code = (
        "import sys, dueregard.analytics.stats, dueregard.analytics.stats.grouped, "
        "dueregard.analytics.disclosure, dueregard.analytics.engine; "
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_proportions_and_their_intervals_import_no_scipy():
    """scipy.special costs ~0.2 s to import — a tenth of a trust's whole pack from a cold
    start — so the statistics a pack uses (Wilson intervals, normal quantiles) do not."""
    code = (
        "import sys; from dueregard.analytics.stats import proportion, grouped; "
        "import pandas as pd; "
        "proportion([1, 5], [10, 20], confidence=(0.95, 0.998)); "
        "grouped.proportion(pd.DataFrame({'g': [1, 2], 'x': [1, 2], 'n': [5, 5]}), "
        "'x', 'n', by='g'); "
        "assert not [m for m in sys.modules if m.startswith('scipy')], "
        "[m for m in sys.modules if m.startswith('scipy')][:5]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
