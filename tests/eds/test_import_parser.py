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
from dueregard.eds.importing.textual import concluded_grade, coverage_word
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


def _kinds(problems, code=None):
    return sorted(p.kind for p in problems if p.outcome_code == code)


def test_seed_inconsistencies_are_reported(seed_problems):
    found = {(p.outcome_code, p.kind) for p in seed_problems}
    assert found == {
        # Grade box ACHIEVING, conclusion "should be graded as 'developing'".
        ("1.1", "grade_conflict"),
        # "meeting the EDS outcome for most protected and key disadvantaged groups",
        # graded Developing (provisional rule: most -> Achieving).
        ("1.4", "coverage_mismatch"),
        # "The EDS outcome is demonstrated for most protected groups", graded Developing.
        ("4.2", "coverage_mismatch"),
        # No "Outcome:" reason, unlike the other outcomes.
        ("1.5", "factor_reason_missing"),
        # No Progression plans or Disadvantaged groups reason.
        ("4.1", "factor_reason_missing"),
        # Reasons written as prose under no factor.
        ("4.3", "reasons_not_by_factor"),
        # Data and evidence is given for one outcome only (4.1).
        (None, "factor_rarely_given"),
    }
    by_key = {(p.outcome_code, p.kind): p for p in seed_problems}
    conflict = by_key[("1.1", "grade_conflict")]
    assert conflict.severity == "error"
    assert "Achieving" in conflict.message and "Developing" in conflict.message
    assert "should be graded as 'developing'" in conflict.message
    assert by_key[("4.2", "coverage_mismatch")].severity == "warning"  # provisional rule
    assert "most protected groups" in by_key[("4.2", "coverage_mismatch")].message
    assert (
        "Progression plans, Disadvantaged groups"
        in by_key[("4.1", "factor_reason_missing")].message
    )
    # 3.4's "foundations for an 'achieving' grade" is an aspiration: no conflict.
    assert ("3.4", "grade_conflict") not in found
    assert all(json.dumps(p.to_dict()) for p in seed_problems)


# --------------------------------------------------------------------------------------
# Synthetic messy reports
# --------------------------------------------------------------------------------------

MESSY_2011 = """Northshire NHS Trust
Equality Delivery System grading 2012-13

EDS Outcome
1.1 (EDS Objective 1 – Better health outcomes for all)
"Services are commissioned, designed and procured to meet the health needs of local
communities, promote well-being, and reduce health inequalities"
Lead: Ann Example, Director of Strategy
Our commissioning uses the joint strategic needs assessment.
EDS\tEXCELLENT
grade:\tEXCELLENT
Reasons for rating:\tOutcome: We meet the outcome for all protected groups, shown by an
independent peer review of our pathways.
\tEngagement: Strong.
For these reasons the organisation is rated Excellent.

Patients' health needs are assessed, and resulting services provided,
in appropriate and effective ways
Contact: Bob Sample
Assessments are monitored by ethnicity and age.
EDS grade:

Developing

Reasons for rating:
Outcome: Assessments work well for some protected groups.
We are not yet achieving this outcome.

1.3 Changes across services are informed by engagement of patients and local
communities, and transitions made smoothly
Grade: Achieving
Reasons for rating:
Outcome: Changes are discussed with most protected groups; we are developing.

EDS Outcome 1.3
"Changes across services are informed by engagement"
Grade: Undeveloped
Reasons for rating: none given.

EDS Outcome 1.4
Grade: Excelaing

Annual improvement plan
Outcome\tAction\tOwner\tCompletion date
1.2\tPublish assessment data by protected group\tHead of Information\tMarch 2013
1.4\tReview the safety policy\t\tOngoing
"""


@pytest.fixture(scope="module")
def messy():
    return parse_report(MESSY_2011, EDS_2011)


def test_messy_split_heading_and_split_grade_box_with_excellent(messy):
    first = messy.outcome("1.1")
    assert first.found_by == "heading"
    assert first.grade == "excelling"  # "Excellent" is an alias of Excelling
    assert first.grade_text == "EXCELLENT"
    assert first.statement.startswith("Services are commissioned")
    assert first.statement.endswith("reduce health inequalities")
    assert [str(c) for c in first.lead_contacts] == ["Ann Example (Director of Strategy)"]
    assert first.narrative == "Our commissioning uses the joint strategic needs assessment."
    assert first.reason("outcome").endswith("independent peer review of our pathways.")
    assert first.reason("engagement") == "Strong."
    assert first.summary == "For these reasons the organisation is rated Excellent."
    assert first.coverage == "all"


