"""Health endpoints for a load balancer, and the scheduler's once-per-slot promise."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dueregard.operations import health, scheduler
from dueregard.operations.models import ScheduledJob

pytestmark = pytest.mark.django_db


def test_liveness_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("operations:live"))
    assert response.status_code == 200 and response.content == b"ok\n"


def test_readiness_reports_each_dependency(client):
    response = client.get(reverse("operations:ready"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "tasks", "storage"}
    # The storage check cleans up after itself.
    assert not storages["default"].exists("health") or not storages["default"].listdir("health")[1]


def test_readiness_fails_when_storage_cannot_be_written(client, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storages["default"], "save", full)
    response = client.get(reverse("operations:ready"))
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "unavailable (OSError)"


def test_readiness_fails_when_the_database_is_unreachable(client, monkeypatch):
    class Down:
        def cursor(self):
            raise health_db_error()

    monkeypatch.setattr(health, "connection", Down())
    response = client.get(reverse("operations:ready"))
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("unavailable")


def health_db_error():
    from django.db import OperationalError

    return OperationalError("connection refused")


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, READINESS_MAX_TASK_WAIT=60
)
def test_readiness_fails_when_tasks_wait_too_long():
    from django_tasks_db.models import DBTaskResult

    from dueregard.core.services.notifications import deliver_notification

    assert health.task_backlog()[0]
    result = deliver_notification.enqueue(123456)
    assert health.task_backlog()[0]
    later = timezone.now() + dt.timedelta(seconds=120)
    ok, text = health.task_backlog(now=later)
    assert not ok and "workers" in text
    DBTaskResult.objects.filter(id=result.id).delete()


T0 = dt.datetime(2026, 12, 7, 9, 0, 30, tzinfo=dt.UTC)


def test_each_job_starts_once_per_slot_however_many_schedulers_tick():
    first = scheduler.tick(T0)
    assert set(first) == set(scheduler.JOBS)
    # A second scheduler (or the same one a moment later) finds every slot taken.
    assert scheduler.tick(T0 + dt.timedelta(seconds=20)) == []
    # Five minutes on: the frequent jobs again, the daily ones not.
    again = scheduler.tick(T0 + dt.timedelta(minutes=5))
    assert set(again) == {
        "retry_notifications",
        "sweep_dead_tasks",
        "send_event_reminders",
        "process_waiting_lists",
    }
    # The next morning the daily jobs run again.
    tomorrow = scheduler.tick(T0 + dt.timedelta(days=1))
    assert "eds_publication_reminders" in tomorrow and "dispose_expired" in tomorrow
    job = ScheduledJob.objects.get(name="dispose_expired")
    assert job.last_outcome == "done" and job.last_finished_at is not None


def test_daily_jobs_start_in_the_morning():
    job = scheduler.JOBS["idmf_review_reminders"]
    before = dt.datetime(2026, 12, 7, 5, 59, tzinfo=dt.UTC)
    after = dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC)
    assert job.slot(after) == job.slot(before) + 1


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_start_each_job_once(monkeypatch):
    started = []
    lock = threading.Lock()

    class Recorder:
        @staticmethod
        def enqueue(name):
            with lock:
                started.append(name)

    monkeypatch.setattr(scheduler, "run_job", Recorder)
    scheduler.ensure_rows()
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            scheduler.tick(T0)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(started) == sorted(scheduler.JOBS)


def test_the_jobs_send_nothing_twice(edi_lead_a, org_a):
    """Two ticks in one slot (two schedulers) and then every job run again by hand (cron's
    ``manage.py daily`` on top): e-mails already sent are not sent again."""
    from dueregard.events.services import booking as booking_service
    from tests.events.helpers import make_series, make_session

    now = timezone.now()
    # Tomorrow's session: its reminder is due today.
    session = make_session(make_series(org_a), days_ahead=1, capacity=5)
    booking_service.book(session, edi_lead_a)
    mail.outbox.clear()
    scheduler.tick(now)
    scheduler.tick(now)
    sent = len(mail.outbox)
    assert sent >= 1, "the day-before reminder is due"
    for job in scheduler.JOBS.values():
        job.run()
    assert len(mail.outbox) == sent
