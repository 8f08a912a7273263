"""Benchmark: 50 signed-in people browse the main pages through the production server on
PostgreSQL for 60 s (issue 24). Why it works this way: docs/adr/0049-load-bench.md.

What happens, all on 127.0.0.1:

1. a throwaway PostgreSQL database ``load_bench_<pid>_<hex>`` (on DATABASE_URL's server,
   else postgres@127.0.0.1) gets the release step a deployment runs (``deploy/release``:
   deployment checks, migrations, ``collectstatic``, the frameworks) and the demo
   (``load_demo``); uploads go to a temporary folder;
2. gunicorn starts as in production (``deploy/gunicorn.conf.py``, production settings,
   gthread workers, Django's psycopg connection pool per process; ``WORKERS`` processes ×
   ``THREADS`` threads, the config's default for this machine's cores);
3. ``USERS`` people sign in through the real pages, each in their own session: the sign-in
   form, then (for roles that need it in production) the second-factor form with a
   single-use recovery code (``bench.load_world``). The demo has 11 people, one per role,
   so several sessions share a person, as when one person has two browsers open;
4. each person's pages are found by asking for every candidate page once in their session
   (``bench.load_world.candidate_pages``); pages their role may see (200) are kept, the
   others (403/404 by design) dropped; a 5xx here is an error;
5. each user, in its own thread with its own keep-alive connection (as a browser), opens a
   random page of theirs, reads it whole, checks it is the page (200, still signed in),
   thinks for ``THINK`` seconds, and so on: ``WARM`` seconds not measured (each gunicorn
   process compiles its templates), then ``SECONDS`` measured;
6. gunicorn is stopped and the database dropped (also on failure).

Rows: requests and errors (target 0), latency p50/p95/p99 with the target p95 ≤ 300 ms
and its margin (target ÷ measured), and notes: the server's processes and threads, the
offered load, and the slowest pages by p95. Latency is client side: request sent to the
last byte read, so it includes queueing for a gunicorn thread. Static files are not
fetched (a browser caches them: WhiteNoise serves them with a year's max-age).

Run alone with ``python -m bench load`` or ``python -m bench.load [--users N]
[--seconds S] [--steps 10,25,50]`` (``make bench-load``); ``--steps`` measures each number
of people in turn on the same server. Without a reachable PostgreSQL: one ``n/a`` row.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import random
import re
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from bench import events as ev
from bench import production as prod

ROOT = Path(__file__).resolve().parents[1]
USERS, SECONDS, WARM = 50, 60.0, 10.0
# Seconds a person spends on a page before the next, uniform (3 s on average: a brisk
# clicker; people read a page for tens of seconds). ADR 0049 weighs the choice.
THINK = (1.0, 5.0)
TARGET_P95_MS = 300.0
# deploy/gunicorn.conf.py's defaults on this machine: 2 × cores + 1 processes (at most 9)
# of 4 threads, and a pool of 10 connections per process.
WORKERS = min(2 * multiprocessing.cpu_count() + 1, 9)
THREADS, POOL = 4, 10
REQUEST_TIMEOUT = 60.0  # while measured (gunicorn cuts a request off at 60 s too)
# Signing in and finding the pages are not measured: on a busy machine 50 password hashes
# and the workers' first requests can queue for minutes, which is not an error.
SETUP_TIMEOUT = 900.0
SIGN_IN_THREADS = WORKERS  # password hashing runs in every gunicorn process at once
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
SIGNED_IN = b"Sign out"


@dataclass
class Hit:
    path: str
    sent: float
    ms: float
    status: int | None
    error: str = ""


class Browser:
    """One person's browser: a keep-alive connection and its cookies (kept by hand: the
    production cookies are Secure, which a client library would not send over HTTP)."""

    def __init__(self, port: int, timeout: float = SETUP_TIMEOUT):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, form: dict | None = None):
        """(status, headers, body); one retry on a fresh connection when a kept-alive one
        was closed by the server before it answered (browsers do the same)."""
        body = urlencode(form).encode() if form is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            fresh = self.conn is None
            if fresh:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
            except (ConnectionError, http.client.RemoteDisconnected, BrokenPipeError):
                self.close()
                if fresh or attempt == 2:
                    raise
                continue
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, response.headers, content
        raise AssertionError("unreachable")

    def post_form(self, path: str, data: dict) -> tuple[int, str]:
        status, _, page = self.request("GET", path)
        token = CSRF_FIELD.search(page)
        if status != 200 or token is None:
            raise RuntimeError(f"GET {path}: HTTP {status}, no form")
        status, headers, _ = self.request(
            "POST", path, {**data, "csrfmiddlewaretoken": token.group(1).decode()}
        )
        return status, headers.get("Location", "")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# --- signing in ------------------------------------------------------------------------


def sign_in(port: int, person: dict, code: str | None) -> Browser:
    """Sign in through the real pages: e-mail and password, then the second factor."""
    browser = Browser(port)
    status, _ = browser.post_form(
        "/sign-in/", {"email": person["email"], "password": person["password"]}
    )
    if status != 302:
        raise RuntimeError(f"sign-in of {person['email']}: HTTP {status}")
    status, headers, page = browser.request("GET", "/")
    if status == 302 and "/two-factor/verify/" in headers.get("Location", ""):
        if not code:
            raise RuntimeError(f"{person['email']}: second factor asked, no recovery code")
        status, _ = browser.post_form("/two-factor/verify/", {"code": code})
        if status != 302:
            raise RuntimeError(f"second factor of {person['email']}: HTTP {status}")
        status, headers, page = browser.request("GET", "/")
    if status != 200 or SIGNED_IN not in page:
        raise RuntimeError(f"{person['email']} is not signed in: HTTP {status}")
    return browser


def sign_in_all(port: int, people: list[dict], users: int) -> list[tuple[int, Browser]]:
    """``users`` sessions, round-robin over the people: (person index, browser)."""
    from concurrent.futures import ThreadPoolExecutor

    codes = {i: list(p["codes"]) for i, p in enumerate(people)}
    plan = []
    for n in range(users):
        i = n % len(people)
        plan.append((i, codes[i].pop() if codes[i] else None))
    with ThreadPoolExecutor(min(SIGN_IN_THREADS, users)) as pool:
        browsers = list(pool.map(lambda job: sign_in(port, people[job[0]], job[1]), plan))
    return [(i, b) for (i, _), b in zip(plan, browsers, strict=True)]


def pages_of(browser: Browser, candidates: list[str]) -> tuple[list[str], dict[str, int]]:
    """The candidate pages this person may see, and a count of the statuses met."""
    kept, statuses = [], {}
    for path in candidates:
        status, _, page = browser.request("GET", path)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        if status >= 500:
            raise RuntimeError(f"warm-up: {path} answered HTTP {status}")
        if status == 200 and SIGNED_IN in page:
            kept.append(path)
    return kept, statuses


# --- browsing --------------------------------------------------------------------------


@dataclass
class User:
    browser: Browser
    pages: list[str]
    rng: random.Random
    hits: list[Hit] = field(default_factory=list)


def browse(users: list[User], warm: float, seconds: float) -> None:
    """Every user browses until ``warm + seconds`` have passed (``Hit.sent`` counts from
    the start)."""
    start = time.perf_counter() + 0.5
    stop = start + warm + seconds

    def one(user: User) -> None:
        time.sleep(max(0.0, start - time.perf_counter()) + user.rng.uniform(0, THINK[1]))
        while time.perf_counter() < stop:
            path = user.rng.choice(user.pages)
            sent = time.perf_counter()
            status, error = None, ""
            try:
                status, _, page = user.browser.request("GET", path)
                if status == 200 and SIGNED_IN not in page:
                    error = "signed out"
            except (OSError, http.client.HTTPException) as exc:
                error = type(exc).__name__
                user.browser.close()
            done = time.perf_counter()
            user.hits.append(Hit(path, sent - start, (done - sent) * 1000, status, error))
            time.sleep(user.rng.uniform(*THINK))

    for user in users:  # measured requests give up after REQUEST_TIMEOUT
        user.browser.close()
        user.browser.timeout = REQUEST_TIMEOUT
    threads = [threading.Thread(target=one, args=(u,), daemon=True) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=warm + seconds + REQUEST_TIMEOUT * 3)


def _pct(values: list[float], q: float) -> float:
    return ev._pct(values, q) if values else float("nan")


def _kind(path: str) -> str:
    """A page's kind: its path with record numbers replaced, to group the slowest pages."""
    return re.sub(r"/\d+/", "/N/", path)


