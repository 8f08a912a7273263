"""Importing the seed report through the pages: review first, save only on confirm."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dueregard.core.models import AuditEvent
from dueregard.eds.models import Assessment, Grading, ReportImport

SEED = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "seeds"
    / "eds-2012-report-leicestershire-partnership.txt"
)


@pytest.fixture
def seed_bytes():
    if not SEED.exists():
        pytest.skip("../shared is absent")
    return SEED.read_bytes()


def test_seed_report_imports_after_review(client_for, eds_people, frameworks, seed_bytes):
    client = client_for(eds_people["lead"])
    upload = SimpleUploadedFile("eds-2012.txt", seed_bytes, content_type="text/plain")
    response = client.post(
        reverse("eds:import"), {"framework": "eds-2011", "period": "2011-12", "report": upload}
    )
    assert response.status_code == 302
    assert not Assessment.objects.exists()  # nothing saved before confirmation
    review = client.get(reverse("eds:import-review")).content.decode()
    assert "18 of 18 outcomes have a recognised grade" in review
    assert "Problems found in the report" in review
    # Every error must be acknowledged one by one before anything is saved.
    keys = re.findall(r'name="acknowledged" type="checkbox" value="([0-9a-f]+)"', review)
    keys = keys or re.findall(r'value="([0-9a-f]{16})"', review)
    assert len(keys) >= 2
    refused = client.post(reverse("eds:import-confirm"), {"acknowledged": keys[:-1]})
    assert refused.status_code == 400 and "<title>Error:" in refused.content.decode()
    assert f"{len(keys) - 1} of {len(keys)} ticked" in refused.content.decode()
    assert not Assessment.objects.exists()
    client.post(reverse("eds:import-confirm"), {"acknowledged": keys})
    assessment = Assessment.objects.get()
    record = ReportImport.objects.get()
    assert record.status == "imported" and record.assessment == assessment and not record.result
    event = AuditEvent.objects.get(action="eds.report.imported")
    assert len(event.after["acknowledged"]) == len(keys)
    grades = dict(
        Grading.objects.filter(assessment=assessment).values_list("outcome_code", "grade_code")
    )
    assert len(grades) == 18
    assert grades["1.1"] == "achieving" and grades["4.2"] == "developing"
    checks = client.get(reverse("eds:checks", args=[assessment.pk])).content.decode()
    assert "the reasons" in checks and "conclude" in checks  # 1.1's contradiction, again
    # No local-interest grades were imported: the report does not claim they agreed.
    report = client.get(reverse("eds:report", args=[assessment.pk])).content.decode()
    assert "agreed on every grade" not in report
    assert "No grades by the local interests are recorded here" in report


def test_bad_files_are_refused_with_a_reason(client_for, eds_people, frameworks):
    client = client_for(eds_people["lead"])
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 broken", content_type="application/pdf")
    response = client.post(
        reverse("eds:import"), {"framework": "eds-2011", "period": "2011-12", "report": upload}
    )
    # The upload is stored and read in the background (immediately in tests): the review
    # page says why the file was refused.
    assert response.status_code == 302
    page = client.get(reverse("eds:import-review")).content.decode()
    assert "<title>Error:" in page and "The report was refused" in page
    assert ReportImport.objects.get().content in (b"", memoryview(b""))  # not kept
    empty = SimpleUploadedFile("report.txt", b"", content_type="text/plain")
    response = client.post(
        reverse("eds:import"), {"framework": "eds-2011", "period": "2011-12", "report": empty}
    )
    assert response.status_code == 400


def test_review_without_upload_redirects(client_for, eds_people, frameworks):
    response = client_for(eds_people["lead"]).get(reverse("eds:import-review"))
    assert response.status_code == 302 and response.url == reverse("eds:import")
