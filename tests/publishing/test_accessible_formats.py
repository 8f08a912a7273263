"""Large print, Braille, audio and the PDF/UA and DOCX details, from one Document."""

import io
import re
import shutil
import subprocess
import zipfile

import pypdf
import pytest
from docx import Document as WordDocument

from dueregard.publishing import formats
from dueregard.publishing.document import BulletList, Document, Heading, Paragraph, Table
from dueregard.publishing.renderers import audio, braille, render
from dueregard.publishing.renderers.linear import sections

needs_louis = pytest.mark.skipif(not shutil.which("lou_translate"), reason="liblouis-bin")
needs_speech = pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("opusenc")), reason="espeak-ng, opus-tools"
)

PHRASE = "Equality Delivery System report 2025"


def _document(rows=3, language="en-GB"):
    return Document(
        PHRASE,
        (
            Paragraph("We looked at three services."),
            Heading("Domain 1"),
            BulletList(("Maternity", "Stroke")),
            Table(
                "Grades by outcome",
                ("Outcome", "Grade"),
                tuple((f"Outcome {i}", str(i % 3)) for i in range(rows)),
            ),
            Heading("Action plan"),
            Paragraph("We will publish the next report in February."),
        ),
        subtitle="Riverside University Hospitals NHS Trust",
        language=language,
    )


@needs_louis
def test_braille_matches_liblouis_own_output_for_a_known_phrase():
    own = (
        subprocess.run(
            ["lou_translate", "--forward", "en-us-brf.dis,en-ueb-g2.ctb"],
            input=PHRASE.encode() + b"\n",
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    assert own == ",EQUAL;Y ,DELIV]Y ,SY/EM REPORT #BJBE"  # UEB grade 2, braille ASCII
    brf = render(_document(), "brf").content.decode("ascii")
    assert brf.startswith(own + "\r\n")


@needs_louis
def test_braille_is_laid_out_as_brf_pages():
    brf = render(_document(rows=40), "brf").content.decode("ascii")
    pages = brf.split("\f")
    assert len(pages) >= 2
    for page in pages:
        lines = page.split("\r\n")[:-1]
        assert len(lines) <= braille.LINES_PER_PAGE
        assert all(len(line) <= braille.CELLS_PER_LINE for line in lines)
    # Only braille ASCII characters (0x20-0x5F) besides the line and page breaks.
    assert re.fullmatch(r"[\x20-\x5f\r\n\f]*", brf)
    assert ",GRADES BY \\TCOME4 ,TABLE ) #DJ R[S4" in brf  # the caption leads its rows


def test_braille_is_not_offered_for_a_language_without_a_braille_code():
    assert not formats.offered(_document(language="cy"), "brf")


@needs_speech
def test_audio_has_one_playable_file_per_section():
    document = _document()
    archive = zipfile.ZipFile(io.BytesIO(render(document, "audio").content))
    names = [n for n in archive.namelist() if n.endswith(".opus")]
    assert len(names) == len(sections(document)) == 3
    for name in names:
        assert audio.opus_duration_seconds(archive.read(name)) > 0.5
    assert "Action plan" in archive.read("playlist.m3u").decode()


def test_audio_languages_are_honest():
    assert audio.voice_for("so") is None  # espeak-ng has no Somali voice
    if shutil.which("espeak-ng"):
        assert audio.voice_for("en-GB") == "en-gb" and audio.voice_for("cy") == "cy"
    assert not formats.offered(_document(language="so"), "audio")


def test_large_print_is_offered_and_at_least_18_point():
    codes = [f.code for f in formats.available(_document())]
    assert "large-print" in codes and "large-print-pdf" in codes
    html = render(_document(), "large-print").content.decode()
    assert "font-size: 18pt" in html or "font-size: 18.0pt" in html


def _struct(pdf: bytes) -> list:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    out = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict) and "/S" in node:
            out.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return out


def test_pdf_table_headers_have_scope_and_a_long_table_stays_one_table():
    pdf = render(_document(rows=120), "pdf").content
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) >= 3
    elements = _struct(pdf)
    assert [e["/S"] for e in elements].count("/Table") == 1
    headers = [e for e in elements if e["/S"] == "/TH"]
    assert len(headers) == 2 + 120
    scopes = [e["/A"]["/Scope"] for e in headers]
    assert scopes.count("/Column") == 2 and scopes.count("/Row") == 120
    assert pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "en-GB"


def test_docx_style_language_matches_the_document():
    word = WordDocument(io.BytesIO(render(_document(), "docx").content))
    xml = word.styles.element.xml
    assert 'w:val="en-GB"' in xml and 'w:val="en-US"' not in xml