def test_messy_missing_heading_found_by_statement(messy):
    second = messy.outcome("1.2")
    assert second is not None and second.found_by == "statement"
    assert second.grade == "developing"  # "EDS grade:", blank line, "Developing"
    assert [c.name for c in second.lead_contacts] == ["Bob Sample"]
    assert second.narrative == "Assessments are monitored by ethnicity and age."
    # A new sentence after the last factor is the conclusion; being negated, it
    # concludes no grade (see test_messy_problems_by_outcome: no conflict for 1.2).
    assert second.reason("outcome") == "Assessments work well for some protected groups."
    assert second.summary == "We are not yet achieving this outcome."


def test_messy_code_heading_duplicate_and_unrecognised_grade(messy):
    codes = [o.code for o in messy.outcomes]
    assert codes == ["1.1", "1.2", "1.3", "1.3", "1.4"]
    assert messy.outcomes[2].found_by == "code"
    assert messy.outcomes[2].statement.endswith("and transitions made smoothly")
    assert messy.outcome("1.2").statement.endswith("in appropriate and effective ways")
    assert messy.outcomes[2].grade == "achieving"
    assert messy.outcomes[3].grade == "undeveloped"
    assert messy.outcome("1.4").grade is None
    assert messy.outcome("1.4").grade_text == "Excelaing"
    assert messy.missing == tuple(o.code for o in EDS_2011.outcomes[4:])
    assert messy.organisation == "Northshire NHS Trust"
    assert messy.period == "2012-13"


def test_messy_action_plan(messy):
    assert messy.action_plan
    assert [(a.outcome_code, a.owner, a.due) for a in messy.actions] == [
        ("1.2", "Head of Information", "March 2013"),
        ("1.4", "", ""),
    ]


def test_messy_problems_by_outcome(messy):
    problems = check_report(messy, EDS_2011)
    excelling = [p for p in problems if p.kind == "excelling_unsupported"]
    assert [(p.outcome_code, "innovation" in p.message) for p in excelling] == [("1.1", True)]
    assert "peer review" not in excelling[0].message
    assert ("1.3", "duplicate_outcome") in {(p.outcome_code, p.kind) for p in problems}
    # "Changes are discussed with most protected groups; we are developing." vs Achieving.
    conflicts = {p.outcome_code for p in problems if p.kind == "grade_conflict"}
    assert conflicts == {"1.3"}
    assert ("1.4", "grade_unrecognised") in {(p.outcome_code, p.kind) for p in problems}
    missing = [p.outcome_code for p in problems if p.kind == "outcome_missing"]
    assert missing == [o.code for o in EDS_2011.outcomes[4:]]
    assert ("1.4", "action_without_owner") in {(p.outcome_code, p.kind) for p in problems}
    assert ("1.4", "action_without_date") in {(p.outcome_code, p.kind) for p in problems}
    assert ("1.2", "action_without_owner") not in {(p.outcome_code, p.kind) for p in problems}
    # The second 1.3 section gives no evidence.
    assert ("1.3", "no_evidence") in {(p.outcome_code, p.kind) for p in problems}


EDS_2022_REPORT = """EDS Reporting Template 2023
Name of Organisation: Southby Integrated Care Board
EDS Lead: Priya Patel
Date completed: 14 February 2024

Domain 1: Commissioned or provided services
Outcome 1A: Patients (service users) have required levels of access to the service
Evidence: Access audits for three services.
Rating: Achieving activity
Owner: Tom Jones, Head of Access

1B Health needs met
Evidence: Needs assessments are done.
Rating: 1
Owner: Tom Jones

Domain 2: Workforce health and well-being
Outcome 2A: When at work, staff are provided with support to manage obesity, diabetes,
asthma, COPD and mental health conditions
Evidence: A wellbeing offer is in place.
Excelling activity
Owner: Sue Brown

Action plan
Domain\tOutcome\tObjective\tAction\tCompletion date
1\t1A\tBetter access\tAudit waiting times\tMarch 2025
"""


