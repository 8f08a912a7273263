"""Rows to spreadsheets: one iterator of rows, many formats (CSV, XLSX), and the one
formula-injection guard every export uses.

:func:`safe_cell` is the guard (OWASP "CSV injection"): text a spreadsheet would run as a
formula — starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — is
prefixed with an apostrophe, so it shows as typed and never runs. Numbers stay numbers:
an int or float (a negative z-score included) is returned as it is, and text that is a
plain decimal number (``-0.71``) is not prefixed, because it cannot run. In XLSX, numbers
and plain-decimal text are numeric cells.

Every spreadsheet or CSV the product writes goes through :func:`to_csv`, :func:`to_xlsx`
or, for writers of their own (the workforce pack's ``outputs``, the evidence exports),
:func:`safe_cell`, and make their workbooks with :func:`xlsx_workbook`. This module is pure
(standard library; XlsxWriter when writing XLSX), so the analytics library may use it too.
"""

from __future__ import annotations

import csv
import decimal
import io
import math
import numbers
import re
from collections.abc import Iterable
from typing import Any

__all__ = [
    "FORMATS",
    "FORMULA_STARTS",
    "safe_cell",
    "to_csv",
    "to_xlsx",
    "to_xlsx_sheets",
    "xlsx_cell",
    "xlsx_workbook",
]

#: First characters that make a spreadsheet treat a cell as a formula (or, for tab and
#: carriage return, that some spreadsheets strip before doing so).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: A plain decimal number as text: an optional minus, no leading zeros, up to 15
#: significant digits before and after the point (what a float keeps exactly).
_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9]\d{0,14})(?:\.\d{1,15})?")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet may hold it without running anything.

    ``None`` becomes ``""``; finite real numbers (not booleans) are returned as ``int``,
    ``float`` or ``Decimal``; everything else becomes text, prefixed with ``'`` when it
    starts like a formula and is not a plain decimal number.
    """
    if value is None:
        return ""
    if isinstance(value, decimal.Decimal):
        return value if value.is_finite() else str(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if isinstance(value, numbers.Integral):
            return int(value)
        as_float = float(value)
        return as_float if math.isfinite(as_float) else str(value)
    text = str(value)
    if text[:1] in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def xlsx_cell(value: Any) -> Any:
    """:func:`safe_cell` for an XLSX cell: plain-decimal text becomes a numeric cell."""
    safe = safe_cell(value)
    if isinstance(safe, str) and _PLAIN_NUMBER.fullmatch(safe):
        return float(safe) if "." in safe else int(safe)
    return safe


def to_csv(rows: Iterable[Iterable]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    # A byte-order mark so Excel opens UTF-8 (names, other scripts) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[Iterable], title: str = "Sheet1") -> bytes:
    return to_xlsx_sheets([(title, rows)])


def xlsx_workbook(target: Any) -> Any:
    """An XlsxWriter workbook writing to ``target`` (a path or a binary file): text stays
    text (never a formula, link or number: the writer would otherwise read ``=``, ``http``
    and digits into them), dates show as dates. Every workbook the product writes is made
    here."""
    # Imported here, not at the top: only XLSX downloads need it.
    import xlsxwriter

    return xlsxwriter.Workbook(
        target,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )


def to_xlsx_sheets(sheets: Iterable[tuple[str, Iterable[Iterable]]]) -> bytes:
    """One workbook, one sheet per ``(title, rows)``; the first row of each is its header."""
    out = io.BytesIO()
    book = xlsx_workbook(out)
    bold = book.add_format({"bold": True})
    used: set[str] = set()
    for title, rows in sheets:
        sheet = book.add_worksheet(_sheet_title(title, used))
        for i, row in enumerate(rows):
            sheet.write_row(i, 0, [xlsx_cell(c) for c in row], bold if i == 0 else None)
        sheet.freeze_panes(1, 0)
    if not book.worksheets():
        book.add_worksheet("Sheet1")
    book.close()
    return out.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "Sheet"
    name, n = base, 1
    while name.casefold() in used:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
    used.add(name.casefold())
    return name


FORMATS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
