"""Issue 23: no uploaded file is parsed in the web request; bombs fail in the background
task with a message naming the limit; a dead worker leaves the dataset failed and retryable;
with no worker the page says the work is queued and waiting."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dueregard.background import jobs
from dueregard.background.models import BackgroundJob
from dueregard.evidence.models import Dataset, RowData
from dueregard.evidence.services import datasets, synthetic
from tests.background.test_limits import parquet_row_bomb, xlsx_row_bomb

from .conftest import csv_file

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def csv_row_bomb(rows: int) -> bytes:
    return b"Ethnicity,Eligible,Vaccinated\n" + b"A,1,1\n" * rows


BOMBS = {
    "parquet": (lambda: parquet_row_bomb(300_000), "bomb.parquet", "300,000 rows"),
    "xlsx": (lambda: xlsx_row_bomb(300_000), "bomb.xlsx", "more than 200,000 rows"),
    "csv": (lambda: csv_row_bomb(250_000), "bomb.csv", "250,000 rows"),
}


def _warm_queue():
    from dueregard.evidence.services.tasks import check_dataset

    check_dataset.get_backend()


@pytest.mark.parametrize("kind", sorted(BOMBS))
@override_settings(UPLOAD_MAX_ROWS=200_000)
def test_bomb_upload_returns_at_once_and_the_task_fails_naming_the_limit(
    client_for, analyst_a, kind
):
    make, name, found = BOMBS[kind]
    content = make()
    client = client_for(analyst_a)
    with override_settings(TASKS=DATABASE_QUEUE):
        # Warm up (templates compiled, catalogues and the queue backend loaded): the time
        # measured is the upload's own.
        assert client.get(reverse("evidence:upload")).status_code == 200
        _warm_queue()
        start = time.perf_counter()
        response = client.post(
            reverse("evidence:upload"),
            {"name": "Bomb", "kind": "uptake", "file": csv_file(content, name), "keep": "delete"},
        )
        assert time.perf_counter() - start < 1.0
    d = Dataset.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "evidence:dataset", args=[d.pk]
    )
    assert d.status == Dataset.Status.CHECKING and not d.headers  # nothing parsed yet
    datasets.run_check(d.pk)  # what the worker does
    d.refresh_from_db()
    message = d.errors["listed"][0]["message"]
    assert d.status == Dataset.Status.FAILED
    assert found in message and "UPLOAD_MAX_ROWS" in message
    assert not RowData.objects.filter(dataset=d).exists()  # a refused file is not kept
    job = jobs.latest(datasets.CHECK, d.pk)
    assert job.status == BackgroundJob.Status.FAILED and job.message == message
    page = client.get(reverse("evidence:dataset", args=[d.pk])).content.decode()
    assert "The file was refused" in page and "UPLOAD_MAX_ROWS" in page


def test_mapping_and_import_read_the_checked_table_not_the_file(analyst_scope, analyst_a):
    d = datasets.upload(
        analyst_scope,
        analyst_a,
        name="Flu",
        kind="uptake",
        file=csv_file(synthetic.uptake_csv(), "flu.csv"),
    )
    assert d.status == Dataset.Status.MAPPING and d.headers
    RowData.objects.filter(dataset=d).update(upload=b"garbage that no reader could parse")
    assert list(datasets.frame_of(d).columns) == d.headers


def test_no_worker_says_queued_and_waiting(client_for, analyst_a):
    client = client_for(analyst_a)
    with override_settings(TASKS=DATABASE_QUEUE):
        client.post(
            reverse("evidence:upload"),
            {
                "name": "Flu",
                "kind": "uptake",
                "file": csv_file(synthetic.uptake_csv(), "flu.csv"),
                "keep": "delete",
            },
        )
    d = Dataset.objects.get()
    url = reverse("evidence:dataset-status", args=[d.pk])
    assert client.get(url).json()["label"] == "Queued, waiting for a worker to start it"
    BackgroundJob.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    label = client.get(url).json()["label"]
    assert "no background worker has started it for 5 minute(s)" in label
    assert (
        "Queued, waiting" in client.get(reverse("evidence:dataset", args=[d.pk])).content.decode()
    )


def test_a_dead_worker_is_detected_and_the_person_retries(client_for, analyst_a, analyst_scope):
    d = datasets.upload(
        analyst_scope,
        analyst_a,
        name="Flu",
        kind="uptake",
        file=csv_file(synthetic.uptake_csv(), "flu.csv"),
    )
    datasets.save_mapping(
        d,
        analyst_a,
        columns=dict(d.mapping, deprivation_decile="IMD Decile (2019)"),
        codes={"ethnicity": {synthetic.MESSY_LABEL: "Black"}},
    )
    with override_settings(TASKS=DATABASE_QUEUE):
        datasets.start_import(d, analyst_a)
    # The worker took the job, reached 10% and was killed: its heartbeat stops.
    beat = timezone.now() - dt.timedelta(minutes=10)
    BackgroundJob.objects.filter(kind=datasets.IMPORT).update(
        status=BackgroundJob.Status.RUNNING, started_at=beat, heartbeat_at=beat
    )
    Dataset.objects.filter(pk=d.pk).update(status=Dataset.Status.IMPORTING, progress=10)
    client = client_for(analyst_a)
    state = client.get(reverse("evidence:dataset-status", args=[d.pk])).json()
    assert state["status"] == "failed" and state["done"]
    page = client.get(reverse("evidence:dataset", args=[d.pk])).content.decode()
    assert "The background worker doing this stopped" in page and "Try the import again" in page
    response = client.post(reverse("evidence:retry", args=[d.pk]))  # immediate backend
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == Dataset.Status.READY and d.row_count > 0
    assert jobs.latest(datasets.IMPORT, d.pk).attempt == 2
    # Only failed work can be retried.
    client.post(reverse("evidence:retry", args=[d.pk]))
    assert (
        "Only failed work" in client.get(reverse("evidence:dataset", args=[d.pk])).content.decode()
    )


@pytest.mark.django_db
def test_sweep_leaves_live_jobs_alone():
    job = BackgroundJob.objects.create(
        kind="evidence.import",
        object_id=1,
        status=BackgroundJob.Status.RUNNING,
        heartbeat_at=timezone.now(),
    )
    assert jobs.sweep() == 0
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.RUNNING
    assert jobs.sweep(timezone.now() + dt.timedelta(minutes=5)) == 1
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED and "stopped" in job.message


def test_direct_identifiers_are_found_and_dropped_before_import(client_for, analyst_a):
    from dueregard.core.models import AuditEvent

    content = (
        synthetic.uptake_csv().decode()
        if isinstance(synthetic.uptake_csv(), bytes)
        else (synthetic.uptake_csv())
    )
    lines = content.splitlines()
    numbers = ["943 476 5919", "9434765870"]
    with_ids = [lines[0] + ",NHS number,Postcode"] + [
        f"{line},{numbers[i % 2]},LS1 4AP" for i, line in enumerate(lines[1:])
    ]
    client = client_for(analyst_a)
    client.post(
        reverse("evidence:upload"),
        {
            "name": "Flu",
            "kind": "uptake",
            "file": csv_file("\n".join(with_ids) + "\n", "flu.csv"),
            "keep": "delete",
        },
    )
    d = Dataset.objects.get()
    assert {f["kind"] for f in d.quality["identifiers"]} == {"nhs_number", "postcode"}
    page = client.get(reverse("evidence:mapping", args=[d.pk])).content.decode()
    assert "holds NHS numbers" in page and "Drop these columns" in page
    datasets.save_mapping(
        d,
        analyst_a,
        columns=dict(d.mapping, deprivation_decile="IMD Decile (2019)"),
        codes={"ethnicity": {synthetic.MESSY_LABEL: "Black"}},
    )
    with pytest.raises(Exception, match="direct identifiers"):
        datasets.start_import(d, analyst_a)
    client.post(reverse("evidence:drop-identifiers", args=[d.pk]))
    d.refresh_from_db()
    assert "NHS number" not in d.headers and not d.quality["identifiers"]
    assert bytes(RowData.objects.get(dataset=d).upload) == b""  # only the table is kept
    datasets.start_import(d, analyst_a)
    d.refresh_from_db()
    assert d.status == Dataset.Status.READY, d.errors
    event = AuditEvent.objects.get(action="evidence.dataset.identifiers_dropped")
    assert event.after["columns"] == ["NHS number", "Postcode"]
