"""Liveness and readiness for a load balancer: is the process up; can it serve (database,
task queue backlog, file storage)?"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone


def database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        return False, f"unavailable ({type(exc).__name__})"
    return True, "ok"


def task_backlog(now: dt.datetime | None = None) -> tuple[bool, str]:
    """The oldest task waiting to run must not have waited longer than the limit."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return True, "ok (tasks run in the web process)"
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    try:
        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
    except Exception as exc:  # noqa: BLE001
        return False, f"unavailable ({type(exc).__name__})"
    if oldest is None:
        return True, "ok (empty)"
    # A task to run "as soon as possible" has the far-future run_after marker: count from
    # when it was queued; a deferred one from when it became due.
    since = oldest.enqueued_at
    if oldest.run_after and oldest.run_after <= now:
        since = max(since, oldest.run_after)
    waited = max(0.0, (now - since).total_seconds())
    if waited > settings.READINESS_MAX_TASK_WAIT:
        return False, f"oldest task has waited {int(waited)} s: are the workers running?"
    return True, f"ok (oldest waited {int(waited)} s)"


def storage() -> tuple[bool, str]:
    """Write, read back and delete a small file in the uploads storage."""
    store = storages["default"]
    name = f"health/{uuid.uuid4().hex}.txt"
    try:
        saved = store.save(name, ContentFile(b"ok"))
        try:
            with store.open(saved) as handle:
                ok = handle.read() == b"ok"
        finally:
            store.delete(saved)
    except Exception as exc:  # noqa: BLE001
        return False, f"unavailable ({type(exc).__name__})"
    return (ok, "ok") if ok else (False, "read back different content")


CHECKS = {"database": database, "tasks": task_backlog, "storage": storage}


def readiness() -> tuple[bool, dict[str, str]]:
    results = {name: check() for name, check in CHECKS.items()}
    return all(ok for ok, _ in results.values()), {
        name: text for name, (_, text) in results.items()
    }
