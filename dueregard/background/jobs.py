"""Tracked background work: queued, running with a heartbeat, done, or failed with a reason.

``queue(kind, object_id, task, *args)`` records a job and enqueues the django-tasks task
in the same transaction (the database queue is an outbox). The task wraps its work in
``with running(kind, object_id):``, which marks the job running and starts a heartbeat
thread (every ``TASKS_HEARTBEAT_SECONDS``) that dies with the worker. ``sweep()`` marks
running jobs whose heartbeat is older than ``TASKS_DEAD_AFTER_SECONDS`` failed, with a
message, and calls the owner's ``on_dead`` handler (registered with ``register``) so the
object it worked on leaves its "in progress" state and can be tried again. The scheduler
sweeps every minute, and pages that show a job's progress sweep that job when viewed.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import BackgroundJob

logger = logging.getLogger(__name__)
Status = BackgroundJob.Status

_ON_DEAD: dict[str, Callable[[int, str], None]] = {}


def register(kind: str, on_dead: Callable[[int, str], None]) -> None:
    """``on_dead(object_id, message)`` is called when a job of ``kind`` is found dead."""
    _ON_DEAD[kind] = on_dead


def latest(kind: str, object_id: int) -> BackgroundJob | None:
    return BackgroundJob.objects.filter(kind=kind, object_id=object_id).first()


def queue(kind: str, object_id: int, task, *args) -> BackgroundJob:
    """Record the job and enqueue ``task(*args)`` in one transaction."""
    previous = latest(kind, object_id)
    with transaction.atomic():
        job = BackgroundJob.objects.create(
            kind=kind, object_id=object_id, attempt=(previous.attempt + 1) if previous else 1
        )
        task.enqueue(*args)
    job.refresh_from_db()
    return job


def _immediate() -> bool:
    return settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")


class _Heartbeat(threading.Thread):
    def __init__(self, job_id: int, every: float):
        super().__init__(name=f"heartbeat-{job_id}", daemon=True)
        self.job_id, self.every, self.stopped = job_id, every, threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                BackgroundJob.objects.filter(pk=self.job_id, status=Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        except Exception:  # a lost beat only makes the job look dead sooner
            logger.exception("heartbeat of background job %s failed", self.job_id)
        finally:
            connection.close()


@contextmanager
def running(kind: str, object_id: int):
    """Mark the latest job of the object running, beat while the block runs, then mark it
    done (or failed with a general message if the block raised)."""
    now = timezone.now()
    job = latest(kind, object_id)
    if job is None:  # enqueued without ``queue`` (an older task): track it from here
        job = BackgroundJob.objects.create(kind=kind, object_id=object_id)
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, started_at=now, heartbeat_at=now, message=""
    )
    beat = None
    if not _immediate():  # with the immediate backend the work runs inside the request
        beat = _Heartbeat(job.pk, settings.TASKS_HEARTBEAT_SECONDS)
        beat.start()
    try:
        yield job
    except Exception:
        finish(job, Status.FAILED, _("The work stopped because of an error in the app."))
        raise
    else:
        finish(job, Status.DONE)
    finally:
        if beat is not None:
            beat.stopped.set()
            beat.join(timeout=5)


def finish(job: BackgroundJob, status: str, message: str = "") -> None:
    BackgroundJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
        status=status, message=message, finished_at=timezone.now()
    )


def _dead_message(job: BackgroundJob) -> str:
    seen = timezone.localtime(job.heartbeat_at or job.started_at or job.created_at)
    return _(
        "The background worker doing this stopped (its last sign of life was at %(time)s), "
        "so nothing was kept. Try again; if it stops again, tell your system administrator."
    ) % {"time": formats.time_format(seen, "H:i")}


def sweep(now: dt.datetime | None = None, *, kind: str = "", object_id: int | None = None):
    """Mark running jobs without a heartbeat for ``TASKS_DEAD_AFTER_SECONDS`` failed and
    tell their owners. Returns the number marked. Safe to run anywhere, any number of
    times: each job is claimed with a conditional UPDATE."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.TASKS_DEAD_AFTER_SECONDS)
    stale = BackgroundJob.objects.filter(status=Status.RUNNING, heartbeat_at__lt=cutoff)
    if kind:
        stale = stale.filter(kind=kind)
    if object_id is not None:
        stale = stale.filter(object_id=object_id)
    marked = 0
    for job in stale:
        message = _dead_message(job)
        with transaction.atomic():
            claimed = BackgroundJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
                status=Status.FAILED, message=message, finished_at=now
            )
            if claimed and job.kind in _ON_DEAD:
                _ON_DEAD[job.kind](job.object_id, message)
        marked += claimed
    return marked


def waiting_note(job: BackgroundJob | None, now: dt.datetime | None = None) -> str:
    """What to tell the person about a job that has not started."""
    if job is None or job.status != Status.QUEUED:
        return ""
    waited = ((now or timezone.now()) - job.created_at).total_seconds()
    if waited < settings.TASKS_WAITING_NOTICE_SECONDS:
        return _("Queued, waiting for a worker to start it")
    return _(
        "Queued, waiting for a worker: no background worker has started it for %(minutes)s "
        "minute(s). The work will start as soon as one runs; if this lasts, tell your "
        "system administrator that no worker is running"
    ) % {"minutes": max(1, int(waited // 60))}
