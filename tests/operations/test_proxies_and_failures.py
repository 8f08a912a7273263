"""Behind a proxy, in failure: the real client address; 503 when the database is down,
nothing half-written; a clear page when the storage is full; production refuses to start
unsafe (``check --deploy``)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse

from dueregard.core.models import AuditEvent, Notification
from dueregard.operations.proxies import forwarded_client

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("remote", "forwarded", "count", "client"),
    [
        ("10.0.0.1", "", 0, "10.0.0.1"),
        ("10.0.0.1", "203.0.113.9", 0, "10.0.0.1"),  # no trusted proxy: header ignored
        ("10.0.0.1", "203.0.113.9", 1, "203.0.113.9"),
        ("10.0.0.1", "198.51.100.1, 203.0.113.9", 1, "203.0.113.9"),  # spoofed entry left
        ("10.0.0.2", "198.51.100.1, 203.0.113.9, 10.0.0.1", 2, "203.0.113.9"),
        ("10.0.0.1", "", 1, "10.0.0.1"),
    ],
)
def test_the_client_is_counted_from_the_right(remote, forwarded, count, client):
    assert forwarded_client(remote, forwarded, count) == client


def _fail_sign_in(client, email, address, times=5):
    for _ in range(times):
        client.post(
            reverse("core:sign-in"),
            {"email": email, "password": "wrong password"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_nobody_can_lock_another_person_out_through_the_proxy(staff_a):
    attacker, victim = Client(), Client()
    _fail_sign_in(attacker, staff_a.email, "198.51.100.66")
    locked = attacker.post(
        reverse("core:sign-in"),
        {"email": staff_a.email, "password": "correct horse battery"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.66",
    )
    assert locked.status_code == 429
    signed_in = victim.post(
        reverse("core:sign-in"),
        {"email": staff_a.email, "password": "correct horse battery"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert signed_in.status_code == 302
    # The audit trail records the person's address, not the proxy's.
    event = AuditEvent.objects.filter(action="user.signed_in").latest("pk")
    assert event.ip_address == "203.0.113.7"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_the_forwarded_header_cannot_dodge_the_lock(staff_a):
    client = Client()
    for n in range(5):
        _fail_sign_in(client, staff_a.email, f"198.51.100.{n}", times=1)
    response = client.post(
        reverse("core:sign-in"),
        {"email": staff_a.email, "password": "correct horse battery"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.200",
    )
    assert response.status_code == 429


class DatabaseDown:
    """Every query fails as if the server went away (after ``allow`` queries succeed)."""

    def __init__(self, allow=0, only_writes=False):
        self.allow, self.only_writes, self.seen = allow, only_writes, 0

    def __call__(self, execute, sql, params, many, context):
        is_write = sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        if not self.only_writes or is_write:
            self.seen += 1
            if self.seen > self.allow:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@pytest.mark.django_db
def test_the_error_page_renders_when_the_database_is_down(edi_lead_a):
    from django.db import connection

    client = Client(raise_request_exception=False)
    client.force_login(edi_lead_a, backend="django.contrib.auth.backends.ModelBackend")
    with connection.execute_wrapper(DatabaseDown()):
        response = client.get(reverse("core:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Sorry, the service is unavailable" in html and "nhsuk-header" in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_booking_cut_off_by_the_database_leaves_nothing_half_written(staff_a, org_a):
    from django.db import connection

    from dueregard.events.models import Booking
    from tests.events.helpers import make_series, make_session

    session = make_session(make_series(org_a), capacity=5)
    client = Client(raise_request_exception=False)
    client.force_login(staff_a, backend="django.contrib.auth.backends.ModelBackend")
    # The booking row is written, then the database goes away before the e-mail is queued.
    with connection.execute_wrapper(DatabaseDown(allow=1, only_writes=True)):
        response = client.post(reverse("events:book", args=[session.pk]), {})
    assert response.status_code == 503
    assert not Booking.objects.filter(session=session).exists()
    assert not Notification.objects.exists()
    # With the database back, the same request books.
    response = client.post(reverse("events:book", args=[session.pk]), {})
    assert Booking.objects.filter(session=session, user=staff_a).count() == 1


@pytest.mark.django_db
def test_a_full_storage_gives_a_clear_page_and_saves_nothing(org_a, make_user, monkeypatch):
    from django.core.files.storage import FileSystemStorage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dueregard.core.roles import Role
    from dueregard.core.services.memberships import grant
    from dueregard.eds.models import Evidence
    from tests.eds.object_urls import _assessment

    user = make_user("everything@example.nhs.uk")
    for role in Role:
        grant(user, role, organisation=org_a)
    assessment = _assessment(org_a, make_user)

    def full(self, name, content, max_length=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full)
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("eds:add-evidence", kwargs={"pk": assessment.pk, "code": "1.1"}),
        {
            "kind": "document",
            "title": "Staff survey",
            "document": SimpleUploadedFile("survey.pdf", _tiny_pdf(), "application/pdf"),
        },
    )
    assert response.status_code == 507
    assert "storage for uploaded files is full" in response.content.decode()
    assert not Evidence.objects.filter(assessment=assessment).exists()


def _tiny_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def _check(env_overrides):
    env = {
        # Not this test run's own switches: the browser tests' conftest sets
        # DJANGO_ALLOW_ASYNC_UNSAFE in the process, which production's checks refuse.
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DUEREGARD_", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"))
        },
        "DJANGO_SETTINGS_MODULE": "dueregard.config.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789-abcdefgh",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/production_unused",
        "SITE_URL": "https://dueregard.example.nhs.uk",
        "ALLOWED_HOSTS": "dueregard.example.nhs.uk",
        **env_overrides,
    }
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_settings():
    result = _check({})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DUEREGARD_DEMO": "1"}, "DUEREGARD_DEMO must not be set in production"),
        ({"SITE_URL": None}, "SITE_URL must be set in production"),
        ({"SITE_URL": "dueregard.example.nhs.uk"}, "dueregard.E001"),
        ({"NOTIFICATIONS_BACKEND": "notify"}, "dueregard.E003"),
    ],
)
def test_production_refuses_to_start_unsafe(overrides, message):
    result = _check(overrides)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
