"""Upload limits: every kind of bomb, generated here, is refused quickly with a message that
names the limit (issue 23)."""

from __future__ import annotations

import io
import time
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dueregard.background.limits import (
    LimitExceeded,
    Limits,
    check_document,
    check_shape,
    check_table,
    check_text,
    scan_zip,
)

SMALL = Limits(
    max_bytes=1_000_000,
    max_rows=1_000,
    max_columns=20,
    max_decompressed_bytes=5_000_000,
    max_text_chars=10_000,
)


def parquet_row_bomb(rows: int) -> bytes:
    """A tiny Parquet file of many identical rows (dictionary and run-length encoded)."""
    table = pa.table({"ethnicity": pa.array(["A"] * rows), "n": pa.array([1] * rows)})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def xlsx_row_bomb(rows: int) -> bytes:
    """A valid-looking XLSX whose sheet holds many rows (compresses to almost nothing)."""
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>'
        + b'<row r="1"><c t="inlineStr"><is><t>a</t></is></c></row>' * rows
        + b"</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def docx_bomb(megabytes: int, *, lie: bool = False) -> bytes:
    """A DOCX whose document.xml unpacks to ``megabytes`` MB; with ``lie`` its header
    claims a tiny size, so only decompressing tells."""
    body = b"<w:p><w:r><w:t>" + b"1.1 Services are commissioned " * 50 + b"</w:t></w:r></w:p>"
    document = body * (megabytes * 1024 * 1024 // len(body))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", document)
    content = buffer.getvalue()
    if lie:  # patch the declared sizes in the local and central headers to 1 KB
        size = len(document).to_bytes(4, "little")
        content = content.replace(size, (1024).to_bytes(4, "little"))
    return content


def refused(call, *args) -> str:
    start = time.perf_counter()
    with pytest.raises(LimitExceeded) as caught:
        call(*args)
    assert time.perf_counter() - start < 1.0
    return str(caught.value)


def test_parquet_row_bomb_refused_from_its_metadata():
    content = parquet_row_bomb(200_000)
    assert len(content) < 20_000
    message = refused(check_table, content, "bomb.parquet", SMALL)
    assert "200,000 rows" in message and "UPLOAD_MAX_ROWS" in message


def test_xlsx_row_bomb_refused_while_counting_rows():
    content = xlsx_row_bomb(50_000)
    assert len(content) < 50_000
    message = refused(check_table, content, "bomb.xlsx", SMALL)
    assert "more than 1,000 rows" in message and "UPLOAD_MAX_ROWS" in message


def test_zip_bomb_refused_by_declared_and_by_actual_unpacked_size():
    honest = docx_bomb(20)
    assert "UPLOAD_MAX_DECOMPRESSED_BYTES" in refused(check_document, honest, "r.docx", SMALL)
    # A header that lies about the size: the zip reader stops at the declared size (and
    # the readers then refuse the damaged member), so nothing unpacks past it.
    liar = docx_bomb(20, lie=True)
    assert zipfile.ZipFile(io.BytesIO(liar)).infolist()[1].file_size == 1024
    start = time.perf_counter()
    assert scan_zip(liar, SMALL, "r.docx") <= 1024 + 100
    assert time.perf_counter() - start < 1.0


def test_csv_rows_columns_size_and_text_length():
    rows = b"a,b\n" + b"1,2\n" * 5_000
    assert "5,000 rows" in refused(check_table, rows, "x.csv", SMALL)
    wide = ",".join(f"c{i}" for i in range(50)).encode() + b"\n1\n"
    assert "50 columns" in refused(check_table, wide, "x.csv", SMALL)
    assert "UPLOAD_MAX_BYTES" in refused(check_table, b"a\n" + b"1" * 2_000_000, "x.csv", SMALL)
    assert "UPLOAD_MAX_TEXT_CHARS" in refused(check_text, "x" * 10_001, SMALL, "r.txt")
    assert "UPLOAD_MAX_COLUMNS" in refused(check_shape, 10, 21, SMALL, "x.xlsx")


def test_ordinary_files_pass():
    check_table(b"a,b\n" + b"1,2\n" * 999, "x.csv", SMALL)
    check_table(parquet_row_bomb(1_000), "x.parquet", SMALL)
    check_table(xlsx_row_bomb(1_000), "x.xlsx", SMALL)  # 1,000 data rows after the header
    check_document(docx_bomb(1), "r.docx", SMALL)
    check_text("x" * 10_000, SMALL, "r.txt")
