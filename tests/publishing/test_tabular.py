"""The one spreadsheet formula-injection guard (publishing/tabular.py), and that every
spreadsheet or CSV writer in the product goes through it."""

from __future__ import annotations

import csv
import decimal
import io
import re
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from dueregard.publishing.tabular import safe_cell, to_csv, to_xlsx, xlsx_cell

ROOT = Path(__file__).resolve().parents[2] / "dueregard"


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x")',
        "+44 20 7946 0000",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "-",
        "--1",
        "-1e5",  # not a plain decimal: a spreadsheet may read it, so it is guarded
    ],
)
def test_text_that_could_run_is_prefixed(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-0.71, -0.71),  # a negative z-score stays a number
        (np.float64(-0.71), -0.71),
        (np.int64(-3), -3),
        (7, 7),
        (decimal.Decimal("-1.50"), decimal.Decimal("-1.50")),
        ("-0.71", "-0.71"),  # plain decimal text cannot run
        ("-12", "-12"),
        ("Riverside", "Riverside"),
        ("a=b", "a=b"),
        (None, ""),
        (True, "True"),
        (float("nan"), "nan"),
        (float("-inf"), "-inf"),
    ],
)
def test_numbers_stay_numbers_and_plain_text_is_untouched(value, expected):
    result = safe_cell(value)
    assert result == expected or (result != result and expected != expected)
    assert type(result) is type(expected)


def test_the_guard_is_idempotent():
    once = safe_cell("=1+1")
    assert safe_cell(once) == once == "'=1+1"


def test_csv_keeps_negative_numbers_and_guards_formulas():
    text = to_csv(
        [("Name", "z"), ('=HYPERLINK("x")', -0.71), ("\tTab", "-0.71"), ("\rCR", -2)]
    ).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ['\'=HYPERLINK("x")', "-0.71"]
    assert rows[2] == ["'\tTab", "-0.71"]
    assert rows[3] == ["'\rCR", "-2"]


def test_xlsx_numbers_are_numeric_cells_and_formulas_are_text():
    content = to_xlsx(
        [("Name", "Mean z-score", "Judges", "Phone"), ("=cmd()", "-0.71", 3, "07700 900123")],
        title="Scores",
    )
    sheet = load_workbook(io.BytesIO(content)).active
    name, z, judges, phone = (sheet.cell(row=2, column=c) for c in range(1, 5))
    assert (name.value, name.data_type) == ("'=cmd()", "s")
    assert (z.value, z.data_type) == (-0.71, "n")
    assert (judges.value, judges.data_type) == (3, "n")
    assert (phone.value, phone.data_type) == ("07700 900123", "s")  # not a plain number
    assert xlsx_cell("0012") == "0012"  # leading zeros keep an identifier as text


# Every module that writes CSV or a workbook, and how its cells reach the guard. A new
# writer must go through publishing.tabular (to_csv / to_xlsx / safe_cell) and be listed.
WRITERS = {
    "publishing/tabular.py": "defines the guard; to_csv and to_xlsx apply it to every cell",
    "analytics/workforce/outputs.py": "_defuse / _xlsx_value call safe_cell on every text cell",
    # Generators of synthetic *input* files (demo and tests), not exports.
    "evidence/services/synthetic.py": "input generator",
    "analytics/synth/workforce.py": "input generator",
}
# ``tabular.to_csv(`` is the guarded writer itself, not a writer of its own.
_WRITES = re.compile(
    r"csv\.writer\(|csv\.DictWriter\(|Workbook\(|xlsx_workbook\(|(?<!tabular)\.to_csv\(|\.to_excel\("
)


def test_every_spreadsheet_writer_is_known_and_guarded():
    found = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        if _WRITES.search(path.read_text(encoding="utf-8")):
            found.add(path.relative_to(ROOT).as_posix())
    assert found <= set(WRITERS), f"unguarded writers: {sorted(found - set(WRITERS))}"
    for module in ("analytics/workforce/outputs.py",):
        assert "safe_cell" in (ROOT / module).read_text(encoding="utf-8")


def test_every_export_module_uses_the_shared_writers():
    """Apps' exports hand rows to publishing.tabular; none keeps its own guard."""
    exports = sorted(ROOT.glob("*/services/exports.py"))
    assert exports, "no export modules found"
    for path in exports:
        source = path.read_text(encoding="utf-8")
        # Rows go to publishing.tabular, or a publishing Document goes to its renderers.
        assert "publishing.tabular import" in source or "publishing.renderers import" in source, (
            path
        )
        assert not re.search(r"""startswith\(\s*\(?\s*["']=""", source), path


def test_a_document_renders_to_xlsx_one_sheet_per_table_through_the_guard():
    from dueregard.publishing.document import Document, Paragraph, Table
    from dueregard.publishing.renderers import render

    document = Document(
        "Analysis",
        (
            Paragraph("Readings"),
            Table("By group: rates [per 1,000]", ("Group", "z"), (("=cmd()", -0.71),)),
            Table("By group: rates [per 1,000]", ("Group", "n"), (("White", "12"),)),
        ),
    )
    rendered = render(document, "xlsx")
    assert rendered.extension == "xlsx"
    book = load_workbook(io.BytesIO(rendered.content))
    assert book.sheetnames == ["By group  rates  per 1,000", "By group  rates  per 1,000 2"]
    first, second = book.worksheets
    assert list(first.values) == [("Group", "z"), ("'=cmd()", -0.71)]
    assert list(second.values)[1] == ("White", 12)
