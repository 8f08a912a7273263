"""Word (DOCX) with real headings and table header rows, so screen readers can navigate."""

import io

from docx import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from ..document import (
    BulletList,
    Document,
    Heading,
    Link,
    LinkList,
    Paragraph,
    SummaryList,
    Table,
)


def _repeat_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    props.append(marker)


def _set_language(word, language: str) -> None:
    """The styles' default language (python-docx's template says en-US): spell checkers
    and screen readers use it, so it must match the document."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    if language.split("-")[0].lower() in {"ar", "ur", "he", "fa"}:
        lang.set(qn("w:bidi"), language)


def _add_link(word, item: Link, base_url: str) -> None:
    """A bulleted paragraph whose text is a real hyperlink (underlined, NHS blue)."""
    para = word.add_paragraph(style="List Bullet")
    href = item.href
    if href.startswith("/"):
        href = base_url + href if base_url else ""
    if not href:
        para.add_run(item.text)
        return
    rel = para.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = para.add_run(item.text)
    run.font.underline = True
    run.font.color.rgb = RGBColor(0x00, 0x5E, 0xB8)
    link.append(run._r)
    para._p.append(link)


def _add_table(word, block: Table) -> None:
    word.add_paragraph(block.caption, style="Caption")
    table = word.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(table.rows[0])
    for row in block.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _add_block(word, block, base_url: str) -> None:
    if isinstance(block, Heading):
        word.add_heading(block.text, level=block.level)
    elif isinstance(block, Paragraph):
        word.add_paragraph(block.text)
    elif isinstance(block, BulletList):
        for item in block.items:
            word.add_paragraph(item, style="List Bullet")
    elif isinstance(block, LinkList):
        for item in block.items:
            _add_link(word, item, base_url)
    elif isinstance(block, SummaryList):
        for key, value in block.rows:
            para = word.add_paragraph()
            para.add_run(f"{key}: ").bold = True
            para.add_run(value)
    elif isinstance(block, Table):
        _add_table(word, block)


def render(document: Document) -> bytes:
    word = WordDocument()
    word.core_properties.title = document.title
    word.core_properties.language = document.language
    _set_language(word, document.language)
    word.core_properties.author = document.metadata.get("organisation", "dueregard")
    word.add_heading(document.title, level=1)
    if document.subtitle:
        word.add_paragraph(document.subtitle)
    for block in document.blocks:
        _add_block(word, block, document.metadata.get("site_url", ""))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
