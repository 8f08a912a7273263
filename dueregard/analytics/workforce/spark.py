"""The ``"spark"`` engine backend: PySpark through Ibis, registered on import.

``engine.connect("spark")`` creates (or reuses) a local Spark session — ``local[2]`` by
default, UI disabled, few shuffle partitions for small aggregates — and returns an Ibis
PySpark backend. The same Ibis expressions as on DuckDB run unchanged (see
:mod:`.metrics`). Point ``master`` at a cluster (or pass ``session``) to scale out.
"""

from __future__ import annotations

import logging
import shutil
from typing import Any

from .. import engine

__all__ = ["spark_available", "spark_backend"]


def spark_available() -> tuple[bool, str]:
    """(True, "") when PySpark is importable and Java is on the PATH."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False, "PySpark is not installed (pip install -r requirements/spark.txt)"
    if shutil.which("java") is None:
        return False, "Java is not installed (Spark needs Java 17)"
    return True, ""


def spark_backend(*, session: Any = None, master: str = "local[2]", **kwargs: Any) -> Any:
    # Imported here: PySpark is optional and slow to import.
    import ibis
    from pyspark.sql import SparkSession

    logging.getLogger("py4j").setLevel(logging.WARNING)  # quiet shutdown chatter

    if session is None:
        session = (
            SparkSession.builder.master(master)
            .appName("dueregard")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session, **kwargs)


if "spark" not in engine.BACKENDS:
    engine.register_backend("spark", spark_backend)
