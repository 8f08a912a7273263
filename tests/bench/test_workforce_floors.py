"""The bench's two floors count and decode what they claim to, on the synthetic files."""

import pandas as pd
import pyarrow.parquet as pq
import pytest

from bench.workforce_floors import run_duckdb_counts, run_duckdb_scan
from dueregard.analytics.synth import write_workforce
from dueregard.analytics.workforce.codes import CHARACTERISTICS
from dueregard.analytics.workforce.schemas import SCHEMAS, match_columns


@pytest.fixture(scope="module", params=["parquet", "csv"])
def files(request, tmp_path_factory):
    d = tmp_path_factory.mktemp(f"floors-{request.param}")
    write_workforce(d, staff=400, seed=3, fmt=request.param)
    return d, request.param


def _read(d, fmt, kind):
    if fmt == "csv":
        return pd.read_csv(d / f"{kind}.csv", dtype=str, keep_default_na=False)
    return pq.read_table(d / f"{kind}.parquet").to_pandas()


def _characteristics(frame, kind) -> int:
    found, _ = match_columns(list(frame.columns), SCHEMAS[kind])
    return len(set(found) & set(CHARACTERISTICS))


def _total(table) -> int:
    return int(table.column("n").to_numpy().sum())


def test_every_grouping_set_counts_every_row(files):
    d, fmt = files
    counts = run_duckdb_counts(d, fmt)
    staff, rec, survey = (_read(d, fmt, k) for k in ("staff", "recruitment", "survey"))
    # staff: each characteristic (with the flags), the bands, and 3 pay and 3 bonus sets
    assert _total(counts["staff"]) == (_characteristics(staff, "staff") + 1 + 3 + 3) * len(staff)
    assert _total(counts["recruitment"]) == _characteristics(rec, "recruitment") * len(rec)
    # survey: every respondent once per grouping (ethnicity, disability)
    assert _total(counts["survey"]) == 2 * survey["Respondent ID"].nunique()
    trained = set(_read(d, fmt, "training")["Employee Number"]) & set(staff["Employee Number"])
    assert _total(counts["training"]) == len(trained)
    cases = _read(d, fmt, "cases")
    assert _total(counts["cases"]) == cases["Employee Number"].isin(staff["Employee Number"]).sum()


def test_the_scan_decodes_every_value(files):
    d, fmt = files
    out = run_duckdb_scan(d, fmt)
    assert set(out) == {"staff", "recruitment", "cases", "training", "survey", "reference"}
    longest = _read(d, fmt, "staff")["Employee Number"].str.len().max()
    assert out["staff"][0][0] == longest