def report(hits: list[Hit], users: int, seconds: float) -> list[dict]:
    label = f"{users} signed-in people browsing for {seconds:.0f} s via gunicorn + PostgreSQL"
    errors = [h for h in hits if h.error or h.status != 200]
    kinds: dict[str, int] = {}
    for h in errors:
        key = h.error or f"HTTP {h.status}"
        kinds[key] = kinds.get(key, 0) + 1
    ms = [h.ms for h in hits]
    p50, p95, p99 = (_pct(ms, q) for q in (50, 95, 99))
    ok_errors = not errors and bool(hits)
    ok_p95 = p95 <= TARGET_P95_MS
    rows = [
        {
            "benchmark": label,
            "measure": "requests, errors (target 0 errors)",
            "target": "0 errors",
            "status": "PASS" if ok_errors else "FAIL",
            "results": f"{len(hits):,} requests ({len(hits) / seconds:.1f}/s), "
            f"{len(errors)} errors"
            + (": " + ", ".join(f"{n} × {k}" for k, n in sorted(kinds.items())) if kinds else ""),
        },
        {
            "benchmark": label,
            "measure": "latency p50 / p95 / p99 / max",
            "target": f"p95 ≤ {TARGET_P95_MS:.0f} ms",
            "status": "PASS" if ok_p95 else "FAIL",
            "margin": f"{TARGET_P95_MS / p95:.2f}×" if p95 == p95 and p95 > 0 else "",
            "results": f"{p50:.0f} / {p95:.0f} / {p99:.0f} / {max(ms, default=0):.0f} ms",
        },
    ]
    by_kind: dict[str, list[float]] = {}
    for h in hits:
        by_kind.setdefault(_kind(h.path), []).append(h.ms)
    slowest = sorted(by_kind.items(), key=lambda kv: -_pct(kv[1], 95))[:5]
    rows.append(
        {
            "note": "load: slowest pages by p95: "
            + "; ".join(f"{k} {_pct(v, 95):.0f} ms (n={len(v)})" for k, v in slowest)
        }
    )
    return rows


