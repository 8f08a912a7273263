"""Real parallel HTTP requests against a running server never overbook a session.

pytest-django's ``live_server`` shares one in-memory SQLite connection between threads,
which would hide any race. So this test starts a separate ``runserver`` process against
its own database — a file-based SQLite database in ``tmp_path`` and, when
``DATABASE_URL`` points at PostgreSQL, a fresh PostgreSQL database — and fires
``PEOPLE`` booking requests at a session with ``CAPACITY`` places, all released at once.

* Locked (the product): exactly ``CAPACITY`` confirmed, the rest on the waiting list,
  no errors.
* Control (``EVENTS_BOOKING_LOCK=0`` and a 0.3 s gap between check and write, test
  settings only): more than ``CAPACITY`` confirmed, proving the race is real and that the
  lock is what stops it.
* One session per person: every person books both dates of a one-per-person series at
  the same moment. Locked: each person ends with exactly one active booking (the
  per-person-and-series lock). Control: some people get two.
* Places raised during a burst: an organiser raises the places from ``CAPACITY`` to
  ``RAISED`` while ``PEOPLE`` bookings arrive; exactly ``RAISED`` places end up held
  (confirmed or offered to the waiting list in order), never more.

On SQLite the controls are skipped: IMMEDIATE transactions take the
database's write lock at BEGIN, so writers serialise and no race can exist.

Traffic goes only to 127.0.0.1; requests and time are bounded.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
PEOPLE, CAPACITY, RAISED = 12, 5, 8
RACE_WINDOW = "0.3"
REQUEST_TIMEOUT = 60
CSRF = "a" * 32

pytestmark = pytest.mark.slow


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _env(db_url: str, *, locked: bool = True) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.events.race_settings",
        DATABASE_URL=db_url,
        EVENTS_BOOKING_LOCK="1" if locked else "0",
        EVENTS_RACE_WINDOW_SECONDS="0" if locked else RACE_WINDOW,
        PYTHONPATH=str(ROOT),
    )
    return env


def _run(args, env, timeout=300) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request, tmp_path_factory):
    """A migrated database with two sessions and PEOPLE signed-in staff."""
    backend = request.param
    drop = None
    if backend == "sqlite":
        db_url = f"sqlite:///{tmp_path_factory.mktemp('race') / 'race.sqlite3'}"
    else:
        base = _postgres_url()
        if base is None:
            pytest.skip("DATABASE_URL does not point at PostgreSQL (CI sets it)")
        import psycopg

        name = f"dueregard_race_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        parts = urlsplit(base)
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        db_url = urlunsplit(parts._replace(path=f"/{name}"))

        def drop():
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    try:
        _run(["manage.py", "migrate", "--noinput", "-v", "0"], _env(db_url))
        made = json.loads(
            _run(["-m", "tests.events.race_setup", str(PEOPLE), str(CAPACITY)], _env(db_url))
        )
        yield {"backend": backend, "db_url": db_url, **made}
    finally:
        if drop:
            drop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _serve(db_url: str, locked: bool):
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--skip-checks",
        ],
        cwd=ROOT,
        env=_env(db_url, locked=locked),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read()[-3000:]) from None
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the server did not start within 60 seconds")


def _fire(base: str, requests: list[tuple[str, bytes, str]]) -> list[tuple[int, float]]:
    """POST every (path, body, session cookie) at once, released by one barrier."""
    opener = urllib.request.build_opener(_NoRedirect)
    barrier = threading.Barrier(len(requests))

    def one(item):
        path, body, cookie = item
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            f"{base}{path}",
            data=body,
            method="POST",
            headers={
                "Cookie": f"sessionid={cookie}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        barrier.wait(timeout=30)
        started = time.monotonic()
        try:
            status = opener.open(request, timeout=REQUEST_TIMEOUT).status  # noqa: S310 - 127.0.0.1
        except urllib.error.HTTPError as exc:
            status = exc.code
        return status, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(one, requests))


def _bookings(session_id: int, cookies: list[str]) -> list[tuple[str, bytes, str]]:
    return [(f"/events/sessions/{session_id}/book/", b"needs=captions", c) for c in cookies]


def _query(world, sql: str, params: tuple) -> list[tuple]:
    if world["backend"] == "sqlite":
        path = world["db_url"].removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(world["db_url"]) as conn:
        return conn.execute(sql, params).fetchall()


def _counts(world, session_id: int) -> dict[str, int]:
    sql = "SELECT status, COUNT(*) FROM events_booking WHERE session_id = %s GROUP BY status"
    return dict(_query(world, sql, (session_id,)))


def _active_per_person(world, session_ids: list[int]) -> dict[int, int]:
    sql = (
        "SELECT user_id, COUNT(*) FROM events_booking WHERE session_id IN (%s, %s) "
        "AND status IN ('confirmed', 'waiting', 'offered') GROUP BY user_id"
    )
    return dict(_query(world, sql, tuple(session_ids)))


def _attempt(world, session_id: int, locked: bool, requests=None):
    proc, base = _serve(world["db_url"], locked)
    try:
        results = _fire(base, requests or _bookings(session_id, world["cookies"]))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    latencies = sorted(t for _, t in results)
    counts = _counts(world, session_id)
    print(
        f"\n[{world['backend']}, {'locked' if locked else 'control'}] "
        f"{len(results)} requests for {CAPACITY} places: {counts}; "
        f"statuses {sorted({s for s, _ in results})}; "
        f"p50 {statistics.median(latencies):.3f}s, max {latencies[-1]:.3f}s"
    )
    return results, counts


def test_parallel_bookings_confirm_exactly_the_capacity(world):
    results, counts = _attempt(world, world["sessions"][0], locked=True)
    assert [s for s, _ in results] == [302] * PEOPLE, "every request must succeed"
    assert counts.get("confirmed") == CAPACITY
    assert counts.get("waiting") == PEOPLE - CAPACITY


def test_control_without_the_lock_overbooks(world):
    if world["backend"] == "sqlite":
        pytest.skip(
            "SQLite: transaction_mode=IMMEDIATE takes the write lock at BEGIN, so writers "
            "serialise even without the row lock and no race can exist to show."
        )
    results, counts = _attempt(world, world["sessions"][1], locked=False)
    assert all(s == 302 for s, _ in results)
    assert counts.get("confirmed", 0) > CAPACITY, (
        f"the control run should overbook without the lock: {counts}"
    )


def _both_dates(world, pair: list[int]) -> list[tuple[str, bytes, str]]:
    """Each person asks for both dates of the series at the same moment."""
    return [req for sid in pair for req in _bookings(sid, world["cookies"])]


def test_one_session_per_person_holds_under_concurrency(world):
    pair = world["pairs"][0]
    results, _ = _attempt(world, pair[0], locked=True, requests=_both_dates(world, pair))
    assert {s for s, _ in results} <= {302, 400}, "a refusal is a 400 page, never a 500"
    per_person = _active_per_person(world, pair)
    print(f"active bookings per person (locked): {sorted(per_person.values())}")
    assert len(per_person) == PEOPLE
    assert set(per_person.values()) == {1}, f"someone holds two dates: {per_person}"


def test_control_without_the_lock_gives_some_people_two_dates(world):
    if world["backend"] == "sqlite":
        pytest.skip("SQLite serialises writers at BEGIN: no race to show.")
    pair = world["pairs"][1]
    _attempt(world, pair[0], locked=False, requests=_both_dates(world, pair))
    per_person = _active_per_person(world, pair)
    doubled = sum(1 for n in per_person.values() if n > 1)
    print(f"control: {doubled} of {PEOPLE} people hold two dates")
    assert doubled > 0, f"the control run should let someone book two dates: {per_person}"


def test_raising_places_during_a_burst_holds_exactly_the_new_number(world):
    session_id = world["sessions"][2]
    year, month, day = world["raised_date"].split("-")
    form = urlencode(
        {
            "date_0": int(day),
            "date_1": int(month),
            "date_2": year,
            "starts_at": "10:00",
            "ends_at": "16:00",
            "mode": "online",
            "joining_link": world["raised_link"],
            "capacity": RAISED,
        }
    ).encode()
    requests = _bookings(session_id, world["cookies"])
    requests.insert(PEOPLE // 2, (f"/events/sessions/{session_id}/edit/", form, world["organiser"]))
    results, counts = _attempt(world, session_id, locked=True, requests=requests)
    assert [s for s, _ in results] == [302] * (PEOPLE + 1), "every request must succeed"
    held = counts.get("confirmed", 0) + counts.get("offered", 0)
    assert held == RAISED, counts
    assert counts.get("waiting", 0) == PEOPLE - RAISED
