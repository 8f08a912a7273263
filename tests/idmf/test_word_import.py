"""Import a Word EqIA: read off the request (a task), reviewed, saved only as kept, never
over typed answers; bad files get a clear message."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as WordDocument

from dueregard.idmf.models import ImportJob
from dueregard.idmf.services import decisions

from .helpers import RELEVANT, make_decision

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def eqia_docx() -> bytes:
    doc = WordDocument()
    doc.add_heading("Equality impact assessment", 1)
    doc.add_paragraph("What are the aims of the proposal, and what should it achieve?")
    doc.add_paragraph("Move blood tests to the health centre.")
    doc.add_paragraph("Open on Saturday mornings.")
    table = doc.add_table(rows=0, cols=3)
    for cells in (
        ("Scope", "Blood tests for adults only", ""),
        ("Age", "Negative", "Older people travel further by bus."),
        ("Disability", "Positive", "Step-free access at the centre."),
        ("Who is affected, and roughly how many people?", "About 9,000 patients a year", ""),
    ):
        row = table.add_row().cells
        for i, text in enumerate(cells):
            row[i].text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_import_review_then_save_only_what_is_kept(client_for, lead_a, org_a):
    decision = make_decision(org_a, lead_a)
    assessment = decision.current_assessment()
    decisions.screen(assessment, RELEVANT, actor=lead_a)
    decisions.save_step(
        assessment, "define", {"define-scope": "Typed by the lead."}, complete=False, actor=lead_a
    )
    client = client_for(lead_a)
    url = reverse("idmf:import", args=[decision.pk])
    wrong = client.post(url, {"document": SimpleUploadedFile("eqia.pdf", b"%PDF-1.4", "x")})
    assert wrong.status_code == 400 and "must be a Word document" in wrong.content.decode()
    broken = client.post(url, {"document": SimpleUploadedFile("eqia.docx", b"not a zip", DOCX)})
    job = ImportJob.objects.get()
    assert job.status == "failed" and "not a readable Word document" in job.error
    assert broken.status_code == 302
    page = client.get(broken.url).content.decode()
    assert "could not be imported" in page

    response = client.post(url, {"document": SimpleUploadedFile("eqia.docx", eqia_docx(), DOCX)})
    job = ImportJob.objects.latest("pk")
    assert job.status == "ready" and job.content == b""  # the file is not kept
    found = job.found
    assert found["answers"]["define-aims"].startswith("Move blood tests")
    assert "Saturday" in found["answers"]["define-aims"]
    assert found["answers"]["define-scope"] == "Blood tests for adults only"
    assert found["answers"]["define-who-affected"] == "About 9,000 patients a year"
    assert found["impacts"]["age"] == {
        "rating": "negative",
        "reasons": "Older people travel further by bus.",
    }
    review = client.get(response.url).content.decode()
    assert "already answered: kept as it is" in review
    nothing = client.post(response.url, {})
    assert nothing.status_code == 400 and "Select at least one" in nothing.content.decode()
    saved = client.post(
        response.url,
        {"keep": ["answer:define-aims", "answer:define-scope", "impact:age"]},
    )
    assert saved.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers["define-aims"].startswith("Move blood tests")
    assert assessment.answers["define-scope"] == "Typed by the lead."  # never overwritten
    assert "define-who-affected" not in assessment.answers  # not kept
    assert assessment.impacts.get(group="age").rating == "negative"
    assert not assessment.impacts.filter(group="disability").exists()
    assert assessment.completed_steps == []
    assert client.post(response.url, {"keep": ["answer:define-aims"]}).status_code == 400
