"""Data formats: every table as CSV rows (with its caption), the whole document as JSON."""

import csv
import io
import json

from ..document import Document


def render_csv(document: Document) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for table in document.tables:
        writer.writerow([table.caption])
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        writer.writerow([])
    # A byte-order mark so Excel opens UTF-8 (names, other scripts) correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def render_json(document: Document) -> bytes:
    return json.dumps(document.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")
