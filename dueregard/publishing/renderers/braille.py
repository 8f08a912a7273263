"""Braille Ready Format (BRF): Unified English Braille grade 2, produced by liblouis.

liblouis (Debian ``liblouis-bin``) translates the linearised text with its own UEB grade 2
table and North American braille ASCII display table; this module only lays the result out
as BRF pages: 40 cells a line, 25 lines a page, CR LF line ends and a form feed between
pages, headings with a blank line before them, and long lines run over at cell 3.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap

from ..document import Document, Heading
from .linear import block_lines

TABLES = "en-us-brf.dis,en-ueb-g2.ctb"
CELLS_PER_LINE = 40
LINES_PER_PAGE = 25
LANGUAGES = ("en",)  # UEB is for English; other languages need their own braille code


class BrailleUnavailable(RuntimeError):
    pass


def translate(lines: list[str]) -> list[str]:
    """Each line translated by ``lou_translate --forward`` (one output line per input line)."""
    program = shutil.which("lou_translate")
    if program is None:
        raise BrailleUnavailable("lou_translate is missing: install Debian's liblouis-bin.")
    text = "\n".join(line.replace("\n", " ") for line in lines) + "\n"
    # Fixed arguments; the text goes in on stdin, never on the command line.
    done = subprocess.run(  # noqa: S603
        [program, "--forward", TABLES],
        input=text.encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise BrailleUnavailable(f"liblouis failed: {done.stderr.decode(errors='replace')[:300]}")
    out = done.stdout.decode("ascii", errors="replace").split("\n")
    return out[: len(lines)]


def _source_lines(document: Document) -> list[str]:
    lines = [document.title] + ([document.subtitle] if document.subtitle else []) + [""]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines.extend(["", block.text])
        else:
            lines.extend(block_lines(block))
    return lines


def _wrap(line: str) -> list[str]:
    if not line:
        return [""]
    return textwrap.wrap(
        line, width=CELLS_PER_LINE, subsequent_indent="  ", break_on_hyphens=False
    ) or [""]


def render(document: Document) -> bytes:
    if document.language.split("-")[0].lower() not in LANGUAGES:
        raise BrailleUnavailable(f"No braille code is set up for {document.language}.")
    braille = translate(_source_lines(document))
    lines = [part for line in braille for part in _wrap(line.rstrip())]
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    return "\f".join("\r\n".join(page) + "\r\n" for page in pages).encode("ascii")
