"""Plain text in reading order: the source for audio (espeak-ng) and Braille (liblouis)."""

from ..document import BulletList, Document, Heading, LinkList, Paragraph, SummaryList, Table


def render(document: Document) -> bytes:
    lines = [document.title, ""]
    if document.subtitle:
        lines += [document.subtitle, ""]
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            lines += [block.text, ""]
        elif isinstance(block, BulletList):
            lines += [f"- {item}" for item in block.items] + [""]
        elif isinstance(block, LinkList):
            lines += [
                f"- {item.text}" + (f": {item.href}" if item.href else "") for item in block.items
            ] + [""]
        elif isinstance(block, SummaryList):
            lines += [f"{key}: {value}" for key, value in block.rows] + [""]
        elif isinstance(block, Table):
            lines.append(block.caption)
            for row in block.rows:
                lines.append(
                    "; ".join(
                        f"{col}: {cell}" for col, cell in zip(block.columns, row, strict=True)
                    )
                )
            lines.append("")
    return "\n".join(lines).encode("utf-8")