# --- the run ---------------------------------------------------------------------------


def _env(db_url: str, data_dir: str) -> dict[str, str]:
    env = prod._env(db_url)
    env.update(
        DUEREGARD_DATA_DIR=data_dir,
        MEDIA_ROOT=str(Path(data_dir) / "media"),
        WEB_CONCURRENCY=str(WORKERS),
        GUNICORN_THREADS=str(THREADS),
        DB_POOL_MAX_SIZE=str(POOL),
        GUNICORN_LOG_LEVEL="warning",
        PYTHON=sys.executable,
    )
    return env


def _prepare(env: dict[str, str], users: int) -> dict:
    """The release step, the demo, then the world (people with codes, candidate pages)."""
    import subprocess

    release = subprocess.run(
        ["deploy/release"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    if release.returncode != 0:
        raise RuntimeError(f"deploy/release failed: {release.stderr.strip()[-1500:]}")
    ev._child(["manage.py", "load_demo"], env, timeout=900)
    return json.loads(ev._child(["-m", "bench.load_world", str(users)], env))


def run(
    users: int | None = None, seconds: float | None = None, steps: list[int] | None = None
) -> list[dict]:
    """The load row; ``steps`` (e.g. ``[10, 25, 50]``) measures each number of people in
    turn on the same server and sessions, to show how latency grows."""
    users = users or int(os.environ.get("BENCH_LOAD_USERS", USERS))
    seconds = seconds or float(os.environ.get("BENCH_LOAD_SECONDS", SECONDS))
    steps = sorted(set(steps or [users]))
    users = max(steps)
    admin = ev._admin_url()
    reason = ev._unreachable(admin)
    if reason:
        label = f"{users} signed-in people browsing via gunicorn + PostgreSQL"
        return [{"benchmark": label, "measure": "skipped", "results": reason, "status": "n/a"}]
    name = f"load_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    db_url = urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))
    ev._admin(admin, f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="load-bench-") as data_dir:
            env = _env(db_url, data_dir)
            world = _prepare(env, users)
            with tempfile.TemporaryFile("w+") as log:
                proc, port = prod._start(env, log)
                try:
                    sessions = sign_in_all(port, world["people"], users)
                    found: dict[int, list[str]] = {}
                    statuses: dict[str, int] = {}
                    for i, browser in sessions:
                        if i not in found:
                            found[i], seen = pages_of(browser, world["pages"])
                            for k, n in seen.items():
                                statuses[k] = statuses.get(k, 0) + n
                    rows: list[dict] = []
                    for step in steps:
                        crowd = [
                            User(b, found[i], random.Random(n))  # noqa: S311 - not security
                            for n, (i, b) in enumerate(sessions[:step])
                            if found[i]
                        ]
                        browse(crowd, WARM, seconds)
                        hits = [h for u in crowd for h in u.hits if WARM <= h.sent < WARM + seconds]
                        rows += report(hits, step, seconds)
                finally:
                    prod._stop(proc)
                log.seek(0)
                server_log = log.read().strip()
        sizes = sorted(len(p) for p in found.values())
        rows += [
            {
                "note": f"load: gunicorn {WORKERS} processes × {THREADS} threads "
                f"(deploy/gunicorn.conf.py defaults for {multiprocessing.cpu_count()} cores), "
                f"pool of {POOL} per process; {users} sessions over {len(found)} demo people, "
                f"{sizes[0]}–{sizes[-1]} pages each of {len(world['pages'])} candidates "
                f"(warm-up statuses {statuses}); think time {THINK[0]}–{THINK[1]} s, "
                f"{WARM:.0f} s warm-up not measured; load average {os.getloadavg()[0]:.1f}"
            }
        ]
        errors = [line for line in server_log.splitlines() if "Error" in line]
        if errors:
            rows.append({"note": "gunicorn errors (tail): " + " | ".join(errors[-3:])[-400:]})
        return rows
    finally:
        ev._admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str]) -> int:
    import argparse

    from bench._table import render

    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument(
        "--steps", default="", help="numbers of people measured in turn, e.g. 10,25,50"
    )
    args = parser.parse_args(argv)
    steps = [int(n) for n in args.steps.split(",") if n.strip()] or None
    rows = run(args.users, args.seconds, steps)
    print(render(rows))
    return 1 if any(r.get("status") == "FAIL" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
