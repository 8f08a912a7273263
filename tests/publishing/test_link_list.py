"""The link block: evidence titles link to their documents in HTML, PDF and DOCX; formats
that cannot link give the address after the text; unsafe addresses never become links."""

import io

from docx import Document as WordDocument
from pypdf import PdfReader

from dueregard.publishing.document import Document, Link, LinkList, Paragraph
from dueregard.publishing.renderers import render

REPORT = "https://www.example.nhs.uk/equality/access-audit.pdf"


def _document() -> Document:
    return Document(
        title="EDS report",
        blocks=(
            Paragraph("Evidence:"),
            LinkList(
                (
                    Link("Access audit 2025", REPORT),
                    Link("Staff survey (not published)"),
                    Link("Dangerous", "javascript:alert(1)"),
                )
            ),
        ),
    )


def test_only_web_addresses_and_site_paths_link():
    assert Link("a", REPORT).href == REPORT
    assert Link("a", "/eds/published/x/").href == "/eds/published/x/"
    for bad in ("javascript:alert(1)", "//evil.example/x", "data:text/html,x", ""):
        assert Link("a", bad).href == ""


def test_html_links_the_title():
    html = render(_document(), "html").content.decode()
    assert f'<a href="{REPORT}">Access audit 2025</a>' in html
    assert "Staff survey (not published)" in html
    assert "javascript:" not in html


def test_pdf_has_a_link_annotation():
    reader = PdfReader(io.BytesIO(render(_document(), "pdf").content))
    uris = [
        a.get_object()["/A"].get("/URI")
        for page in reader.pages
        for a in page.get("/Annots") or []
        if a.get_object().get("/A")
    ]
    assert REPORT in uris
    assert "Access audit 2025" in reader.pages[0].extract_text()


def test_docx_has_a_real_hyperlink():
    word = WordDocument(io.BytesIO(render(_document(), "docx").content))
    targets = [r.target_ref for r in word.part.rels.values() if r.is_external]
    assert targets == [REPORT]
    text = " ".join(p.text for p in word.paragraphs)
    assert "Access audit 2025" in text and "Dangerous" in text


def test_text_and_json_keep_the_address():
    from dueregard.publishing.renderers import text as plain

    text = plain.render(_document()).decode()
    assert f"- Access audit 2025: {REPORT}" in text
    assert "- Dangerous\n" in text
    data = render(_document(), "json").content.decode()
    assert REPORT in data
