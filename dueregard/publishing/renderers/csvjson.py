"""Data formats: every table as CSV rows (with its caption), the whole document as JSON."""

import json

from ..document import Document
from ..tabular import to_csv


def render_csv(document: Document) -> bytes:
    def rows():
        for table in document.tables:
            yield [table.caption]
            yield table.columns
            yield from table.rows
            yield []

    return to_csv(rows())


def render_json(document: Document) -> bytes:
    return json.dumps(document.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")
