"""The workforce queries' SQL is compiled once per shape of input and kept on disk; a
cached run needs no Ibis and gives the frames Ibis gives."""

import importlib
import itertools
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from dueregard.analytics.workforce.definitions import get_standard
from dueregard.analytics.workforce.importers import Period
from dueregard.analytics.workforce.metrics import collect, compiled_sql, survey_flags

# the module (the package's ``queries`` is the function of the same name)
queries_module = importlib.import_module("dueregard.analytics.workforce.metrics.queries")

PERIOD = Period.parse("2025-26")
STANDARDS = [get_standard("WRES"), get_standard("WDES")]
KINDS = ("staff", "recruitment", "cases", "training", "survey")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("DUEREGARD_CACHE_DIR", str(where))
    monkeypatch.setattr(queries_module, "_COMPILED", {})
    return where / "workforce-sql"


@pytest.fixture(scope="module")
def tables(synth_dir):
    from dueregard.analytics.workforce import read_input

    return {k: read_input(synth_dir / f"{k}.csv", k, period="2025-26").table for k in KINDS}


def _ibis_frames(tables):
    """The same queries run by Ibis itself (``con.execute``), the reference."""
    from dueregard.analytics import engine

    con = engine.connect("duckdb")
    import ibis

    exprs = queries_module.queries(
        {k: ibis.memtable(t) for k, t in tables.items()}, PERIOD, STANDARDS
    )
    return {name: con.execute(expr) for name, expr in exprs.items()}


def test_compiled_once_then_read_from_disk(cache, tables):
    first = collect(tables, period=PERIOD)
    files = list(cache.glob("*.json"))
    assert len(files) == 1
    stored = json.loads(files[0].read_text())
    assert [name for name, _ in stored] == list(first)
    # a new process (no compiled queries in memory) reads the file, not Ibis
    queries_module._COMPILED.clear()
    again = collect(tables, period=PERIOD)
    for name in first:
        pd.testing.assert_frame_equal(first[name], again[name], obj=name)


def test_cached_frames_equal_ibis_execution(cache, tables):
    ours = collect(tables, period=PERIOD)
    reference = _ibis_frames(tables)
    for name, frame in reference.items():
        if name == "survey":  # counted as bits per respondent, widened by collect()
            columns = tables["survey"].column_names
            items = list(queries_module._survey_items(STANDARDS, columns))
            keys = [g for g in queries_module.SURVEY_GROUPINGS if g in columns]
            frame = survey_flags.widen(frame, survey_flags.layout(items), keys)
        sort = [c for c in ours[name].columns if c in frame.columns]
        expected = frame[list(ours[name].columns)]
        expected = expected.sort_values(
            [c for c in sort if c not in ("n", "applied", "shortlisted", "appointed")],
            kind="stable",
        ).reset_index(drop=True)
        pd.testing.assert_frame_equal(ours[name], expected, obj=name)


def test_a_cached_run_imports_no_ibis(cache, synth_dir):
    script = textwrap.dedent(
        f"""
        import sys
        from dueregard.analytics.workforce import read_input
        from dueregard.analytics.workforce.metrics import collect
        tables = {{k: read_input({str(synth_dir)!r} + f"/{{k}}.csv", k).table
                  for k in {KINDS!r}}}
        collect(tables, period="2025-26")
        print("ibis" in sys.modules)
        """
    )
    env = {"DUEREGARD_CACHE_DIR": str(cache.parent), "PATH": "/usr/bin:/bin"}
    root = Path(__file__).resolve().parents[3]
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            cwd=root,
            env={**env, "PYTHONPATH": str(root)},
            check=True,
        ).stdout.split()[-1]
        for _ in range(2)
    ]
    assert runs == ["True", "False"]


def test_the_key_follows_the_inputs_shape_period_and_standards(tables):
    base = compiled_sql.digest(tables, PERIOD, STANDARDS, "union")
    assert base == compiled_sql.digest(dict(tables), PERIOD, STANDARDS, "union")
    fewer = {k: v for k, v in tables.items() if k != "survey"}
    other_column = dict(tables, staff=tables["staff"].drop_columns(["bonus_pay"]))
    changed = [
        compiled_sql.digest(fewer, PERIOD, STANDARDS, "union"),
        compiled_sql.digest(other_column, PERIOD, STANDARDS, "union"),
        compiled_sql.digest(tables, Period.parse("2024-25"), STANDARDS, "union"),
        compiled_sql.digest(tables, PERIOD, STANDARDS[:1], "union"),
        compiled_sql.digest(tables, PERIOD, STANDARDS, "unpivot"),
    ]
    assert len({base, *changed}) == 6


