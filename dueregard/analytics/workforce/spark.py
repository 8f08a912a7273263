"""The ``"spark"`` engine backend: PySpark through Ibis, registered on import.

``engine.connect("spark")`` creates (or reuses) a local Spark session — ``local[2]`` by
default, UI disabled, few shuffle partitions for small aggregates — and returns an Ibis
PySpark backend. The same Ibis expressions as on DuckDB run unchanged (see
:mod:`.metrics`). Local sessions get a driver heap sized to the machine and
the driver bound to 127.0.0.1 (:func:`session_config`, overridable by environment). To
scale out, pass ``master``/``session`` or a Spark Connect ``remote`` (docs/deploying.md).
"""

from __future__ import annotations

import logging
import os
import shutil
from typing import Any

from .. import engine

__all__ = [
    "default_driver_memory",
    "session_config",
    "spark_available",
    "spark_backend",
    "spark_frame",
]


def spark_available() -> tuple[bool, str]:
    """(True, "") when PySpark is importable and Java is on the PATH."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False, "PySpark is not installed (pip install -r requirements/spark.txt)"
    if shutil.which("java") is None:
        return False, "Java is not installed (Spark needs Java 17)"
    return True, ""


#: Environment variables overriding the local session's defaults (see docs/deploying.md).
ENV_MASTER = "DUEREGARD_SPARK_MASTER"
ENV_DRIVER_MEMORY = "DUEREGARD_SPARK_DRIVER_MEMORY"
ENV_DRIVER_HOST = "DUEREGARD_SPARK_DRIVER_HOST"
ENV_REMOTE = "DUEREGARD_SPARK_REMOTE"


def _physical_memory_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):  # pragma: no cover - not POSIX
        return None


def default_driver_memory(physical: int | None = None) -> str:
    """Driver heap for a local session: half the machine's memory, between 2 and 16 GiB.

    In ``local[N]`` mode the driver JVM runs every task, so its heap holds the scanned
    columns of a national extract; Spark's own default (1 GiB) runs out of heap at 1.5M
    staff. On a 24 GB machine this gives 12g.
    """
    physical = _physical_memory_bytes() if physical is None else physical
    if not physical:
        return "4g"
    gib = physical // 2**30
    return f"{max(2, min(16, gib // 2))}g"


def session_config(master: str, *, driver_memory: str | None = None) -> dict[str, str]:
    """The Spark configuration of the session :func:`spark_backend` builds.

    Local masters (``local``, ``local[N]``, ``local[*]``) bind and advertise the driver
    on 127.0.0.1 — without ``spark.driver.host`` a machine whose host name does not
    resolve to a local address loses task results (``TaskResultLost``) — and get a driver
    heap from :func:`default_driver_memory`. Each is overridable by environment variable
    (``DUEREGARD_SPARK_DRIVER_MEMORY``, ``DUEREGARD_SPARK_DRIVER_HOST``). A cluster master
    keeps the cluster's own settings.
    """
    conf = {
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "2",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
    }
    if master.startswith("local"):
        host = os.environ.get(ENV_DRIVER_HOST) or "127.0.0.1"
        conf["spark.driver.bindAddress"] = host
        conf["spark.driver.host"] = host
        conf["spark.driver.memory"] = (
            driver_memory or os.environ.get(ENV_DRIVER_MEMORY) or default_driver_memory()
        )
        # results of the aggregates are small; allow the whole heap's worth anyway
        conf["spark.driver.maxResultSize"] = "0"
    elif driver_memory:
        conf["spark.driver.memory"] = driver_memory
    return conf


def spark_backend(
    *,
    session: Any = None,
    master: str | None = None,
    remote: str | None = None,
    driver_memory: str | None = None,
    **kwargs: Any,
) -> Any:
    """An Ibis PySpark backend.

    ``session``: an existing SparkSession (e.g. under ``spark-submit``, where
    ``SparkSession.builder.getOrCreate()`` returns the cluster's). ``remote`` (or
    ``$DUEREGARD_SPARK_REMOTE``): a Spark Connect URL such as ``sc://host:15002``.
    Under ``spark-submit`` (no ``master`` given) the submitted session is used as it is.
    Otherwise ``master`` (or ``$DUEREGARD_SPARK_MASTER``, default ``local[2]``) with
    :func:`session_config`.
    """
    # Imported here: PySpark is optional and slow to import.
    import ibis
    from pyspark.sql import SparkSession

    logging.getLogger("py4j").setLevel(logging.WARNING)  # quiet shutdown chatter

    remote = remote or os.environ.get(ENV_REMOTE)
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # running under spark-submit
    if session is None and remote:
        session = SparkSession.builder.remote(remote).appName("dueregard").getOrCreate()
    elif session is None and submitted and master is None:
        # spark-submit chose the master, memory and addresses: use its session as it is
        session = SparkSession.builder.appName("dueregard").getOrCreate()
    elif session is None:
        master = master or os.environ.get(ENV_MASTER) or "local[2]"
        builder = SparkSession.builder.master(master).appName("dueregard")
        for key, value in session_config(master, driver_memory=driver_memory).items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session, **kwargs)


#: Above this many cells an Arrow table reaches a local session through a Parquet file.
_INLINE_CELLS = 2_000_000
_SPILL_DIRS: list[str] = []


def _remove_spill_dirs() -> None:
    for d in _SPILL_DIRS:
        shutil.rmtree(d, ignore_errors=True)


def spark_frame(session: Any, table: Any) -> Any:
    """A Spark DataFrame of the Arrow ``table``.

    ``createDataFrame`` ships the whole table through the driver as one serialized Arrow
    stream held in its heap: at 1.5M staff that runs a 12 GiB driver out of memory. A
    large table for a local session is written to a temporary Parquet file (removed at
    exit) that Spark scans in splits, like any input; small tables, and sessions on a
    cluster (whose executors cannot see this machine's files), use ``createDataFrame``.
    """
    master = session.conf.get("spark.master", "") if hasattr(session, "conf") else ""
    if table.num_rows * max(table.num_columns, 1) <= _INLINE_CELLS or not master.startswith(
        "local"
    ):
        return session.createDataFrame(table)
    # Imported here: only large tables need them.
    import tempfile

    import pyarrow.parquet as pq

    if not _SPILL_DIRS:
        import atexit

        _SPILL_DIRS.append(tempfile.mkdtemp(prefix="dueregard-spark-"))
        atexit.register(_remove_spill_dirs)
    fd, path = tempfile.mkstemp(suffix=".parquet", dir=_SPILL_DIRS[0])
    os.close(fd)
    pq.write_table(table, path, row_group_size=500_000)
    return session.read.parquet(path)


if "spark" not in engine.BACKENDS:
    engine.register_backend("spark", spark_backend)
