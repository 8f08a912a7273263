"""Query engines for the analytics library: Ibis connections (DuckDB by default).

The statistics in :mod:`dueregard.analytics.stats.grouped` push aggregation into the
engine behind an Ibis table, so large person-level extracts are summed where they live
and only one row per group reaches Python. :func:`connect` returns a ready Ibis backend.

Backends are registered by name in :data:`BACKENDS`; ``"duckdb"`` (in-process, no server)
is built in. Another backend — e.g. a ``"spark"`` one creating a ``local[2]`` PySpark
session with the UI disabled for the workforce pipelines — is added with
:func:`register_backend` from the module that needs it, so PySpark stays an optional
dependency of that work and is never imported here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

__all__ = ["BACKENDS", "connect", "duckdb_connection", "register_backend", "to_ibis"]

BackendFactory = Callable[..., Any]


def _duckdb_config(threads: int | None, config: dict[str, Any]) -> dict[str, Any]:
    if threads is None:
        threads = int(os.environ.get("DUEREGARD_ENGINE_THREADS", "0")) or (os.cpu_count() or 1)
    # DuckDB keeps freed memory for reuse until a task has allocated more than this; our
    # queries are short group-bys beside large Arrow tables, so it is handed back sooner
    return {"allocator_flush_threshold": "16MB", **config, "threads": threads}


def duckdb_connection(
    database: str = ":memory:", *, threads: int | None = None, **config: Any
) -> Any:
    """A plain DuckDB connection configured as :func:`connect` configures Ibis's — for
    running SQL already compiled (importing Ibis costs more than a trust's queries)."""
    # Imported here: DuckDB is slow to import.
    import duckdb

    return duckdb.connect(database, config=_duckdb_config(threads, config))


def _duckdb(database: str = ":memory:", *, threads: int | None = None, **kwargs: Any) -> Any:
    # Imported here: Ibis and DuckDB are slow to import.
    import ibis

    return ibis.duckdb.connect(database, **_duckdb_config(threads, kwargs))


#: Backend name → factory returning an Ibis backend (connection).
BACKENDS: dict[str, BackendFactory] = {"duckdb": _duckdb}


def register_backend(name: str, factory: BackendFactory, *, replace: bool = False) -> None:
    """Make ``connect(name, ...)`` call ``factory(...)``.

    ``factory`` receives :func:`connect`'s keyword arguments and returns an Ibis backend.
    Registering an existing name raises ``ValueError`` unless ``replace`` is True.
    """
    if name in BACKENDS and not replace:
        raise ValueError(f"backend {name!r} is already registered")
    BACKENDS[name] = factory


def connect(backend: str = "duckdb", **kwargs: Any) -> Any:
    """An Ibis backend connection; DuckDB in memory by default.

    Args:
        backend: a name in :data:`BACKENDS` (``"duckdb"`` unless others are registered).
        **kwargs: passed to the backend factory (DuckDB: ``database`` path or
            ``":memory:"``, ``threads`` — default ``$DUEREGARD_ENGINE_THREADS`` or all
            cores — and DuckDB config options).
    """
    try:
        factory = BACKENDS[backend]
    except KeyError:
        known = ", ".join(sorted(BACKENDS))
        raise ValueError(f"unknown engine backend {backend!r}; registered: {known}") from None
    return factory(**kwargs)


def to_ibis(data: Any, con: Any = None, *, name: str | None = None) -> Any:
    """An Ibis table for a pandas/Polars/pyarrow table (or an Ibis table unchanged).

    With ``con`` the data are registered in that connection (as a temporary table named
    ``name`` if given); without it an in-memory table is returned, executed by Ibis's
    default backend (DuckDB).
    """
    # Imported here: Ibis and DuckDB are slow to import.
    import ibis

    if isinstance(data, ibis.expr.types.Table):
        return data
    if con is None:
        return ibis.memtable(data)
    return con.create_table(name or "dueregard_data", data, temp=True, overwrite=True)
