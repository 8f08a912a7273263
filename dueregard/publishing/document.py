"""The structured document every report is built as, before any format exists.

Blocks are plain dataclasses; renderers (``renderers/``) turn a ``Document`` into HTML,
PDF, DOCX, CSV, JSON and plain text, so every format says exactly the same thing.
Numbers must already be disclosure-controlled and formatted as text when they get here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 2..4; the document title is the only level 1
    kind: Literal["heading"] = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    kind: Literal["bullets"] = "bullets"


@dataclass(frozen=True)
class Link:
    """A list item that may link somewhere (``url`` empty: plain text)."""

    text: str
    url: str = ""

    @property
    def href(self) -> str:
        """The address when it is safe to follow (web addresses and site paths only)."""
        url = self.url.strip()
        if url.startswith(("https://", "http://")) or (url.startswith("/") and url[1:2] != "/"):
            return url
        return ""


@dataclass(frozen=True)
class LinkList:
    """A bulleted list whose items link (evidence titles to their documents). Formats that
    cannot link (text, Braille, speech) give the address after the text."""

    items: tuple[Link, ...]
    kind: Literal["links"] = "links"


@dataclass(frozen=True)
class SummaryList:
    """Key–value rows (NHS.UK summary list)."""

    rows: tuple[tuple[str, str], ...]
    kind: Literal["summary"] = "summary"


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # indexes of right-aligned numeric columns
    kind: Literal["table"] = "table"

    def __post_init__(self):
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"Table {self.caption!r} row {i + 1} has {len(row)} cells; "
                    f"expected {len(self.columns)} ({', '.join(self.columns)})."
                )


Block = Heading | Paragraph | BulletList | LinkList | SummaryList | Table


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    subtitle: str = ""
    language: str = "en-GB"
    metadata: dict = field(default_factory=dict)  # e.g. organisation, published date

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "language": self.language,
            "metadata": dict(self.metadata),
            "blocks": [asdict(b) for b in self.blocks],
        }

    def text_lines(self) -> list[str]:
        """Every piece of text in reading order: what any format must contain."""
        lines = [self.title] + ([self.subtitle] if self.subtitle else [])
        for b in self.blocks:
            if isinstance(b, Heading | Paragraph):
                lines.append(b.text)
            elif isinstance(b, BulletList):
                lines.extend(b.items)
            elif isinstance(b, LinkList):
                lines.extend(item.text for item in b.items)
            elif isinstance(b, SummaryList):
                for key, value in b.rows:
                    lines.extend([key, value])
            elif isinstance(b, Table):
                lines.append(b.caption)
                lines.extend(b.columns)
                for row in b.rows:
                    lines.extend(row)
        return [line for line in lines if line]
