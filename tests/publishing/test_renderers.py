"""Every format says exactly what the page says."""

import csv
import io
import json

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader

from dueregard.publishing.document import (
    BulletList,
    Document,
    Heading,
    Paragraph,
    SummaryList,
    Table,
)
from dueregard.publishing.renderers import render


@pytest.fixture
def document():
    return Document(
        title="Equality Delivery System 2022 report",
        subtitle="Riverside University Hospitals NHS Trust, 2025 to 2026",
        metadata={"organisation": "Riverside University Hospitals NHS Trust"},
        blocks=(
            Heading("Domain 1: Commissioned or provided services"),
            Paragraph("Rated with patients, Healthwatch and community groups."),
            SummaryList((("Overall rating", "Developing (score 17)"),)),
            Table(
                caption="Domain 1 outcomes",
                columns=("Outcome", "Rating", "Owner"),
                rows=(
                    ("1A Access", "Achieving (2)", "Chief Nurse"),
                    ("1B Needs met", "Developing (1)", "Medical Director"),
                ),
                numeric=(),
            ),
            BulletList(("Extend interpreting to weekends", "Publish access data by ethnicity")),
        ),
    )


def _words(text: str) -> str:
    return " ".join(text.split())


def test_html_contains_every_line(document):
    html = render(document, "html").content.decode()
    for line in document.text_lines():
        assert line in html


def test_pdf_is_tagged_and_says_the_same(document):
    content = render(document, "pdf").content
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    text = _words(" ".join(page.extract_text() for page in reader.pages))
    for line in document.text_lines():
        assert _words(line) in text, line
    assert "/StructTreeRoot" in str(reader.trailer["/Root"].keys())


def test_docx_says_the_same_with_real_headings(document):
    word = WordDocument(io.BytesIO(render(document, "docx").content))
    text = " ".join(p.text for p in word.paragraphs)
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    for line in document.text_lines():
        assert line in text or line in cells, line
    assert word.paragraphs[0].style.name == "Heading 1"


def test_csv_and_json(document):
    rows = list(csv.reader(io.StringIO(render(document, "csv").content.decode("utf-8-sig"))))
    assert rows[0] == ["Domain 1 outcomes"]
    assert rows[2] == ["1A Access", "Achieving (2)", "Chief Nurse"]
    data = json.loads(render(document, "json").content)
    assert data["blocks"][3]["rows"][1][1] == "Developing (1)"


def test_large_print_is_at_least_18_point(document):
    html = render(document, "large-print").content.decode()
    assert "font-size: 18pt" in html


def test_right_to_left_documents(document):
    arabic = Document(title="تقرير", blocks=(Paragraph("نص"),), language="ar")
    assert 'dir="rtl"' in render(arabic, "html").content.decode()


def test_rows_that_do_not_fit_the_columns_are_refused():
    with pytest.raises(ValueError, match="row 1 has 2 cells; expected 3"):
        Table("T", ("a", "b", "c"), (("1", "2"),))


def test_unknown_format():
    with pytest.raises(ValueError, match="Unknown format 'rtf'"):
        render(Document("x", ()), "rtf")


def test_spreadsheet_cells_cannot_become_formulas():
    from dueregard.publishing.tabular import to_csv

    text = to_csv([("Name",), ('=HYPERLINK("http://x")',), ("+44 20",)]).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+44 20" in text
