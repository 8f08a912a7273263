"""Every scheduled job is idempotent for its period: ``manage.py daily`` run twice on the
same day (cron run twice, or cron beside the scheduler) sends nothing twice."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from dueregard.core.models import Notification
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope
from dueregard.eds.models import Assessment
from dueregard.eds.services import assessments, publication
from dueregard.operations import scheduler

pytestmark = pytest.mark.django_db

# Twelve days before the EDS 2022 publication deadline of the 2025-26 cycle (28 February).
DAY_BEFORE_DEADLINE = dt.date(2026, 2, 16)


@pytest.fixture
def frameworks(db):
    call_command("load_frameworks", verbosity=0)


@pytest.fixture
def today_is(monkeypatch):
    def set_day(day: dt.date) -> None:
        monkeypatch.setattr(
            publication, "timezone", SimpleNamespace(localdate=lambda: day, now=timezone.now)
        )

    return set_day


@pytest.fixture
def due_everywhere(frameworks, make_user, org_a, today_is):
    """An EDS report whose deadline is near, and a booked session tomorrow."""
    from dueregard.events.services import booking as booking_service
    from tests.events.helpers import make_series, make_session

    lead = make_user("lead@a.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    make_user("lead2@a.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    scope = Scope(lead.pk, org_a.system, org_a, frozenset({Role.EDI_LEAD}))
    assessments.create(scope, lead, framework_code="eds-2022", title="EDS", period="2025-26")
    booking_service.book(make_session(make_series(org_a), days_ahead=1, capacity=5), lead)
    today_is(DAY_BEFORE_DEADLINE)


def _sent() -> dict[str, int]:
    counts: dict[str, int] = {}
    for template in Notification.objects.values_list("template", flat=True):
        counts[template] = counts.get(template, 0) + 1
    return counts


def test_daily_twice_on_one_day_sends_each_reminder_once(due_everywhere):
    before = _sent()
    call_command("daily", verbosity=0)
    first = _sent()
    # Both EDI leads are reminded once; the booked person gets the day-before reminder.
    assert first.get("eds_publication_reminder", 0) == before.get("eds_publication_reminder", 0) + 2
    assert first != before
    call_command("daily", verbosity=0)
    assert _sent() == first
    # And every scheduled job run again by the scheduler in the same period: still nothing.
    for job in scheduler.JOBS.values():
        job.run()
    assert _sent() == first


def test_eds_reminders_come_again_the_next_day_not_the_same_day(due_everywhere, today_is):
    assert publication.send_publication_reminders() == 2
    assert publication.send_publication_reminders() == 0
    today_is(DAY_BEFORE_DEADLINE + dt.timedelta(days=1))
    assert publication.send_publication_reminders() == 2
    assert publication.send_publication_reminders() == 0
    assert Assessment.objects.get().publication_reminded_on == DAY_BEFORE_DEADLINE + dt.timedelta(
        days=1
    )


def test_a_failed_reminder_run_does_not_claim_the_day(due_everywhere, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(publication.notifications, "send", broken)
    with pytest.raises(RuntimeError):
        publication.send_publication_reminders()
    assert Assessment.objects.get().publication_reminded_on is None
    monkeypatch.undo()


def test_daily_runs_every_daily_job_of_the_scheduler():
    """Cron users get the same daily promises as the scheduler."""
    daily = {name for name, job in scheduler.JOBS.items() if job.every == scheduler.DAY}
    assert daily <= set(settings.DAILY_COMMANDS)
