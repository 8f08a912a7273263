"""The importer of published EDS reports: extraction, parsing, checks, concluded grades.

Pure Python: no database. The seed report is read from ../shared (skipped if absent).
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from dueregard.eds.importing.parser import (
    ImportFileError,
    ParsedReport,
    Problem,
    check_report,
    extract_text,
    parse_report,
)
from dueregard.frameworks.definitions import load_eds

SEED = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "seeds"
    / "eds-2012-report-leicestershire-partnership.txt"
)

EDS_2011 = load_eds("eds-2011")
EDS_2022 = load_eds("eds-2022")

# The grades the seed records in its "EDS grade" boxes, read from the report by hand.
# Decisions where the report is ambiguous:
# - 1.1: the grade box says ACHIEVING but the concluding paragraph says "should be graded
#   as 'developing'". The recorded grade is the grade box; the conflict is a Problem.
# - 2.1 and 2.3: the PDF split the box into "EDS\tDEVELOPING" / "grade:\tDEVELOPING";
#   both halves say DEVELOPING.
# - 2.4: "EDS grade:" with "DEVELOPING." two lines below.
# - 3.4: graded DEVELOPING; its conclusion speaks of "the foundations for an 'achieving'
#   grade", which is an aspiration, not a conclusion, so it is no conflict.
# - 3.5: the heading lost its "EDS" ("Outcome 3.5 (EDS Objective 3 ...").
SEED_GRADES = {
    "1.1": "achieving",
    "1.2": "developing",
    "1.3": "developing",
    "1.4": "developing",
    "1.5": "developing",
    "2.1": "developing",
    "2.2": "developing",
    "2.3": "developing",
    "2.4": "developing",
    "3.1": "developing",
    "3.2": "developing",
    "3.3": "developing",
    "3.4": "developing",
    "3.5": "achieving",
    "3.6": "developing",
    "4.1": "achieving",
    "4.2": "developing",
    "4.3": "developing",
}

SEED_CONTACTS = {
    "1.1": ["Sab Bhaumik"],
    "1.4": ["Jackie Ardley"],
    "1.5": ["Sab Bhaumik"],
    "2.1": ["John Short"],
    "2.3": ["Jackie Ardley", "Richard Chester"],
    "3.2": ["Alan Duffell"],
    "3.6": ["Alan Duffell", "Kathryn Burt"],
    "4.1": ["David Chiddick", "John Short"],
    "4.3": ["Jackie Ardley", "Christina Marriott"],
}


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the shared seeds are not available ({SEED})")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text) -> ParsedReport:
    return parse_report(seed_text, EDS_2011)


@pytest.fixture(scope="module")
def seed_problems(seed) -> list[Problem]:
    return check_report(seed, EDS_2011)


# --------------------------------------------------------------------------------------
# extract_text
# --------------------------------------------------------------------------------------


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("EDS Outcome 1.1 (EDS Objective 1 – Better health outcomes for all)")
    document.add_paragraph("Some narrative about services before the table.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "EDS grade:"
    table.cell(0, 1).text = "ACHIEVING"
    table.cell(1, 0).text = "Reasons for rating:"
    table.cell(1, 1).text = "Outcome: met for most protected groups."
    document.add_paragraph("After the table.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_extract_txt_utf8_and_cp1252():
    assert extract_text("r.txt", "Grade – Achieving\r\nnext".encode()) == "Grade – Achieving\nnext"
    assert extract_text("r.TXT", "\ufeffA report".encode()) == "A report"
    assert extract_text("r.txt", "Grade – Achieving".encode("cp1252")) == "Grade – Achieving"


def test_extract_docx_keeps_paragraphs_and_cells_in_order():
    text = extract_text("report.docx", _docx_bytes())
    lines = [line for line in text.split("\n") if line]
    assert lines[0].startswith("EDS Outcome 1.1")
    assert lines[1] == "Some narrative about services before the table."
    assert lines[2] == "EDS grade:\tACHIEVING"
    assert lines[3] == "Reasons for rating:\tOutcome: met for most protected groups."
    assert lines[4] == "After the table."


def test_docx_round_trip_parses():
    parsed = parse_report(extract_text("report.docx", _docx_bytes()), EDS_2011)
    outcome = parsed.outcome("1.1")
    assert outcome is not None and outcome.grade == "achieving"
    assert outcome.reason("outcome") == "met for most protected groups."
    assert outcome.coverage == "most"


def test_pdf_round_trip_parses():
    weasyprint = pytest.importorskip("weasyprint")
    html = """<html><body>
      <h1>Equality Delivery System report</h1><p>Northshire NHS Trust</p>
      <h2>EDS Outcome 2.4</h2>
      <p>"Patients' and carers' complaints about services, and subsequent claims for
      redress, should be handled respectfully and efficiently"</p>
      <p>Lead contact: Jane Doe, Head of Patient Experience</p>
      <p>Complaints are analysed by protected characteristic every quarter.</p>
      <p>EDS grade: DEVELOPING</p>
      <p>Reasons for rating: Outcome: Complaints from some protected groups are handled as
      well as those of patients as a whole.</p>
    </body></html>"""
    pdf = weasyprint.HTML(string=html).write_pdf()
    text = extract_text("report.pdf", pdf)
    assert "EDS Outcome 2.4" in text
    outcome = parse_report(text, EDS_2011).outcome("2.4")
    assert outcome is not None
    assert outcome.grade == "developing"
    assert [c.name for c in outcome.lead_contacts] == ["Jane Doe"]
    assert outcome.lead_contacts[0].role == "Head of Patient Experience"
    assert outcome.coverage == "some"


def test_pdf_without_text_layer_is_refused():
    weasyprint = pytest.importorskip("weasyprint")
    # A page with only a drawn box: a PDF with no text at all, like a scan.
    pdf = weasyprint.HTML(
        string='<div style="width:300px;height:300px;background:#333"></div>'
    ).write_pdf()
    with pytest.raises(ImportFileError, match="no text layer"):
        extract_text("scan.pdf", pdf)


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("report.txt", b"", "is empty"),
        ("report.pdf", b"", "is empty"),
        ("report.doc", b"\xd0\xcf\x11\xe0", r"save it as a \.docx"),
        ("report.xlsx", b"PK\x03\x04", "reads only plain text"),
        ("report", b"text", "no extension"),
        ("report.pdf", b"%PDF-1.4\nthis is not really a pdf", "could not be read as a PDF"),
        ("report.pdf", b"hello", "could not be read as a PDF"),
        ("report.docx", b"not a zip file", "could not be opened as a Word document"),
        ("report.docx", b"PK\x05\x06" + b"\x00" * 18, "could not be opened as a Word"),
        ("report.txt", b"\x00\x01\x02binary", "not a text file"),
        ("report.txt", b"  \n\t\n", "holds no text"),
    ],
)
def test_extract_errors_say_what_to_do(filename, content, message):
    with pytest.raises(ImportFileError, match=message) as raised:
        extract_text(filename, content)
    assert isinstance(raised.value, ValueError)


# --------------------------------------------------------------------------------------
# The seed report
# --------------------------------------------------------------------------------------


def test_seed_imports_to_its_18_outcomes_with_their_recorded_grades(seed):
    assert [outcome.code for outcome in seed.outcomes] == list(SEED_GRADES)
    assert seed.grades == SEED_GRADES
    assert seed.missing == ()
    assert seed.outcome("3.5").found_by == "heading"  # "Outcome 3.5" without "EDS"
    assert seed.outcome("2.4").grade_text == "DEVELOPING."
    assert seed.outcome("1.1").grade_text == "ACHIEVING"


def test_seed_front_matter(seed):
    assert seed.organisation == "Leicestershire Partnership NHS Trust"
    assert seed.date == "January 2012"
    assert seed.title.startswith("Equality Delivery System")
    assert seed.framework == "eds-2011"
    # The introduction and the translations are not imported: listed for review.
    unrecognised = "\n".join(snippet.text for snippet in seed.unrecognised)
    assert "How does the EDS work?" in unrecognised
    assert "POLISH" in unrecognised
    assert all(snippet.end_line < 101 for snippet in seed.unrecognised)


def test_seed_lead_contacts(seed):
    for code, names in SEED_CONTACTS.items():
        assert [c.name for c in seed.outcome(code).lead_contacts] == names, code
    assert seed.outcome("1.1").lead_contacts[0].role == "Medical Director"
    assert seed.outcome("3.2").lead_contacts[0].role == (
        "Director of Human Resources & Organisational Development"
    )
    assert seed.outcome("4.1").lead_contacts[0].role == "Board"
    # Every outcome names a lead contact and the organisation.
    assert all(outcome.lead_contacts for outcome in seed.outcomes)
    assert {outcome.organisation for outcome in seed.outcomes} == {
        "Leicestershire Partnership NHS Trust"
    }


def test_seed_sections_statements_and_line_ranges(seed):
    first = seed.outcome("1.1")
    assert (first.start_line, first.end_line) == (101, 129)
    assert first.statement.startswith("Services are commissioned, designed and procured")
    assert seed.outcome("3.2").statement.startswith("Levels of pay")  # number dropped
    assert seed.outcome("4.3").end_line == 765
    ranges = [(o.start_line, o.end_line) for o in seed.outcomes]
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    # The narrative holds the evidence, not the name/contact lines or the grade box.
    narrative = seed.outcome("1.1").narrative
    assert narrative.startswith("One of the main goals for the Trust")
    assert "Lead contact" not in narrative and "ACHIEVING" not in narrative


def test_seed_reasons_by_factor(seed):
    standard = (
        "outcome",
        "engagement",
        "mainstream-processes",
        "progression-plans",
        "disadvantaged-groups",
    )
    one_two = seed.outcome("1.2")
    assert one_two.factors == standard
    # "Reasons\tOutcome: ..." / "for rating:\tand resulting services ..." rejoined.
    assert one_two.reason("outcome").endswith(
        "health-needs assessments and resulting services are delivered in appropriate "
        "ways for some protected groups."
    )
    assert one_two.reason("engagement").endswith("to further improve services.")
    # The conclusion, broken over a blank line, is one summary.
    assert one_two.summary.endswith("should therefore be graded as 'developing'.")
    # 1.5 gives no Outcome reason; its last reason continues after a page break.
    assert seed.outcome("1.5").factors == standard[1:]
    assert (
        seed.outcome("1.5")
        .reason("disadvantaged-groups")
        .endswith("socio-economic deprivation are taken into consideration in the above processes.")
    )
    # 4.1 gives four factors on one line, including Data and evidence.
    assert seed.outcome("4.1").factors == (
        "outcome",
        "engagement",
        "data-evidence",
        "mainstream-processes",
    )
    # 4.2 spells "Progression Plans" with a capital P.
    assert "progression-plans" in seed.outcome("4.2").factors
    # 4.3 gives its reasons as prose, under no factor.
    assert seed.outcome("4.3").factors == ()
    assert seed.outcome("4.3").summary.startswith("As part of the service level agreement")


def test_seed_coverage_words(seed):
    coverage = {outcome.code: outcome.coverage for outcome in seed.outcomes}
    assert coverage["1.1"] == "most"  # Outcome reason: "the needs of most protected groups"
    assert coverage["1.2"] == "some"
    assert coverage["4.2"] == "most"  # summary: "demonstrated for most protected groups"
    assert coverage["1.4"] == "most"  # summary: "meeting the EDS outcome for most ..."
    # "data for most protected characteristics" is about data, not the outcome.
    assert coverage["3.1"] is None


def test_seed_parses_fast(seed_text):
    started = time.perf_counter()
    parse_report(seed_text, EDS_2011)
    assert time.perf_counter() - started < 0.5


def test_seed_to_dict_is_json_safe(seed):
    data = json.loads(json.dumps(seed.to_dict()))
    assert len(data["outcomes"]) == 18
    assert data["outcomes"][0]["grade"] == "achieving"
    assert data["outcomes"][0]["lead_contacts"][0]["name"] == "Sab Bhaumik"
    assert data["unrecognised"][0]["start_line"] >= 1
