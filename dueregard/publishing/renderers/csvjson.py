"""Data formats: every table as CSV rows (with its caption) or as an XLSX sheet, the whole
document as JSON."""

import json

from ..document import Document
from ..tabular import to_csv, to_xlsx_sheets


def render_csv(document: Document) -> bytes:
    def rows():
        for table in document.tables:
            yield [table.caption]
            yield table.columns
            yield from table.rows
            yield []

    return to_csv(rows())


def render_xlsx(document: Document) -> bytes:
    """One sheet per table (named by its caption), through the formula guard."""
    return to_xlsx_sheets(
        (table.caption, [table.columns, *table.rows]) for table in document.tables
    )


def render_json(document: Document) -> bytes:
    return json.dumps(document.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")
