"""Downloads of an analysis: one ``Document`` (the readings and tables as viewed), in CSV,
JSON or XLSX. The download is rendered first and audited only once it exists, so the
audit trail never records an export that did not happen."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dueregard.publishing.document import Document, Paragraph, SummaryList, Table
from dueregard.publishing.renderers import render
from dueregard.publishing.tabular import safe_cell

from .. import presenters
from . import access

FORMATS = ("csv", "json", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Download:
    content: bytes
    media_type: str
    filename: str


def document(analysis, view: dict) -> Document:
    """The analysis as viewed (disclosure-controlled unless the viewer is the analyst)."""
    if view.get("type") == "pack":
        tables = [
            Table(
                t["caption"][:200],
                tuple(t["head"]),
                tuple(tuple(presenters.defuse(c) for c in r) for r in t["rows"]),
                numeric=tuple(t["numeric"]),
            )
            for t in presenters.pack_tables(view)
        ]
    else:
        table = presenters.table(view)
        rows = tuple(tuple(presenters.defuse(c) for c in r) for r in table["rows"])
        tables = [Table(analysis.title[:200], tuple(table["head"]), rows)]
        ratios = presenters.ratio_table(view)
        if ratios:
            tables.append(
                Table(
                    _("Relative likelihoods"),
                    tuple(ratios["head"]),
                    tuple(tuple(presenters.defuse(c) for c in r) for r in ratios["rows"]),
                )
            )
    computed = date_format(analysis.computed_at, "j F Y, H:i") if analysis.computed_at else ""
    return Document(
        title=analysis.title,
        subtitle=str(analysis.organisation or analysis.system),
        blocks=(
            SummaryList(
                (
                    (_("Computed"), computed),
                    (_("Input checksum (SHA-256)"), analysis.input_checksum),
                    (_("Engine"), analysis.engine_version),
                    (
                        _("Disclosure control"),
                        _("Applied") if view["controlled"] else _("Not applied (analyst)"),
                    ),
                )
            ),
            Paragraph(" ".join(presenters.readings(view))),
            *tables,
        ),
    )


def to_xlsx(doc: Document) -> bytes:
    """One sheet of details and readings, then one sheet per table (formula-safe)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    sheet.append([safe_cell(doc.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    for block in doc.blocks:
        if isinstance(block, SummaryList):
            for key, value in block.rows:
                sheet.append([safe_cell(key), safe_cell(value)])
        elif isinstance(block, Paragraph):
            sheet.append([safe_cell(block.text)])
    used = {sheet.title}
    for i, table in enumerate(doc.tables, start=1):
        name = f"{i} {table.caption}"[:31].translate(str.maketrans("[]:*?/\\", "(). ---"))
        while name in used:  # pragma: no cover - the number prefix keeps names apart
            name = name[:29] + "_"
        used.add(name)
        ws = book.create_sheet(name)
        ws.append([safe_cell(table.caption)])
        ws["A1"].font = Font(bold=True)
        ws.append([safe_cell(c) for c in table.columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append([safe_cell(c) for c in row])
        ws.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(analysis, view: dict, actor, *, fmt: str, request=None) -> Download:
    """Render the download, then audit it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    doc = document(analysis, view)
    stem = slugify(analysis.title)[:80] or "analysis"
    if fmt == "xlsx":
        download = Download(to_xlsx(doc), XLSX, f"{stem}.xlsx")
    else:
        rendered = render(doc, fmt)
        download = Download(rendered.content, rendered.media_type, f"{stem}.{rendered.extension}")
    access.exported(analysis, actor, fmt=fmt, controlled=view["controlled"], request=request)
    return download
