"""Benchmark: 1,000 people book 100 places at once over HTTP, on PostgreSQL (issue 8).

What happens, all on 127.0.0.1:

1. a fresh PostgreSQL database ``dueregard_bench_<pid>_<hex>`` is created and migrated;
2. one series with one session of ``CAPACITY`` places and ``PEOPLE`` staff allowed to book
   are made in a subprocess (bulk inserts, unusable passwords, signed in by session rows
   written server-side — no sign-in requests);
3. a real server process serves the project (Django's WSGI handler and request handler,
   ``SERVER_THREADS`` worker threads, persistent database connections, test settings:
   in-memory e-mail, immediate tasks);
4. ``CLIENTS`` client threads, released together, send the ``PEOPLE`` booking POSTs (one
   person each, a new connection per request) and time each one;
5. the outcome is checked from the database and the responses, and the database is
   dropped (also on failure).

Checks (one row each):

* **HTTP**: every request answered with a 2xx/3xx (the view redirects to the booking);
  a timeout, a refused connection or a 4xx/5xx is an error. Target: 0 errors.
* **confirmed**: exactly ``CAPACITY`` bookings with status ``confirmed``.
* **waiting list**: exactly ``PEOPLE - CAPACITY`` with status ``waiting``, none in any other
  status.
* **one booking each**: ``PEOPLE`` bookings, one per person, and each response's redirect
  names that person's booking.
* **first come, first served**: booking ids come from a sequence drawn inside the locked
  transaction, so id order is the order in which the server let requests through the
  session lock. The confirmed bookings must be exactly the first ``CAPACITY`` ids.
* **waiting-list order**: the app orders the waiting list by ``(created_at, id)``
  (``Booking.Meta.ordering``, ``_offer_free_places``). That order must equal id order for
  all bookings, i.e. ``created_at`` never decreases along the lock order, so the queue
  shown and served is the order the server accepted the requests.
* **client-observed order**: for every pair of requests where X's response had been
  received before Y's request was sent, X's booking id must be lower than Y's (X cannot
  have been queued after Y). Pairs that overlapped in time carry no order and are not
  checked; the row says how many pairs were checked.

Latency (request sent to response read, client side, so it includes queueing for one of the
server's worker threads) is reported as p50/p95/max, and throughput as requests per second
over the firing window. They are reported, not judged.

Without a reachable PostgreSQL the section prints one ``n/a`` row saying why.

Run alone with ``python -m bench events`` or ``python -m bench.events``.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = 1_000
CAPACITY = 100
CLIENTS = 64  # client threads, i.e. requests in flight at once
SERVER_THREADS = 8  # worker threads in the server process
REQUEST_TIMEOUT = 60.0  # seconds, per request
FIRE_BUDGET = 90.0  # seconds: no request is started after this
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
SETTINGS = "dueregard.config.settings.test"
CSRF = "b" * 32
BOOKING_PATH = re.compile(r"/bookings/(\d+)/")


@dataclass
class Attempt:
    index: int
    user_id: int
    status: int | None = None
    error: str = ""
    booking_id: int | None = None
    sent: float = 0.0
    done: float = 0.0


# --- PostgreSQL ----------------------------------------------------------------------


def _admin_url() -> str:
    """The maintenance database: DATABASE_URL's server if it is PostgreSQL, else local."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT_PG
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _unreachable(admin: str) -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(admin, connect_timeout=5, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return f"PostgreSQL not reachable at {urlsplit(admin).netloc}: {first}"
    return None


def _admin(admin: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin, connect_timeout=10, autocommit=True) as conn:
        conn.execute(sql)


# --- child processes -------------------------------------------------------------------


def _env(db_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=db_url,
        CONN_MAX_AGE="600",  # one connection per server thread, kept between requests
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    return env


def _child(args: list[str], env: dict[str, str], timeout: float = 120) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed: {done.stderr.strip()[-1500:]}")
    return done.stdout


def setup_world(people: int, capacity: int) -> None:
    """In a child process: one series, one session, ``people`` signed-in staff; print JSON."""
    import datetime as dt
    from importlib import import_module

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from dueregard.core.models import Membership, Organisation, System, User
    from dueregard.core.roles import Role
    from dueregard.events.models import LONDON, Series, Session

    system = System.objects.create(name="Bench ICS", code="BENCH")
    org = Organisation.objects.create(system=system, name="Bench Trust", ods_code="BENCH1")
    series = Series.objects.create(system=system, organisation=org, title="IDMF workshops")
    series.allowed_organisations.set([org])
    session = Session.objects.create(
        series=series,
        capacity=capacity,
        date=timezone.now().astimezone(LONDON).date() + dt.timedelta(days=10),
        joining_link="https://teams.example.invalid/join/bench",
    )
    users = User.objects.bulk_create(
        User(
            email=f"booker{i:04d}@example.nhs.uk",
            full_name=f"Booker {i:04d}",
            password=make_password(None),  # unusable
        )
        for i in range(people)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=org, role=Role.STAFF, is_active=True) for u in users
    )
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    backend = "django.contrib.auth.backends.ModelBackend"
    cookies = []
    if hasattr(store_class, "get_model_class"):  # database-backed: one bulk insert
        model = store_class.get_model_class()
        expires = timezone.now() + dt.timedelta(hours=2)
        rows = []
        for u in users:
            store = store_class()
            key = store._get_new_session_key()
            data = {
                SESSION_KEY: str(u.pk),
                BACKEND_SESSION_KEY: backend,
                HASH_SESSION_KEY: u.get_session_auth_hash(),
            }
            rows.append(
                model(session_key=key, session_data=store.encode(data), expire_date=expires)
            )
            cookies.append(key)
        model.objects.bulk_create(rows)
    else:
        for u in users:
            store = store_class()
            store[SESSION_KEY] = str(u.pk)
            store[BACKEND_SESSION_KEY] = backend
            store[HASH_SESSION_KEY] = u.get_session_auth_hash()
            store.create()
            cookies.append(store.session_key)
    print(
        json.dumps(
            {
                "session": session.pk,
                "users": [u.pk for u in users],
                "cookies": cookies,
                "cookie_name": settings.SESSION_COOKIE_NAME,
                "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
            }
        )
    )


def serve(port: int, threads: int) -> None:
    """In a child process: serve the project on 127.0.0.1:``port`` with ``threads`` workers."""
    import logging
    from concurrent.futures import ThreadPoolExecutor

    import django

    django.setup()
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
    from django.core.wsgi import get_wsgi_application

    logging.getLogger("django.server").setLevel(logging.WARNING)  # no line per request

    class PooledWSGIServer(WSGIServer):
        """Django's development WSGI server with a fixed pool of worker threads."""

        request_queue_size = 1024

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.pool = ThreadPoolExecutor(threads, thread_name_prefix="worker")

        def process_request(self, request, client_address):
            self.pool.submit(self._work, request, client_address)

        def _work(self, request, client_address):
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)

    server = PooledWSGIServer(("127.0.0.1", port), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    server.serve_forever()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(env: dict[str, str], log) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.events", "--serve", str(port), str(SERVER_THREADS)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, port
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with code {proc.returncode}") from None
            time.sleep(0.1)
    _stop(proc)
    raise RuntimeError("the server did not start within 60 seconds")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# --- firing ----------------------------------------------------------------------------


def fire(port: int, world: dict, clients: int = CLIENTS) -> tuple[list[Attempt], float]:
    """Send one booking POST per person from ``clients`` threads released together."""
    path = f"/events/sessions/{world['session']}/book/"
    body = b"needs=captions"
    attempts = [Attempt(i, u) for i, u in enumerate(world["users"])]
    cookies = world["cookies"]
    cookie_name, csrf_name = world["cookie_name"], world["csrf_cookie_name"]
    lock = threading.Lock()
    cursor = iter(range(len(attempts)))
    barrier = threading.Barrier(clients + 1)
    started: list[float] = []

    def one(a: Attempt) -> None:
        headers = {
            "Cookie": f"{cookie_name}={cookies[a.index]}; {csrf_name}={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(body)),
            "Connection": "close",
        }
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        a.sent = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            a.status = response.status
            match = BOOKING_PATH.search(response.getheader("Location") or "")
            a.booking_id = int(match.group(1)) if match else None
        except (OSError, http.client.HTTPException) as exc:
            a.error = type(exc).__name__
        finally:
            a.done = time.perf_counter()
            conn.close()

    def worker() -> None:
        barrier.wait(timeout=60)
        while True:
            with lock:
                index = next(cursor, None)
            if index is None or time.perf_counter() - started[0] > FIRE_BUDGET:
                return
            one(attempts[index])

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    started.append(time.perf_counter())
    barrier.wait(timeout=60)
    for t in threads:
        t.join(timeout=FIRE_BUDGET + REQUEST_TIMEOUT + 10)
    return attempts, time.perf_counter() - started[0]


def _bookings(db_url: str, session_id: int) -> list[tuple]:
    import psycopg

    with psycopg.connect(db_url, connect_timeout=10) as conn:
        return conn.execute(
            "SELECT id, user_id, status, created_at FROM events_booking "
            "WHERE session_id = %s ORDER BY id",
            (session_id,),
        ).fetchall()


# --- checks ----------------------------------------------------------------------------


def _pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def check(
    attempts: list[Attempt], bookings: list[tuple], people: int, capacity: int, seconds: float
) -> list[dict]:
    import numpy as np

    sent = [a for a in attempts if a.sent]
    errors = [a for a in attempts if a.status is None or not 200 <= a.status < 400]
    codes: dict[str, int] = {}
    for a in attempts:
        key = str(a.status) if a.status is not None else (a.error or "not sent")
        codes[key] = codes.get(key, 0) + 1
    code_text = ", ".join(f"{n:,} × {k}" for k, n in sorted(codes.items()))

    by_status: dict[str, int] = {}
    for _, _, status, _ in bookings:
        by_status[status] = by_status.get(status, 0) + 1
    confirmed, waiting = by_status.get("confirmed", 0), by_status.get("waiting", 0)
    others = {k: n for k, n in by_status.items() if k not in ("confirmed", "waiting")}

    booking_of = {}
    for pk, user_id, _, _ in bookings:
        booking_of.setdefault(user_id, []).append(pk)
    one_each = len(bookings) == people and all(len(v) == 1 for v in booking_of.values())
    mismatched = sum(1 for a in attempts if booking_of.get(a.user_id, [None])[0] != a.booking_id)

    ids = [b[0] for b in bookings]
    confirmed_ids = sorted(pk for pk, _, s, _ in bookings if s == "confirmed")
    first_come = confirmed_ids == ids[:capacity] and confirmed == capacity
    app_order = [b[0] for b in sorted(bookings, key=lambda b: (b[3], b[0]))]
    inverted = sum(1 for x, y in zip(app_order, app_order[1:], strict=False) if x > y)
    waiting_ids = [pk for pk, _, s, _ in bookings if s == "waiting"]
    waiting_set = set(waiting_ids)
    waiting_app = [pk for pk in app_order if pk in waiting_set]
    stamps = [b[3] for b in bookings]  # created_at in id (lock) order
    back_ms = max(
        [(x - y).total_seconds() * 1000 for x, y in zip(stamps, stamps[1:], strict=False)] + [0]
    )
    last_confirmed = max((b[3] for b in bookings if b[2] == "confirmed"), default=None)
    early_waiting = sum(
        1 for b in bookings if b[2] == "waiting" and last_confirmed and b[3] < last_confirmed
    )

    # client-observed order: X finished before Y started ⇒ id(X) < id(Y)
    known = [a for a in attempts if a.booking_id is not None]
    done = np.array([a.done for a in known])
    start = np.array([a.sent for a in known])
    bid = np.array([a.booking_id for a in known])
    before = done[:, None] < start[None, :]
    pairs = int(before.sum())
    violations = int((before & (bid[:, None] > bid[None, :])).sum())

    label = f"booking {people:,} people for {capacity} places, HTTP, PostgreSQL"
    latencies = [a.done - a.sent for a in sent]
    rows = [
        {
            "benchmark": label,
            "measure": "HTTP responses",
            "value": f"{len(sent):,} sent: {code_text}",
            "target": "0 errors (non-2xx/3xx, no answer)",
            "status": "PASS" if not errors and len(sent) == people else "FAIL",
        },
        {
            "benchmark": label,
            "measure": "confirmed places",
            "value": f"{confirmed:,}",
            "target": f"= {capacity:,}",
            "status": "PASS" if confirmed == capacity else "FAIL",
        },
        {
            "benchmark": label,
            "measure": "on the waiting list",
            "value": f"{waiting:,}" + (f"; other statuses {others}" if others else ""),
            "target": f"= {people - capacity:,}, no other status",
            "status": "PASS" if waiting == people - capacity and not others else "FAIL",
        },
        {
            "benchmark": label,
            "measure": "one booking each, = redirect",
            "value": f"{len(bookings):,} bookings, {len(booking_of):,} people; "
            f"{mismatched} redirects to another booking",
            "target": f"{people:,}, 1 each, 0",
            "status": "PASS" if one_each and not mismatched else "FAIL",
        },
        {
            "benchmark": label,
            "measure": "places = first through the lock",
            "value": "confirmed = first "
            + (f"{capacity} ids" if first_come else "ids? no: " + str(confirmed_ids[:5]) + "…"),
            "target": "confirmed = lowest ids",
            "status": "PASS" if first_come else "FAIL",
        },
        {
            "benchmark": label,
            "measure": "waiting-list order = lock order",
            "value": f"(created_at, id) vs id: {inverted} of {max(0, len(app_order) - 1):,} "
            f"neighbours inverted (created_at up to {back_ms:.0f} ms back); waiting list "
            + ("in id order" if waiting_app == sorted(waiting_ids) else "NOT in id order")
            + f"; {early_waiting} waiting stamped before the last confirmed",
            "target": "0 inverted",
            "status": "PASS" if inverted == 0 and waiting_app == sorted(waiting_ids) else "FAIL",
        },
        {
            "benchmark": label,
            "measure": "client-observed order",
            "value": f"{pairs:,} pairs (X answered before Y sent): {violations} with id X > id Y",
            "target": "0",
            "status": "PASS" if violations == 0 and pairs > 0 else "FAIL",
        },
    ]
    if latencies:
        rows += [
            {
                "benchmark": label,
                "measure": "latency p50 / p95 / max",
                "value": f"{_pct(latencies, 50) * 1000:.0f} / {_pct(latencies, 95) * 1000:.0f}"
                f" / {max(latencies) * 1000:.0f} ms",
                "target": "reported",
            },
            {
                "benchmark": label,
                "measure": "throughput",
                "value": f"{len(sent) / seconds:.0f} bookings/s ({len(sent):,} in {seconds:.1f} s)",
                "target": "reported",
            },
        ]
    return rows


# --- the section -----------------------------------------------------------------------


def run(people: int = PEOPLE, capacity: int = CAPACITY, clients: int = CLIENTS) -> list[dict]:
    label = f"booking {people:,} people for {capacity} places, HTTP, PostgreSQL"
    admin = _admin_url()
    reason = _unreachable(admin)
    if reason:
        return [{"benchmark": label, "measure": "skipped", "value": reason, "status": "n/a"}]
    name = f"dueregard_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    db_url = urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))
    _admin(admin, f'CREATE DATABASE "{name}"')
    try:
        env = _env(db_url)
        t0 = time.perf_counter()
        _child(["manage.py", "migrate", "--noinput", "-v", "0"], env)
        t1 = time.perf_counter()
        world = json.loads(
            _child(["-m", "bench.events", "--setup", str(people), str(capacity)], env)
        )
        t2 = time.perf_counter()
        with tempfile.TemporaryFile("w+") as log:
            proc, port = _start_server(env, log)
            try:
                attempts, seconds = fire(port, world, clients)
            finally:
                _stop(proc)
            log.seek(0)
            server_log = log.read().strip()
        bookings = _bookings(db_url, world["session"])
        rows = check(attempts, bookings, people, capacity, seconds)
        rows.append(
            {
                "note": f"events: fresh database {name} (dropped after), migrate "
                f"{t1 - t0:.1f} s, {people:,} users + sessions {t2 - t1:.1f} s; "
                f"server: {SERVER_THREADS} worker threads, {clients} client threads"
            }
        )
        if server_log:
            rows.append({"note": "events server log (tail): " + server_log[-400:]})
        return rows
    finally:
        _admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    if sys.argv[1:2] == ["--setup"]:
        setup_world(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:2] == ["--serve"]:
        serve(int(sys.argv[2]), int(sys.argv[3]))
    else:
        from bench._table import render

        results = run()
        print(render(results))
        sys.exit(1 if any(r.get("status") == "FAIL" for r in results) else 0)
