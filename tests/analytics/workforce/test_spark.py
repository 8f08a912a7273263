"""The same Ibis definitions on PySpark (local[2]) give identical results to DuckDB."""

import shutil

import pandas as pd
import pytest

pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed")
pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed (Spark)"),
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    from dueregard.analytics.synth import write_workforce
    from dueregard.analytics.workforce import read_input

    d = tmp_path_factory.mktemp("spark")
    paths = write_workforce(d, staff=600, seed=5)
    yield {k: read_input(p, k, period="2025-26") for k, p in paths.items()}
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()


def test_spark_and_duckdb_agree(inputs):
    from dueregard.analytics.workforce.metrics import collect, finish

    engine_inputs = {k: v.table for k, v in inputs.items() if k != "reference"}
    ref = inputs["reference"].table.to_pandas()
    duck = collect(engine_inputs, period="2025-26")
    spark = collect(engine_inputs, period="2025-26", engine="spark")
    assert set(duck) == set(spark)
    for name in duck:
        pd.testing.assert_frame_equal(duck[name], spark[name], check_dtype=False, obj=name)
    a = finish(duck, period="2025-26", reference=ref)
    b = finish(spark, period="2025-26", reference=ref)
    assert list(a.tables) == list(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], obj=name)


def test_local_session_defaults_bind_to_loopback_with_a_sized_heap(monkeypatch):
    from dueregard.analytics.workforce.spark import default_driver_memory, session_config

    for var in ("DUEREGARD_SPARK_DRIVER_MEMORY", "DUEREGARD_SPARK_DRIVER_HOST"):
        monkeypatch.delenv(var, raising=False)
    conf = session_config("local[2]")
    assert conf["spark.driver.host"] == "127.0.0.1"
    assert conf["spark.driver.bindAddress"] == "127.0.0.1"
    assert conf["spark.driver.memory"] == default_driver_memory()
    # 24 GB machine → 12g; small and huge machines are clamped
    assert default_driver_memory(24 * 2**30) == "12g"
    assert default_driver_memory(2 * 2**30) == "2g"
    assert default_driver_memory(512 * 2**30) == "16g"


def test_local_session_defaults_are_overridable(monkeypatch):
    from dueregard.analytics.workforce.spark import session_config

    monkeypatch.setenv("DUEREGARD_SPARK_DRIVER_MEMORY", "3g")
    monkeypatch.setenv("DUEREGARD_SPARK_DRIVER_HOST", "10.0.0.5")
    conf = session_config("local[*]")
    assert conf["spark.driver.memory"] == "3g"
    assert conf["spark.driver.host"] == "10.0.0.5"
    assert session_config("local[2]", driver_memory="5g")["spark.driver.memory"] == "5g"
    # a cluster master keeps the cluster's own addresses and memory
    cluster = session_config("spark://cluster:7077")
    assert "spark.driver.host" not in cluster
    assert "spark.driver.memory" not in cluster
