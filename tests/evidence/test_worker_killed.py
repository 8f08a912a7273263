"""Issue 23: a worker killed (SIGKILL) mid-import. The import runs in a forked process, as
a worker would run it; the process is killed once the import is under way; the sweep marks
the dataset failed with a message, nothing half-written is kept, and the retry imports it.

Needs PostgreSQL (a forked process cannot share SQLite's in-memory test database): run with
``DATABASE_URL=postgres://…``; skipped on SQLite."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone

from dueregard.background import jobs
from dueregard.background.models import BackgroundJob
from dueregard.evidence.models import Dataset, RowData
from dueregard.evidence.services import datasets

from .conftest import csv_file

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL shared across processes"
)
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
GROUPS = ["White British", "Indian", "Pakistani", "Chinese", "White Irish"]


def big_uptake_csv(rows: int) -> bytes:
    lines = ["Ethnicity,IMD decile,Eligible,Vaccinated"]
    lines += [f"{GROUPS[i % 5]},{i % 10 + 1},10,{i % 10}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_import_is_detected_and_retried(analyst_scope, analyst_a):
    d = datasets.upload(
        analyst_scope,
        analyst_a,
        name="Big",
        kind="uptake",
        file=csv_file(big_uptake_csv(400_000), "big.csv"),
    )
    assert d.status == Dataset.Status.MAPPING
    with override_settings(TASKS=QUEUE):
        datasets.start_import(d, analyst_a)
        connections.close_all()
        child = os.fork()
        if child == 0:  # the worker
            try:
                datasets.run_import(d.pk)
            finally:
                os._exit(0)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            d.refresh_from_db()
            if d.status == Dataset.Status.IMPORTING and d.progress >= 40:
                break
            time.sleep(0.05)
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    d.refresh_from_db()
    assert d.status == Dataset.Status.IMPORTING  # killed mid-import: stranded, until...
    job = jobs.latest(datasets.IMPORT, d.pk)
    assert job.status == BackgroundJob.Status.RUNNING
    later = timezone.now() + dt.timedelta(minutes=5)
    assert jobs.sweep(later) == 1
    d.refresh_from_db()
    assert d.status == Dataset.Status.FAILED
    assert "background worker doing this stopped" in d.errors["listed"][0]["message"]
    assert RowData.objects.get(dataset=d).canonical is None  # nothing half-written
    datasets.retry(d, analyst_a)  # the person tries again (immediate backend: done now)
    d.refresh_from_db()
    assert d.status == Dataset.Status.READY and d.row_count == 400_000
