"""Limits on every parse of an uploaded file, checked before and during parsing.

Pure (no Django): the caller passes ``Limits`` (``Limits.from_settings()`` in the app).
Every refusal raises :class:`LimitExceeded` whose message names the limit, the value found
and the setting that holds it, so a person knows what to change and an administrator what
to raise. The checks read the file's own structure and stop at the limit:

- zip packages (XLSX, DOCX): the members are decompressed in chunks and counted, so a
  member lying about its size cannot get past ``max_decompressed_bytes``;
- XLSX rows: ``<row`` elements are counted in the decompressed worksheets;
- Parquet: rows, columns and uncompressed size from the file's metadata, before reading;
- CSV: lines and header columns, before reading;
- text (an EDS report): its length in characters.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

_CHUNK = 1 << 20


class LimitExceeded(ValueError):
    """The file is over one of the upload limits; the message names it."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 1_000_000
    max_columns: int = 500
    max_decompressed_bytes: int = 200 * 1024 * 1024
    max_text_chars: int = 1_000_000
    max_zip_members: int = 2_000

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(
            max_bytes=settings.UPLOAD_MAX_BYTES,
            max_rows=settings.UPLOAD_MAX_ROWS,
            max_columns=settings.UPLOAD_MAX_COLUMNS,
            max_decompressed_bytes=settings.UPLOAD_MAX_DECOMPRESSED_BYTES,
            max_text_chars=settings.UPLOAD_MAX_TEXT_CHARS,
        )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.1f} MB"


def check_size(size: int, limits: Limits, name: str) -> None:
    if size > limits.max_bytes:
        raise LimitExceeded(
            f"{name} is {_mb(size)}; the limit on the size of a file is {_mb(limits.max_bytes)} "
            "(UPLOAD_MAX_BYTES). Remove what the analysis does not need, or split the file."
        )


def _too_many(what: str, found: str, limit: int, setting: str, name: str) -> LimitExceeded:
    return LimitExceeded(
        f"{name} has {found} {what}; the limit is {limit:,} {what} ({setting}). "
        f"Remove the {what} the analysis does not need, or split the file."
    )


def check_rows(rows: int, limits: Limits, name: str, *, at_least: bool = False) -> None:
    if rows > limits.max_rows:
        found = f"more than {limits.max_rows:,}" if at_least else f"{rows:,}"
        raise _too_many("rows", found, limits.max_rows, "UPLOAD_MAX_ROWS", name)


def check_columns(columns: int, limits: Limits, name: str) -> None:
    if columns > limits.max_columns:
        raise _too_many("columns", f"{columns:,}", limits.max_columns, "UPLOAD_MAX_COLUMNS", name)


def check_text(text: str, limits: Limits, name: str) -> None:
    if len(text) > limits.max_text_chars:
        raise LimitExceeded(
            f"The text of {name} is {len(text):,} characters long; the limit is "
            f"{limits.max_text_chars:,} characters (UPLOAD_MAX_TEXT_CHARS). A report is "
            "rarely longer than a tenth of that: check that this is the right file."
        )


def _decompressed_over(total: int, limits: Limits, name: str) -> LimitExceeded:
    return LimitExceeded(
        f"{name} unpacks to more than {_mb(total)}; the limit on the unpacked size of a "
        f"file is {_mb(limits.max_decompressed_bytes)} (UPLOAD_MAX_DECOMPRESSED_BYTES). "
        "A file this small that unpacks this far is not an ordinary spreadsheet or document."
    )


def scan_zip(content: bytes, limits: Limits, name: str, on_chunk=None) -> int:
    """Decompress every member in chunks (nothing kept), refusing past the limits; returns
    the total unpacked size. ``on_chunk(member, chunk)`` sees each chunk (row counting)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return 0  # not a zip package: the reader says so in its own words
    members = package.infolist()
    if len(members) > limits.max_zip_members:
        raise LimitExceeded(
            f"{name} holds {len(members):,} parts; an ordinary file holds far fewer than "
            f"{limits.max_zip_members:,}."
        )
    declared = sum(member.file_size for member in members)
    if declared > limits.max_decompressed_bytes:
        raise _decompressed_over(declared, limits, name)
    total = 0
    for member in members:
        try:
            with package.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    total += len(chunk)
                    if total > limits.max_decompressed_bytes:
                        raise _decompressed_over(total, limits, name)
                    if on_chunk is not None:
                        on_chunk(member.filename, chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
            return total  # damaged or encrypted: the reader refuses it with its own message
    return total


def _xlsx_rows(content: bytes, limits: Limits, name: str) -> None:
    counts: dict[str, int] = {}
    tail: dict[str, bytes] = {}

    def count(member: str, chunk: bytes) -> None:
        if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
            return
        joined = tail.get(member, b"") + chunk
        # "<row " or "<row>" (and a prefixed "<x:row "), counted once across chunk edges.
        found = joined.count(b"<row ") + joined.count(b"<row>") + joined.count(b":row ")
        edge = tail.get(member, b"")
        found -= edge.count(b"<row ") + edge.count(b"<row>") + edge.count(b":row ")
        counts[member] = counts.get(member, 0) + found
        tail[member] = chunk[-8:]
        if counts[member] - 1 > limits.max_rows:  # the first row is the header
            check_rows(counts[member] - 1, limits, name, at_least=True)

    scan_zip(content, limits, name, on_chunk=count)


def _csv_shape(content: bytes, limits: Limits, name: str) -> None:
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
    check_rows(lines - 1, limits, name)
    first = content[: content.find(b"\n")] if b"\n" in content else content
    try:
        header = next(csv.reader([first.decode("utf-8-sig", errors="replace")]), [])
    except csv.Error:
        return
    check_columns(len(header), limits, name)


def _parquet_shape(content: bytes, limits: Limits, name: str) -> None:
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(io.BytesIO(content)).metadata
    except Exception:  # damaged: the reader refuses it with its own message
        return
    check_columns(metadata.num_columns, limits, name)
    check_rows(metadata.num_rows, limits, name)
    unpacked = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    if unpacked > limits.max_decompressed_bytes:
        raise _decompressed_over(unpacked, limits, name)


def check_table(content: bytes, filename: str, limits: Limits) -> None:
    """Before reading a table (CSV, XLSX, Parquet): size, rows, columns, unpacked size."""
    name = PurePath(filename or "").name or "the file"
    check_size(len(content), limits, name)
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        _csv_shape(content, limits, name)
    elif suffix == ".xlsx":
        _xlsx_rows(content, limits, name)
    elif suffix == ".parquet":
        _parquet_shape(content, limits, name)


def check_shape(rows: int, columns: int, limits: Limits, filename: str) -> None:
    """After reading a table: the rows and columns the reader found."""
    name = PurePath(filename or "").name or "the file"
    check_columns(columns, limits, name)
    check_rows(rows, limits, name)


def check_document(content: bytes, filename: str, limits: Limits) -> None:
    """Before reading a document (DOCX, PDF, text): size, and unpacked size of a package."""
    name = PurePath(filename or "").name or "the file"
    check_size(len(content), limits, name)
    if PurePath(name).suffix.lower() == ".docx":
        scan_zip(content, limits, name)
