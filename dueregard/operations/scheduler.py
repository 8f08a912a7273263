"""The scheduler: periodic jobs at the frequency each promise needs.

``tick()`` starts every job whose time slot has come (slot = whole intervals since the
epoch, daily jobs from 06:00 UTC), claiming the slot with a conditional UPDATE so two
schedulers never start the same slot twice, and queues the job as a django-tasks task for a
worker. Every job is also idempotent on its own (each message is claimed before it is sent).
``manage.py run_scheduler`` calls ``tick()`` in a loop; ``manage.py daily`` still runs the
daily jobs for cron users.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from .models import ScheduledJob

logger = logging.getLogger(__name__)


def _retry_notifications() -> str:
    from dueregard.core.services.notifications import retry_due

    return f"{retry_due()} message(s) queued again"


def _command(name: str) -> Callable[[], str]:
    def run() -> str:
        call_command(name, verbosity=0)
        return "done"

    return run


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[], str]
    offset: dt.timedelta = dt.timedelta(0)

    def slot(self, now: dt.datetime) -> int:
        seconds = (now - dt.datetime(1970, 1, 1, tzinfo=dt.UTC) - self.offset).total_seconds()
        return int(seconds // self.every.total_seconds())


MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)
MORNING = dt.timedelta(hours=6)

JOBS: dict[str, Job] = {
    job.name: job
    for job in [
        # Failed e-mails are tried again after their back-off.
        Job("retry_notifications", MINUTE, _retry_notifications),
        # Issue 23: background work whose worker died is marked failed, to be retried.
        Job("sweep_dead_tasks", MINUTE, _command("sweep_dead_tasks")),
        # Joining links an hour before a session, and reminders the day before.
        Job("send_event_reminders", 5 * MINUTE, _command("send_event_reminders")),
        # Waiting-list offers lapse after their hours and pass to the next person.
        Job("process_waiting_lists", 5 * MINUTE, _command("process_waiting_lists")),
        Job("eds_publication_reminders", DAY, _command("eds_publication_reminders"), MORNING),
        Job("idmf_review_reminders", DAY, _command("idmf_review_reminders"), MORNING),
        Job("send_mentoring_checkins", DAY, _command("send_mentoring_checkins"), MORNING),
        Job("cohort_follow_ups", DAY, _command("cohort_follow_ups"), MORNING),
        # WRES/WDES: 30, 14, 7 and 1 days before the submission and publication deadlines.
        Job("returns_reminders", DAY, _command("returns_reminders"), MORNING),
        Job("dispose_expired", DAY, _command("dispose_expired"), dt.timedelta(hours=2)),
    ]
}


def ensure_rows() -> None:
    ScheduledJob.objects.bulk_create(
        [ScheduledJob(name=name) for name in JOBS], ignore_conflicts=True
    )


def claim(job: Job, now: dt.datetime) -> bool:
    slot = job.slot(now)
    return bool(
        ScheduledJob.objects.filter(name=job.name, last_slot__lt=slot).update(
            last_slot=slot, last_started_at=now
        )
    )


def tick(now: dt.datetime | None = None) -> list[str]:
    """Queue every job whose slot has come and that no other scheduler has claimed."""
    now = now or timezone.now()
    ensure_rows()
    started = []
    for job in JOBS.values():
        if claim(job, now):
            run_job.enqueue(job.name)
            started.append(job.name)
    return started


@task()
def run_job(name: str) -> str:
    job = JOBS[name]
    try:
        outcome = job.run()
    except Exception as exc:
        ScheduledJob.objects.filter(name=name).update(
            last_finished_at=timezone.now(), last_outcome=f"failed: {type(exc).__name__}"
        )
        logger.exception("Scheduled job %s failed", name)
        raise
    ScheduledJob.objects.filter(name=name).update(
        last_finished_at=timezone.now(), last_outcome=str(outcome)[:200]
    )
    return outcome
