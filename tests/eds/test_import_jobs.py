"""Issue 23: the EDS report import reads the file in a tracked background job, never in the
web request; a bomb fails in the job naming the limit; with no worker the page says the
report is queued; a dead worker leaves the import failed and retryable; the review page
and the confirmation use the stored review (nothing parsed again), all or nothing."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dueregard.background import jobs
from dueregard.background.models import BackgroundJob
from dueregard.core.services import retention
from dueregard.eds.models import Assessment, Grading, ReportImport
from dueregard.eds.services import import_jobs, importing
from tests.background.test_limits import docx_bomb

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
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


def _upload(client, content: bytes, name: str):
    return client.post(
        reverse("eds:import"),
        {
            "framework": "eds-2011",
            "period": "2011-12",
            "report": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        },
    )


@override_settings(UPLOAD_MAX_DECOMPRESSED_BYTES=5 * 1024 * 1024)
def test_a_docx_bomb_returns_at_once_and_the_job_fails_naming_the_limit(
    client_for, eds_people, frameworks
):
    content = docx_bomb(20)  # a few tens of KB that unpack to 20 MB
    client = client_for(eds_people["lead"])
    with override_settings(TASKS=DATABASE_QUEUE):
        assert client.get(reverse("eds:import")).status_code == 200  # warm up
        import_jobs.read_report.get_backend()
        start = time.perf_counter()
        response = _upload(client, content, "report.docx")
        assert time.perf_counter() - start < 1.0
    assert response.status_code == 302 and response["Location"] == reverse("eds:import-review")
    record = ReportImport.objects.get()
    assert record.status == ReportImport.Status.READING and not record.result  # not parsed
    assert jobs.latest(import_jobs.KIND, record.pk).status == BackgroundJob.Status.QUEUED
    start = time.perf_counter()
    assert import_jobs.run_read(record.pk) == "refused"  # what the worker does
    assert time.perf_counter() - start < 5.0
    record.refresh_from_db()
    assert record.status == ReportImport.Status.FAILED
    assert "UPLOAD_MAX_DECOMPRESSED_BYTES" in record.message and "5.0 MB" in record.message
    assert bytes(record.content) == b""  # a refused file is not kept
    job = jobs.latest(import_jobs.KIND, record.pk)
    assert job.status == BackgroundJob.Status.FAILED and job.message == record.message
    page = client.get(reverse("eds:import-review"))
    body = page.content.decode()
    assert page.status_code == 200 and "<title>Error:" in body
    assert "UPLOAD_MAX_DECOMPRESSED_BYTES" in body and "Read the report again" not in body
    assert not Assessment.objects.exists()


def test_no_worker_says_queued_and_waiting(client_for, eds_people, frameworks, seed_bytes):
    client = client_for(eds_people["lead"])
    with override_settings(TASKS=DATABASE_QUEUE):
        _upload(client, seed_bytes, "eds-2012.txt")
    page = client.get(reverse("eds:import-review")).content.decode()
    assert "Queued, waiting for a worker to start it" in page
    BackgroundJob.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    page = client.get(reverse("eds:import-review")).content.decode()
    assert "no background worker has started it for 5 minute(s)" in page
    assert "Import these grades" not in page


def test_a_dead_worker_is_detected_and_the_person_retries(
    client_for, eds_people, frameworks, seed_bytes, monkeypatch
):
    client = client_for(eds_people["lead"])
    with override_settings(TASKS=DATABASE_QUEUE):
        _upload(client, seed_bytes, "eds-2012.txt")
    record = ReportImport.objects.get()
    # The worker took the job and was killed mid-read: its heartbeat stopped.
    beat = timezone.now() - dt.timedelta(minutes=10)
    BackgroundJob.objects.update(
        status=BackgroundJob.Status.RUNNING, started_at=beat, heartbeat_at=beat
    )
    page = client.get(reverse("eds:import-review")).content.decode()
    assert "The background worker doing this stopped" in page
    assert "Read the report again" in page
    record.refresh_from_db()
    assert record.status == ReportImport.Status.FAILED and bytes(record.content) == seed_bytes
    assert client.post(reverse("eds:import-review")).status_code == 302  # immediate backend
    record.refresh_from_db()
    assert record.status == ReportImport.Status.READY and bytes(record.content) == b""
    assert jobs.latest(import_jobs.KIND, record.pk).attempt == 2
    # The review page and the confirmation read the stored review: nothing is parsed.

    def no_parsing(*args, **kwargs):
        raise AssertionError("the report was parsed again")

    monkeypatch.setattr(importing, "parse_report", no_parsing)
    monkeypatch.setattr(importing, "extract_candidates", no_parsing)
    review = client.get(reverse("eds:import-review")).content.decode()
    assert "18 of 18 outcomes have a recognised grade" in review
    keys = re.findall(r'value="([0-9a-f]{16})"', review)
    response = client.post(reverse("eds:import-confirm"), {"acknowledged": keys})
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("eds:detail", args=[assessment.pk])
    assert Grading.objects.filter(assessment=assessment).count() == 18
    # Only failed work can be tried again, and an import is saved once.
    record.refresh_from_db()
    assert record.status == ReportImport.Status.IMPORTED
    with pytest.raises(importing.ValidationError):
        import_jobs.retry(record)
    with pytest.raises(importing.ValidationError):
        import_jobs.confirm(record, None, eds_people["lead"], keys)
    assert Assessment.objects.count() == 1


def test_confirm_is_all_or_nothing(client_for, eds_people, frameworks, seed_bytes, monkeypatch):
    client = client_for(eds_people["lead"])
    _upload(client, seed_bytes, "eds-2012.txt")
    review = client.get(reverse("eds:import-review")).content.decode()
    keys = re.findall(r'value="([0-9a-f]{16})"', review)
    calls = []
    real = Grading.objects.create

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 5:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(Grading.objects, "create", failing)
    with pytest.raises(RuntimeError):
        client.post(reverse("eds:import-confirm"), {"acknowledged": keys})
    assert len(calls) == 5
    assert not Assessment.objects.exists() and not Grading.objects.exists()
    record = ReportImport.objects.get()
    assert record.status == ReportImport.Status.READY and record.result  # can confirm again
    monkeypatch.undo()
    client.post(reverse("eds:import-confirm"), {"acknowledged": keys})
    assert Grading.objects.filter(assessment=Assessment.objects.get()).count() == 18


def test_another_persons_import_is_not_shown(
    client_for, eds_people, frameworks, seed_bytes, make_user, org_a
):
    from dueregard.core.roles import Role

    lead = client_for(eds_people["lead"])
    _upload(lead, seed_bytes, "eds-2012.txt")
    pk = lead.session["eds_import"]
    assert lead.get(reverse("eds:import-review")).status_code == 200
    # Another EDI lead whose session points at it (a copied cookie, a guessed id) is refused.
    other = client_for(make_user("lead2@a.nhs.uk", Role.EDI_LEAD, organisation=org_a))
    session = other.session
    session["eds_import"] = pk
    session.save()
    response = other.get(reverse("eds:import-review"))
    assert response.status_code == 302 and response.url == reverse("eds:import")
    assert other.post(reverse("eds:import-confirm"), {}).status_code == 302
    assert not Assessment.objects.exists()


def test_unconfirmed_imports_are_disposed_of_after_a_week(
    client_for, eds_people, frameworks, seed_bytes
):
    _upload(client_for(eds_people["lead"]), seed_bytes, "eds-2012.txt")
    ReportImport.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    retention.dispose_expired()
    assert not ReportImport.objects.exists()


def test_the_stored_review_is_the_review(seed_bytes):
    from dueregard.eds.importing.parser import check_report, parse_report
    from dueregard.eds.importing.results import problem_from_dict, report_from_dict
    from dueregard.frameworks.definitions import load_eds

    framework = load_eds("eds-2011")
    parsed = parse_report(seed_bytes.decode(), framework)
    assert parsed.outcomes and parsed.unrecognised
    assert report_from_dict(parsed.to_dict()) == parsed
    problems = check_report(parsed, framework)
    assert [problem_from_dict(p.to_dict()) for p in problems] == problems


def test_an_error_in_the_app_leaves_the_import_failed_and_retryable(
    client_for, eds_people, frameworks, seed_bytes, monkeypatch
):
    client = client_for(eds_people["lead"])
    with override_settings(TASKS=DATABASE_QUEUE):
        _upload(client, seed_bytes, "eds-2012.txt")
    record = ReportImport.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(importing, "review", broken)
    with pytest.raises(RuntimeError):
        import_jobs.run_read(record.pk)
    record.refresh_from_db()
    assert record.status == ReportImport.Status.FAILED and "error in the app" in record.message
    assert jobs.latest(import_jobs.KIND, record.pk).status == BackgroundJob.Status.FAILED
    assert import_jobs.can_retry(record)
    monkeypatch.undo()
    client.post(reverse("eds:import-review"))  # read again (immediate backend)
    record.refresh_from_db()
    assert record.status == ReportImport.Status.READY


def test_the_waiting_page_polls_its_status_until_the_job_finishes(
    client_for, eds_people, frameworks, seed_bytes
):
    client = client_for(eds_people["lead"])
    with override_settings(TASKS=DATABASE_QUEUE):
        _upload(client, seed_bytes, "eds-2012.txt")
    page = client.get(reverse("eds:import-review")).content.decode()
    assert f'data-progress-url="{reverse("eds:import-status")}"' in page
    assert "dueregard/progress.js" in page
    state = client.get(reverse("eds:import-status")).json()
    assert state["done"] is False and "waiting for a worker" in state["label"]
    import_jobs.run_read(ReportImport.objects.get().pk)  # what the worker does
    state = client.get(reverse("eds:import-status")).json()
    assert state["done"] is True and state["status"] == ReportImport.Status.READY
    page = client.get(reverse("eds:import-review")).content.decode()
    assert "data-progress-url" not in page and "Import these grades" in page


def test_the_status_needs_the_persons_own_import(client_for, eds_people, frameworks):
    state = client_for(eds_people["lead"]).get(reverse("eds:import-status")).json()
    assert state["done"] is True and "Upload the report first" in state["label"]
