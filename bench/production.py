"""Benchmark: 1,000 concurrent bookings through the production server on PostgreSQL
(issue 16).

The same world, firing and checks as ``bench.events`` (1,000 signed-in people, one
session of 100 places, every booking POST released together), but served the way
production runs: gunicorn with ``deploy/gunicorn.conf.py`` (gthread workers), production
settings, and Django 5.2's psycopg connection pool in each process. Booking e-mails are
queued as tasks in the database (no worker runs, so nothing is sent).

The issue's target: exactly the capacity confirmed and 0 errors. Before pooling, 200
concurrent bookings behind the development server exhausted PostgreSQL's connections.

Run alone with ``python -m bench production``.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import events as ev

ROOT = Path(__file__).resolve().parents[1]
PEOPLE, CAPACITY = 1_000, 100
CLIENTS = 200  # requests in flight at once: more than gunicorn's threads, on purpose
WORKERS, THREADS, POOL = 2, 8, 8  # gunicorn processes, threads each, pool per process
# What is measured is the service's behaviour (every booking answered, exactly the capacity
# confirmed), not the machine's speed: on a busy shared machine 1,000 bookings can take
# minutes, and bench.events' defaults (stop sending after 90 s, give up on a request after
# 60 s) would count the requests never sent as errors. Every request is sent and waited for.
FIRE_BUDGET, REQUEST_TIMEOUT = 900.0, 600.0  # seconds


def _env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUEREGARD_")}
    env.update(
        DJANGO_SETTINGS_MODULE="dueregard.config.settings.production",
        DATABASE_URL=db_url,
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",  # noqa: S106
        SITE_URL="https://dueregard.bench.invalid",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        WEB_CONCURRENCY=str(WORKERS),
        GUNICORN_THREADS=str(THREADS),
        DB_POOL_MAX_SIZE=str(POOL),
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    return env


def _start(env: dict[str, str], log) -> tuple[subprocess.Popen, int]:
    port = ev._free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    proc = subprocess.Popen(
        [gunicorn, "-c", "deploy/gunicorn.conf.py", "--backlog", "2048"],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,  # its own process group: stopping it stops its workers too
    )
    import http.client

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health/live/")
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with code {proc.returncode}") from None
            time.sleep(0.2)
    _stop(proc)
    raise RuntimeError("gunicorn did not start within 90 seconds")


def _stop(proc: subprocess.Popen) -> None:
    """Stop gunicorn and its workers (the whole process group)."""
    import signal

    for sig, wait in ((signal.SIGTERM, 40), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            os.killpg(proc.pid, 0)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            pass


@contextlib.contextmanager
def _patience():
    """bench.events' firing with this benchmark's budgets, restored afterwards."""
    saved = ev.FIRE_BUDGET, ev.REQUEST_TIMEOUT
    ev.FIRE_BUDGET, ev.REQUEST_TIMEOUT = FIRE_BUDGET, REQUEST_TIMEOUT
    try:
        yield
    finally:
        ev.FIRE_BUDGET, ev.REQUEST_TIMEOUT = saved


def _max_connections(admin: str) -> int:
    import psycopg

    with psycopg.connect(admin, connect_timeout=10) as conn:
        return int(conn.execute("SHOW max_connections").fetchone()[0])


def run(people: int = PEOPLE, capacity: int = CAPACITY, clients: int = CLIENTS) -> list[dict]:
    label = f"booking {people:,} at once via gunicorn + pool, production settings"
    admin = ev._admin_url()
    reason = ev._unreachable(admin)
    if reason:
        return [{"benchmark": label, "measure": "skipped", "value": reason, "status": "n/a"}]
    name = f"production_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    db_url = urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))
    ev._admin(admin, f'CREATE DATABASE "{name}"')
    try:
        env = _env(db_url)
        ev._child(["manage.py", "migrate", "--noinput", "-v", "0"], env, timeout=600)
        world = json.loads(
            ev._child(["-m", "bench.events", "--setup", str(people), str(capacity)], env)
        )
        with tempfile.TemporaryFile("w+") as log:
            proc, port = _start(env, log)
            try:
                with _patience():
                    attempts, seconds = ev.fire(port, world, clients)
            finally:
                _stop(proc)
            log.seek(0)
            server_log = log.read().strip()
        rows = ev.check(attempts, ev._bookings(db_url, world["session"]), people, capacity, seconds)
        for row in rows:
            row["benchmark"] = label
        rows.append(
            {
                "note": f"production: gunicorn {WORKERS} processes × {THREADS} threads, "
                f"psycopg pool of {POOL} per process (≤ {WORKERS * POOL} connections; "
                f"PostgreSQL allows {_max_connections(admin)}), {clients} client threads"
            }
        )
        errors = [line for line in server_log.splitlines() if "Error" in line]
        if errors:
            rows.append({"note": "gunicorn errors (tail): " + " | ".join(errors[-3:])[-400:]})
        return rows
    finally:
        ev._admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    from bench._table import render

    results = run()
    print(render(results))
    sys.exit(1 if any(r.get("status") == "FAIL" for r in results) else 0)
