"""The importer never saves a wrong grade: shuffled sections are reported and left out, a
report of another organisation is a warning to acknowledge, an unusable PDF says what to
upload instead (after trying pdftotext)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dueregard.eds.importing.extract import extract_candidates, usable
from dueregard.eds.importing.parser import check_report, parse_report
from dueregard.eds.services import importing
from dueregard.frameworks.definitions import load_eds

SEED = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "seeds"
    / "eds-2012-report-leicestershire-partnership.txt"
)


@pytest.fixture
def seed_text():
    if not SEED.exists():
        pytest.skip("../shared is absent")
    return SEED.read_text()


def _statement_line(text: str, code: str) -> str:
    head = re.search(rf"^EDS Outcome {re.escape(code)} .*$", text, re.M)
    after = text[head.end() :]
    return next(line for line in after.splitlines() if line.startswith('"'))


def test_a_section_with_another_outcomes_statement_is_reported(seed_text):
    framework = load_eds("eds-2011")
    one, other = _statement_line(seed_text, "1.2"), _statement_line(seed_text, "2.1")
    shuffled = seed_text.replace(one, "\0").replace(other, one).replace("\0", other)
    problems = check_report(parse_report(shuffled, framework), framework)
    flagged = {p.outcome_code for p in problems if p.kind == "section_out_of_place"}
    assert flagged == {"1.2", "2.1"}
    clean = check_report(parse_report(seed_text, framework), framework)
    assert not [p for p in clean if p.kind == "section_out_of_place"]


def test_a_headless_section_among_other_outcomes_is_reported(seed_text):
    framework = load_eds("eds-2011")
    start = seed_text.index("Outcome 3.5 (EDS Objective 3")
    end = seed_text.index("EDS Outcome 3.6 (EDS Objective 3")
    section = seed_text[start:end].split("\n", 1)[1]  # without its heading
    moved = seed_text[:start] + seed_text[end:]
    at = moved.index("EDS Outcome 1.2 (EDS Objective 1")
    moved = moved[:at] + section + moved[at:]
    parsed = parse_report(moved, framework)
    problems = check_report(parsed, framework)
    assert any(p.kind == "section_out_of_place" and p.outcome_code == "3.5" for p in problems)


def test_confirm_leaves_out_misplaced_sections(seed_text, org_a, eds_people, frameworks):
    from dueregard.core.roles import Role
    from dueregard.core.tenancy import Scope

    framework = load_eds("eds-2011")
    one, other = _statement_line(seed_text, "1.2"), _statement_line(seed_text, "2.1")
    shuffled = seed_text.replace(one, "\0").replace(other, one).replace("\0", other)
    scope = Scope(eds_people["lead"].pk, org_a.system, org_a, frozenset({Role.EDI_LEAD}))
    review = importing.review(shuffled, "eds-2011", scope, "report.txt")
    keys = [key for key, _ in review.to_acknowledge]
    assessment = importing.confirm(
        scope,
        eds_people["lead"],
        result=review,
        framework_code="eds-2011",
        period="2011-12",
        filename="report.txt",
        acknowledged=keys,
    )
    graded = set(assessment.grading_set.values_list("outcome_code", flat=True))
    assert "1.2" not in graded and "2.1" not in graded and "1.1" in graded
    assert framework.outcome("1.1")


def test_another_organisations_report_is_a_warning_to_acknowledge(
    seed_text, org_a, eds_people, frameworks
):
    from dueregard.core.roles import Role
    from dueregard.core.tenancy import Scope

    scope = Scope(eds_people["lead"].pk, org_a.system, org_a, frozenset({Role.EDI_LEAD}))
    review = importing.review(seed_text, "eds-2011", scope, "report.txt")
    warnings = [p for _, p in review.to_acknowledge if p.kind == "organisation_mismatch"]
    assert len(warnings) == 1 and "Leicestershire Partnership" in warnings[0].message
    assert (
        importing.organisation_mismatch(
            "Leicestershire Partnership NHS Trust", "Leicestershire Partnership NHS Trust"
        )
        == ""
    )
    assert importing.organisation_mismatch("", "Anything") == ""


def test_a_damaged_text_layer_is_not_usable():
    assert usable("EDS Outcome 1.1 is achieving for most protected groups. " * 3)
    assert not usable("\x03\x11\x02\x05" * 40 + "Some letters here and there" * 2)
    assert not usable("\ufffd" * 100 + "abc" * 10)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_is_tried_as_the_second_extractor():
    from dueregard.publishing.document import Document, Paragraph
    from dueregard.publishing.renderers import render

    pdf = render(
        Document(title="EDS report", blocks=(Paragraph("EDS Outcome 1.1 grade ACHIEVING"),)),
        "pdf",
    ).content
    texts = extract_candidates("report.pdf", pdf)
    assert len(texts) == 2 and all("ACHIEVING" in t for t in texts)


def test_an_unreadable_pdf_suggests_docx_or_text(client_for, eds_people, frameworks):
    from django.urls import reverse

    scan = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    client = client_for(eds_people["lead"])
    response = client.post(
        reverse("eds:import"),
        {
            "framework": "eds-2011",
            "period": "2011-12",
            "report": SimpleUploadedFile("scan.pdf", scan, content_type="application/pdf"),
        },
    )
    # Read in the background (immediately in tests): the review page says why it failed.
    assert response.status_code == 302
    body = client.get(reverse("eds:import-review")).content.decode()
    assert "The report was refused" in body and "Word (DOCX)" in body