def test_the_key_follows_the_code(tables, monkeypatch, tmp_path):
    base = compiled_sql.digest(tables, PERIOD, STANDARDS, "union")
    edited = tmp_path / "queries.py"
    edited.write_text(Path(queries_module.__file__).read_text() + "\n# edited\n")
    monkeypatch.setattr(compiled_sql, "_SOURCES", (*compiled_sql._SOURCES, edited))
    compiled_sql._code_fingerprint.cache_clear()
    try:
        assert compiled_sql.digest(tables, PERIOD, STANDARDS, "union") != base
    finally:
        compiled_sql._code_fingerprint.cache_clear()


@pytest.mark.parametrize(
    "content", ["not json", "[1, 2]", '[["staff"]]', '{"staff": "SELECT 1"}', ""]
)
def test_a_damaged_file_is_compiled_afresh(cache, tables, content):
    first = collect(tables, period=PERIOD)
    (path,) = cache.glob("*.json")
    path.write_text(content)
    queries_module._COMPILED.clear()
    again = collect(tables, period=PERIOD)
    assert list(again) == list(first)
    assert json.loads(path.read_text())[0][0] == "staff"  # rewritten whole


def test_an_unwritable_or_switched_off_cache_only_compiles(tmp_path, monkeypatch, tables):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setattr(queries_module, "_COMPILED", {})
    monkeypatch.setenv("DUEREGARD_CACHE_DIR", str(blocker / "below-a-file"))
    assert set(collect(tables, period=PERIOD)) >= {"staff", "survey"}
    monkeypatch.setenv("DUEREGARD_CACHE_DIR", "off")
    assert compiled_sql.cache_dir() is None
    queries_module._COMPILED.clear()
    assert set(collect(tables, period=PERIOD)) >= {"staff", "survey"}
    assert not list(tmp_path.rglob("*.json"))


def test_the_cache_lives_in_the_users_cache_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("DUEREGARD_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert compiled_sql.cache_dir() == tmp_path / "dueregard" / "workforce-sql"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert compiled_sql.cache_dir() == tmp_path / ".cache" / "dueregard" / "workforce-sql"


_VALUES = {
    pa.string(): ["a", "b"],
    pa.bool_(): [True, False],
    pa.int64(): [1, 2],
    pa.int8(): [1, 2],
    pa.float64(): [1.5, 2.0],
    pa.decimal128(38, 0): [1, 2],
}


def _ibis_conversion(table):
    """How Ibis's DuckDB backend turns a result into pandas (``con.execute``)."""
    import ibis
    import pyarrow.types as pat
    from ibis.backends.duckdb.converter import DuckDBPandasData
    from ibis.formats.pandas import PandasData

    df = pd.DataFrame(
        {
            c: (
                col.to_pylist()
                if pat.is_nested(col.type) or pat.is_dictionary(col.type) or col.null_count
                else col.to_pandas()
            )
            for c, col in zip(table.column_names, table.columns, strict=True)
        }
    )
    schema = ibis.Schema.from_pyarrow(
        pa.schema(
            [
                pa.field(f.name, pa.int64() if pa.types.is_decimal(f.type) else f.type)
                for f in table.schema
            ]
        )
    )
    return PandasData.convert_table(DuckDBPandasData.convert_table(df, schema), schema)


@pytest.mark.parametrize("kind", [*_VALUES, "dictionary"], ids=str)
def test_frames_have_the_dtypes_ibis_gives(kind):
    values = _VALUES.get(kind, ["x", "y"])
    for missing in itertools.product([False, True], repeat=2):
        data = [None if m else v for m, v in zip(missing, values, strict=True)]
        for length in (0, 1, 2):
            if kind == "dictionary":
                column = pa.array(data[:length], pa.string()).dictionary_encode()
            else:
                column = pa.array(data[:length], kind)
            table = pa.table({"c": column})
            pd.testing.assert_frame_equal(
                queries_module._to_frame(table), _ibis_conversion(table), obj=f"{missing} {length}"
            )
