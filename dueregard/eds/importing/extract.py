"""Read an uploaded report (.txt, .docx or text-based .pdf) into plain text.

Every failure a person can do something about raises :class:`ImportFileError` (a
``ValueError``) whose message says what is wrong and what to upload instead.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

__all__ = ["ImportFileError", "SUPPORTED_EXTENSIONS", "extract_text"]

#: The file types the importer reads, by extension (lower case, with the dot).
SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".docx", ".pdf")

_EXPORT_HINT = "Export the report as text or Word and upload that instead."
#: Fewer letters than this in a whole PDF means there is no usable text layer.
_MIN_PDF_LETTERS = 20


class ImportFileError(ValueError):
    """The uploaded file cannot be read as a report; the message says what to do."""


def extract_text(filename: str, content: bytes) -> str:
    """The text of an uploaded report, by the extension of ``filename``.

    - ``.txt``: UTF-8 (a byte-order mark is dropped), else Windows-1252;
    - ``.docx``: paragraphs and table cells in document order; the cells of a table row
      are joined by a tab, one row per line (as a PDF-to-text conversion lays them out);
    - ``.pdf``: the text layer of every page, pages separated by a blank line.

    Line endings become ``\\n``. Raises :class:`ImportFileError` for an empty, damaged or
    unsupported file and for a PDF without a text layer (a scan).
    """
    name = PurePath(filename or "").name or "the file"
    extension = PurePath(name).suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        hint = {
            ".doc": " Open it in Word and save it as a .docx file, then upload that.",
            ".rtf": " Open it in Word and save it as a .docx file, then upload that.",
            ".odt": " Save it as a Word (.docx) file, then upload that.",
        }.get(extension, "")
        shown = f"'{extension}'" if extension else "no extension"
        raise ImportFileError(
            f"{name} has {shown}: the importer reads only plain text (.txt), Word (.docx) "
            f"and PDF (.pdf) files.{hint}"
        )
    if not content:
        raise ImportFileError(f"{name} is empty. Upload the file that holds the report.")
    if extension == ".txt":
        text = _text(name, content)
    elif extension == ".docx":
        text = _docx(name, content)
    else:
        text = _pdf(name, content)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportFileError(f"{name} holds no text. Upload the file that holds the report.")
    return text


def _text(name: str, content: bytes) -> str:
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(f"{name} is not a text file (it holds binary data). {_EXPORT_HINT}")
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        if encoding == "utf-16" and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        f"{name} is not readable text (it is neither UTF-8 nor Windows-1252). Save it as "
        "UTF-8 text and upload it again."
    )


def _docx(name: str, content: bytes) -> str:
    damaged = ImportFileError(
        f"{name} could not be opened as a Word document (it may be damaged, or not really "
        "a .docx file). Open it in Word, save it as .docx again, or export it as PDF or text."
    )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise damaged
    try:
        from docx import Document

        document = Document(io.BytesIO(content))
        lines = list(_docx_blocks(document.element.body, document))
    except ImportFileError:
        raise
    except Exception as error:  # python-docx raises many kinds for a damaged package
        raise damaged from error
    return "\n".join(lines)


def _docx_blocks(parent, document):
    """Lines of a body or cell element: paragraphs, then table rows, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document).text
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells = []
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats
                        continue
                    seen.add(id(cell._tc))
                    text = "\n".join(_docx_blocks(cell._tc, document)).strip()
                    if text:
                        cells.append(text)
                if cells:
                    yield "\t".join(cells)
            yield ""
        elif tag == "sdt":  # content controls wrap paragraphs and tables
            content = child.find(child.tag.replace("sdt", "sdtContent"))
            if content is not None:
                yield from _docx_blocks(content, document)


def _pdf(name: str, content: bytes) -> str:
    damaged = ImportFileError(
        f"{name} could not be read as a PDF (it may be damaged, or not really a PDF). "
        f"{_EXPORT_HINT}"
    )
    if b"%PDF" not in content[:1024]:
        raise damaged
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportFileError(
                f"{name} is protected by a password. Save an unprotected copy, or export "
                "the report as text or Word, and upload that instead."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ImportFileError:
        raise
    except Exception as error:  # pypdf raises many kinds for a damaged file
        raise damaged from error
    text = "\n\n".join(page.strip("\n") for page in pages)
    if sum(character.isalpha() for character in text) < _MIN_PDF_LETTERS:
        raise ImportFileError(f"This PDF has no text layer (it may be a scan). {_EXPORT_HINT}")
    return text