def test_eds_2022_report():
    parsed = parse_report(EDS_2022_REPORT, EDS_2022)
    assert parsed.grades == {"1A": "achieving", "1B": "developing", "2A": "excelling"}
    assert parsed.organisation == "Southby Integrated Care Board"
    assert ("EDS Lead", "Priya Patel") in parsed.fields
    assert parsed.date == "14 February 2024"
    one_a = parsed.outcome("1A")
    assert one_a.narrative == "Access audits for three services."
    assert [str(c) for c in one_a.lead_contacts] == ["Tom Jones (Head of Access)"]
    assert parsed.outcome("1B").found_by == "code"
    assert parsed.outcome("2A").statement.endswith("mental health conditions")
    assert parsed.actions[0].outcome_code == "1A"
    assert parsed.actions[0].due == "March 2025"
    problems = check_report(parsed, EDS_2022)
    kinds = {(p.outcome_code, p.kind) for p in problems}
    assert ("2A", "excelling_unsupported") in kinds
    # The action plan table has no owner column.
    assert ("1A", "action_without_owner") in kinds
    assert ("1A", "action_without_date") not in kinds
    # EDS 2022 has no coverage rule, so no coverage checks.
    assert not any(p.kind == "coverage_mismatch" for p in problems)
    # Domain headings are structure, not unrecognised text.
    assert not any("Domain 1" in s.text for s in parsed.unrecognised)


def test_empty_and_unrelated_text():
    parsed = parse_report("", EDS_2011)
    assert parsed.outcomes == () and len(parsed.missing) == 18
    parsed = parse_report("A shopping list\nEggs\nMilk\n", EDS_2011)
    assert parsed.outcomes == ()
    assert [s.text for s in parsed.unrecognised] == ["A shopping list\nEggs\nMilk"]
    problems = check_report(parsed, EDS_2011)
    assert [p.kind for p in problems] == ["outcome_missing"] * 18


# --------------------------------------------------------------------------------------
# concluded_grade
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("For these reasons, the organisation should be graded as 'developing'.", "developing"),
        ("the trust should be graded as being an 'developing' NHS organisation.", "developing"),
        ("Overall we are achieving.", "achieving"),
        ("We are achieving this outcome for most groups", "achieving"),
        ("The panel rated Excellent.", "excelling"),
        ("The outcome remains undeveloped.", "undeveloped"),
        ("Grade: DEVELOPING", "developing"),
        ("The organisation should be viewed as 'developing'", "developing"),
        ("We are not achieving but developing.", "developing"),
        ("It cannot be rated as excelling; it is graded as achieving.", "achieving"),
        ("Graded developing last year, this year the outcome is graded as achieving.", "achieving"),
        # Negations conclude nothing.
        ("We are not yet achieving.", None),
        ("The organisation should not be graded as achieving.", None),
        ("This falls short of achieving.", None),
        # Aspirations conclude nothing.
        ("It has in place the foundations for an 'achieving' grade.", None),
        ("Plans are in place to progress to achieving next year.", None),
        ("We are working towards an excelling rating.", None),
        # The words used as ordinary English conclude nothing.
        ("The Trust is developing a new policy.", None),
        ("A representative workforce has yet to be achieved.", None),
        ("Engagement is excellent.", None),
        ("", None),
    ],
)
def test_concluded_grade(text, expected):
    grade = concluded_grade(text, EDS_2011)
    assert (grade.code if grade else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We rated this outcome as Excelling activity.", "excelling"),
        ("Scored 2 (achieving activity)", "achieving"),
        ("Score: 1", "developing"),
        ("A score of 0 was agreed.", "undeveloped"),
        ("Two of 3 services were reviewed.", None),
    ],
)
def test_concluded_grade_eds_2022(text, expected):
    grade = concluded_grade(text, EDS_2022)
    assert (grade.code if grade else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("meets the needs of most protected groups", "most"),
        ("for some of the protected groups", "some"),
        ("data for most protected characteristics, met for all protected groups", "all"),
        ("engages with most protected groups", None),
        ("not for all protected groups", None),
        ("for no protected groups", "few"),
        ("nothing about coverage", None),
    ],
)
def test_coverage_word(text, expected):
    assert coverage_word(text) == expected
