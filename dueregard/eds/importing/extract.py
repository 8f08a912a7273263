"""Read an uploaded report (.txt, .docx or text-based .pdf) into plain text.

Every failure a person can do something about raises :class:`ImportFileError` (a
``ValueError``) whose message says what is wrong and what to upload instead.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

__all__ = ["ImportFileError", "SUPPORTED_EXTENSIONS", "extract_candidates", "extract_text"]

#: The file types the importer reads, by extension (lower case, with the dot).
SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".docx", ".pdf")

_EXPORT_HINT = "Export the report as text or Word and upload that instead."
#: Fewer letters than this in a whole PDF means there is no usable text layer.
_MIN_PDF_LETTERS = 20
#: More than this share of control or replacement characters: a damaged text layer.
_MAX_CONTROL_SHARE = 0.005
#: The second PDF extractor (Debian's poppler-utils, installed by the project's set-up).
PDFTOTEXT = "pdftotext"
_PDFTOTEXT_SECONDS = 60
_PDF_HINT = (
    "Upload the report as Word (DOCX) or as a plain text copy instead "
    "(in the PDF viewer, select all the text and paste it into a .txt file)."
)


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


def extract_candidates(filename: str, content: bytes) -> list[str]:
    """The texts worth parsing: one for text and Word files; for a PDF, the first
    extractor's text when it is usable, and ``pdftotext``'s when that tool is installed.
    Raises :class:`ImportFileError` when no extractor gives usable text."""
    name = PurePath(filename or "").name or "the file"
    if PurePath(name).suffix.lower() != ".pdf":
        return [extract_text(filename, content)]
    texts: list[str] = []
    first_error: ImportFileError | None = None
    try:
        text = extract_text(filename, content)
    except ImportFileError as error:
        first_error = error
    else:
        if usable(text):
            texts.append(text)
    second = _pdftotext(content)
    if second is not None and usable(second):
        texts.append(second)
    if texts:
        return texts
    if first_error is not None and "password" in str(first_error):
        raise first_error
    raise ImportFileError(
        f"The text of {name} cannot be read reliably (it may be a scan, or its text layer "
        f"is damaged). {_PDF_HINT}"
    )


def usable(text: str) -> bool:
    """Enough letters, and few control or replacement characters (a damaged text layer
    comes out as "\x03\x11..." or "\ufffd")."""
    letters = sum(character.isalpha() for character in text)
    if letters < _MIN_PDF_LETTERS:
        return False
    bad = sum(
        1
        for character in text
        if character == "\ufffd" or (ord(character) < 32 and character not in "\n\t\r\f")
    )
    return bad <= _MAX_CONTROL_SHARE * len(text)


def _pdftotext(content: bytes) -> str | None:
    """The text ``pdftotext`` finds, or None when the tool is missing or fails."""
    import shutil
    import subprocess

    tool = shutil.which(PDFTOTEXT)
    if tool is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 (a fixed tool; the PDF comes on stdin)
            [tool, "-enc", "UTF-8", "-eol", "unix", "-", "-"],
            input=content,
            capture_output=True,
            timeout=_PDFTOTEXT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace").replace("\f", "\n\n")


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
