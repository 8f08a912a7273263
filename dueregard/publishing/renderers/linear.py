"""A Document as plain lines in reading order, for formats that cannot show structure
visually (Braille, speech): headings stand alone, list items are marked, and each table row
is read as "column: value" pairs after its caption."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import BulletList, Document, Heading, LinkList, Paragraph, SummaryList, Table


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)


def table_lines(table: Table) -> list[str]:
    lines = [f"{table.caption}. Table with {len(table.rows)} rows."]
    for row in table.rows:
        first, *rest = row
        pairs = "; ".join(
            f"{col}: {cell}" for col, cell in zip(table.columns[1:], rest, strict=True)
        )
        lines.append(f"{first}. {pairs}." if pairs else f"{first}.")
    return lines


def block_lines(block) -> list[str]:
    if isinstance(block, Heading | Paragraph):
        return [block.text]
    if isinstance(block, BulletList):
        return [f"• {item}" for item in block.items]
    if isinstance(block, LinkList):
        return [f"• {i.text}" + (f": {i.href}" if i.href else "") for i in block.items]
    if isinstance(block, SummaryList):
        return [f"{key}: {value}" for key, value in block.rows]
    if isinstance(block, Table):
        return table_lines(block)
    raise TypeError(f"Unknown block {block!r}")


def sections(document: Document) -> list[Section]:
    """The document split at its level-2 headings; the title and anything before the first
    heading make the first section."""
    intro = Section(
        document.title, [document.title] + ([document.subtitle] if document.subtitle else [])
    )
    result = [intro]
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 2:
            result.append(Section(block.text, [block.text]))
        else:
            result[-1].lines.extend(block_lines(block))
    return [s for s in result if s.lines]
