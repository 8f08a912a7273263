"""Reading input files (CSV, XLSX, Parquet or in-memory tables) as raw Arrow tables; the
reporting period; the problems and the error an import reports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

MAX_ROWS_SHOWN = 10
EARLIEST_DATE = dt.date(1990, 1, 1)
_TRUE = {"y", "yes", "true", "t", "1", "clinical", "voting", "executive", "x"}
_FALSE = {
    "n",
    "no",
    "false",
    "f",
    "0",
    "non clinical",
    "nonclinical",
    "non voting",
    "non executive",
}
_STAGES = {
    "applied": 0,
    "application": 0,
    "submitted": 0,
    "rejected": 0,
    "not shortlisted": 0,
    "withdrawn": 0,
    "longlisted": 0,
    "shortlisted": 1,
    "interview": 1,
    "interviewed": 1,
    "invited to interview": 1,
    "not appointed": 1,
    "unsuccessful at interview": 1,
    "appointed": 2,
    "offered": 2,
    "offer": 2,
    "offer accepted": 2,
    "conditional offer": 2,
    "starter": 2,
    "hired": 2,
}
_CASE_TYPES = {
    "disciplinary": "disciplinary",
    "formal disciplinary": "disciplinary",
    "conduct": "disciplinary",
    "capability": "capability",
    "formal capability": "capability",
    "performance": "capability",
}


@dataclass(frozen=True)
class Period:
    """A reporting year such as ``2025-26``: 1 April 2025 to the 31 March 2026 snapshot."""

    label: str
    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, text: str | None) -> Period | None:
        if text is None:
            return None
        parts = str(text).replace("/", "-").split("-")
        try:
            first = int(parts[0])
            if not 1990 <= first <= 2100 or len(parts) > 2:
                raise ValueError
            if len(parts) == 2 and int(parts[1]) % 100 != (first + 1) % 100:
                raise ValueError
        except ValueError:
            raise ValueError(f"period {text!r} is not a financial year like 2025-26") from None
        return cls(
            f"{first}-{(first + 1) % 100:02d}", dt.date(first, 4, 1), dt.date(first + 1, 3, 31)
        )

    def window(self, years: int) -> tuple[dt.date, dt.date]:
        """The ``years``-year window ending at the snapshot (rolling indicators)."""
        return dt.date(self.start.year - years + 1, 4, 1), self.end


@dataclass
class InputProblem:
    """One kind of problem in one column of one file, with the rows where it occurs."""

    source: str
    column: str | None
    message: str
    rows: list[int] = field(default_factory=list)
    count: int = 0
    unit: str = "row"

    def __str__(self) -> str:
        where = f"{self.source}"
        if self.column:
            where += f", column {self.column!r}"
        text = f"{where}: {self.message}"
        if self.count:
            shown = ", ".join(str(r) for r in self.rows[:MAX_ROWS_SHOWN])
            more = self.count - min(len(self.rows), MAX_ROWS_SHOWN)
            plural = "s" if self.count > 1 else ""
            text += f" ({self.unit}{plural} {shown}" + (f" and {more} more)" if more else ")")
        return text


class WorkforceInputError(ValueError):
    """Every problem found in the inputs; nothing partial is used."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        lines = [f"{len(problems)} problem(s) in the input; nothing was used:"]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


@dataclass
class Imported:
    """A canonical table, its data-quality report and what was ignored."""

    kind: str
    table: pa.Table
    quality: list[dict[str, Any]]
    ignored: list[str]
    source: str


def _read_csv(path: Path) -> pa.Table:
    # Imported here: only this file type needs it.
    import pyarrow.csv as pacsv

    raw = path.read_bytes()
    encoding = "utf-8"
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        head = raw[:65536].decode("utf-8")
    except UnicodeDecodeError:
        encoding = "latin1"
        head = raw[:65536].decode("latin1")
    if not head.strip():
        return pa.table({})
    first = next(csv.reader(io.StringIO(head.splitlines()[0])), [])
    return pacsv.read_csv(
        io.BytesIO(raw),
        read_options=pacsv.ReadOptions(encoding=encoding),
        convert_options=pacsv.ConvertOptions(
            column_types={h: pa.string() for h in first},
            strings_can_be_null=True,
            null_values=[""],
        ),
    )


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else None


def _read_xlsx(path: Path) -> pa.Table:
    # Imported here: only XLSX needs openpyxl.
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return pa.table({})
        names = [_cell(h) or f"column {i + 1}" for i, h in enumerate(header)]
        cols: list[list[str | None]] = [[] for _ in names]
        for row in rows:
            if row is None or all(v is None for v in row):
                continue
            for i in range(len(names)):
                cols[i].append(_cell(row[i]) if i < len(row) else None)
    finally:
        wb.close()
    return pa.table({n: pa.array(c, pa.string()) for n, c in zip(names, cols, strict=True)})


class ParquetColumns:
    """The columns of a Parquet file, each read when it is asked for, so that a national
    file is never held whole: the importer converts one column before reading the next.

    It answers what the importer asks of a table: ``num_rows``, ``column_names`` and
    ``column(name)`` (one chunk per row group: ``read_table`` splits them into batches,
    and every batch of a dictionary column carries its row group's whole dictionary).
    """

    def __init__(self, path: Path, columns: list[str], dictionary: list[str]) -> None:
        # Imported here: only this file type needs it.
        import pyarrow.parquet as pq

        self._file = pq.ParquetFile(path, read_dictionary=dictionary)
        self.column_names = list(columns)
        self.num_rows = self._file.metadata.num_rows

    def column(self, name: str) -> pa.ChunkedArray:
        return self._file.read(columns=[name]).column(0)


def read_raw(source: Any, select: Any = None) -> tuple[Any, str, int, str]:
    """Read ``source`` as it is: ``(table, name, row offset, row unit)``.

    ``select(headers) -> (columns, dictionary_columns)`` lets Parquet files be read with
    only the columns used (columns whose values repeat dictionary-encoded, as Parquet
    stores them), each when it is needed (:class:`ParquetColumns`).
    """
    if isinstance(source, pa.Table):
        return source, "table", 1, "record"
    if hasattr(source, "to_arrow") and not isinstance(source, (str, Path)):
        return source.to_arrow(), "table", 1, "record"
    if hasattr(source, "columns") and hasattr(source, "iloc"):
        return pa.Table.from_pandas(source, preserve_index=False), "table", 1, "record"
    path = Path(source)
    if not path.exists():
        raise WorkforceInputError([InputProblem(str(path), None, "file not found")])
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path), path.name, 2, "row"
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path), path.name, 2, "row"
    if suffix in (".parquet", ".pq"):
        # Imported here: only this file type needs it.
        import pyarrow.parquet as pq

        if select is None:
            return pq.read_table(path), path.name, 1, "record"
        names = pq.read_schema(path).names
        columns, dictionary = select(names)
        if not columns:
            return pq.read_table(path), path.name, 1, "record"
        return ParquetColumns(path, columns, dictionary), path.name, 1, "record"
    raise WorkforceInputError(
        [InputProblem(path.name, None, f"unsupported file type {suffix!r} (CSV, XLSX, Parquet)")]
    )
