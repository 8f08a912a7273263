"""The workforce queries' DuckDB SQL, compiled once per shape of input and kept on disk.

Importing Ibis and sqlglot, building the expressions and compiling them cost more than
running the SQL on a trust's files (about 0.5 s of a 1.5 s cold start), yet the SQL
depends only on the inputs' column names and types, the period, the standards'
definitions and the code — never on the rows. So the SQL is kept in memory for the
process and on disk, one small JSON file per digest of all of these, in
``$DUEREGARD_CACHE_DIR`` (else ``$XDG_CACHE_HOME/dueregard``, else
``~/.cache/dueregard``), under ``workforce-sql/``. The digest covers the source of the
modules that build the queries and the installed Ibis, sqlglot and DuckDB, so a change
to any of them compiles afresh; stale files are never read, only left behind.

A cache that cannot be read or written is ignored (the SQL is compiled as before), and
``DUEREGARD_CACHE_DIR=off`` turns the disk cache off.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

#: A compiled query: its name in the aggregates and its SQL.
Compiled = list[tuple[str, str]]

_PACKAGE = Path(__file__).resolve().parent
#: The source that shapes the SQL: the metrics package, the codes it groups by and the
#: engine module that connects.
_SOURCES = (
    *sorted(_PACKAGE.glob("*.py")),
    _PACKAGE.parent / "codes.py",
    _PACKAGE.parents[1] / "engine.py",
)
#: Libraries whose versions change the SQL or how it runs.
_LIBRARIES = ("ibis", "sqlglot", "duckdb")
_FORMAT = 1


def cache_dir() -> Path | None:
    """Where compiled SQL is kept, or None when the disk cache is off."""
    configured = os.environ.get("DUEREGARD_CACHE_DIR", "").strip()
    if configured.lower() in ("off", "0", "none"):
        return None
    if configured:
        base = Path(configured)
    elif xdg := os.environ.get("XDG_CACHE_HOME", "").strip():
        base = Path(xdg) / "dueregard"
    else:
        try:
            base = Path.home() / ".cache" / "dueregard"
        except RuntimeError:  # no home directory to be found
            return None
    return base / "workforce-sql"


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A digest of the query-building source and of the installed libraries (found
    without importing them: their package files' size and modification time)."""
    h = hashlib.sha256(f"format {_FORMAT}".encode())
    for path in _SOURCES:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin:
            stat = os.stat(origin)
            h.update(f"{name} {origin} {stat.st_size} {stat.st_mtime_ns}".encode())
        else:
            h.update(f"{name} missing".encode())
    return h.hexdigest()


def digest(arrow: Mapping[str, Any], period: Any, standards: Sequence[Any], strategy: str) -> str:
    """The key of the SQL for these inputs' schemas, period, standards and strategy."""
    shape = [[kind, [[f.name, str(f.type)] for f in table.schema]] for kind, table in arrow.items()]
    text = json.dumps(
        [_code_fingerprint(), shape, repr(period), [repr(s) for s in standards], strategy]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def load(key: str) -> Compiled | None:
    """The SQL stored under ``key``, or None (absent, unreadable or malformed)."""
    where = cache_dir()
    if where is None:
        return None
    try:
        data = json.loads((where / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, list) or not all(
        isinstance(item, list) and len(item) == 2 and all(isinstance(part, str) for part in item)
        for item in data
    ):
        return None
    return [(name, sql) for name, sql in data]


def store(key: str, compiled: Compiled) -> None:
    """Keep ``compiled`` under ``key``, written whole (a temporary file renamed) so a
    concurrent reader sees the old file, the new one or none; failures are ignored."""
    where = cache_dir()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump([list(item) for item in compiled], f)
            os.replace(tmp, where / f"{key}.json")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
