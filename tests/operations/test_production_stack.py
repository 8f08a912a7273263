"""The production process, scaled out: PostgreSQL, two gunicorn app servers behind a
round-robin reverse proxy, two task workers and the scheduler, e-mail to a local SMTP sink.

A person signs in, books a workshop, uploads a document and publishes a decision, with
their requests spread over both app servers (sessions and uploads work on either); the
booking e-mail arrives once, through a worker, with absolute links that work; 100 e-mails
queued at once reach the sink exactly once each across two workers.

Runs when DUEREGARD_STACK=1 (CI's production step; ``make test-production``): it starts
real processes on ports STACK_PORT .. STACK_PORT+3 (default 8160) and needs PostgreSQL at
STACK_DATABASE_SERVER (default postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from pypdf import PdfWriter

from tests.core.test_two_factor import totp

from . import stack

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("STACK_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
DATABASE = "production_stack"
PORT = int(os.environ.get("STACK_PORT", "8160"))
PROXY, APP_1, APP_2, SMTP = PORT, PORT + 1, PORT + 2, PORT + 3
SITE = f"http://127.0.0.1:{PROXY}"

pytestmark = pytest.mark.skipif(
    os.environ.get("DUEREGARD_STACK") != "1", reason="set DUEREGARD_STACK=1 (CI does)"
)


def _manage(env, *args, stdin=None):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    logs = tmp_path_factory.mktemp("stack-logs")
    data = tmp_path_factory.mktemp("stack-data")
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    env = stack.environ(
        DJANGO_SETTINGS_MODULE="dueregard.config.settings.production",
        SECRET_KEY="stack-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        DATABASE_URL=f"{SERVER}/{DATABASE}",
        SITE_URL=SITE,
        ALLOWED_HOSTS="127.0.0.1",
        TRUSTED_PROXY_COUNT="1",
        FORWARDED_ALLOW_IPS="127.0.0.1",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(SMTP),
        DUEREGARD_DATA_DIR=str(data),
        MEDIA_ROOT=str(data / "media"),
        LOG_FORMAT="json",
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="4",
        PYTHON=sys.executable,
    )
    release = subprocess.run(
        ["deploy/release"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert release.returncode == 0, release.stdout + release.stderr
    _manage(env, "load_demo")
    picked = json.loads(
        _manage(env, "shell", stdin=(ROOT / "tests/operations/stack_fixtures.py").read_text())
        .split("STACK=", 1)[1]
        .strip()
    )
    controller, sink = stack.smtp_sink(SMTP)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    processes = [
        stack.start(
            [gunicorn, "-c", "deploy/gunicorn.conf.py"],
            {**env, "BIND": f"127.0.0.1:{port}"},
            logs / f"web-{port}.log",
            ROOT,
        )
        for port in (APP_1, APP_2)
    ]
    processes += [
        stack.start(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval",
                "0.5",
                "--worker-id",
                f"stack-worker-{n}",
            ],
            env,
            logs / f"worker-{n}.log",
            ROOT,
        )
        for n in (1, 2)
    ]
    processes.append(
        stack.start(
            [sys.executable, "manage.py", "run_scheduler", "--interval", "2"],
            env,
            logs / "scheduler.log",
            ROOT,
        )
    )
    proxy = stack.RoundRobinProxy(PROXY, [APP_1, APP_2])
    import threading

    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        for port, process in zip((APP_1, APP_2), processes, strict=False):
            stack.wait_for(f"http://127.0.0.1:{port}/health/live/", process=process)
        yield {"env": env, "sink": sink, "picked": picked, "logs": logs, "data": data}
    finally:
        proxy.shutdown()
        stack.stop(processes)
        controller.stop()
        for log in sorted(logs.iterdir()):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")


def _pdf() -> bytes:
    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def test_ready_on_both_app_servers(production):
    for port in (APP_1, APP_2):
        response = stack.requests.get(f"http://127.0.0.1:{port}/health/ready/", timeout=30)
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "ok"


def test_sign_in_book_upload_publish_across_two_app_servers(production):
    picked, sink = production["picked"], production["sink"]
    browser = stack.Browser(SITE)

    # Sign in: the session is in the database, so every later request on either server
    # knows the person.
    response = browser.post_form(
        "/sign-in/", {"email": picked["email"], "password": "dueregard-demo"}
    )
    assert response.status_code == 302, response.text[:500]
    # An EDI lead must use a second factor in production: set up an authenticator app with
    # a code computed here (RFC 6238), as the person would on their first sign-in.
    setup = browser.get("/two-factor/app/")
    assert setup.status_code == 200, setup.text[:500]
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', setup.text).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', setup.text).group(1)
    done = browser.request(
        "POST", "/two-factor/app/", data={"code": totp(secret), "csrfmiddlewaretoken": token}
    )
    assert done.status_code == 200, done.text[:500]
    for _ in range(4):
        home = browser.get("/")
        assert home.status_code == 200 and "Sign out" in home.text
    assert {str(APP_1), str(APP_2)} <= set(browser.served_by)
    assert "no-store" in home.headers["Cache-Control"]
    assert "nonce-" in home.headers["Content-Security-Policy"]
    static = re.search(r'href="(/static/nhsuk/nhsuk-frontend\.min\.[0-9a-f]{12}\.css)"', home.text)
    assert static, "hashed static file names from the manifest"
    assert browser.get(static.group(1)).status_code == 200

    # Book: the confirmation is queued by one app server and sent by a worker.
    session = picked["session"]
    booked = browser.post_form(
        f"/events/sessions/{session}/book/", {}, form_page=f"/events/sessions/{session}/"
    )
    assert booked.status_code == 302, booked.text[:500]
    booking_path = booked.headers["Location"]
    mails = stack.eventually(lambda: sink.to(picked["email"]), seconds=90)
    assert mails, "the booking confirmation reached the SMTP sink"
    confirmation = next(m for m in mails if "book" in str(m["Subject"]).lower())
    body = confirmation.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(r"https?://\S+", body)
    assert f"{SITE}{booking_path}" in links
    assert not re.search(r"(?<![\w/.:])/events/bookings/", body), "no relative link"
    ics = [p for p in confirmation.iter_attachments() if p.get_filename() == "workshop.ics"]
    assert ics and f"URL:{SITE}{booking_path}" in ics[0].get_content().replace("\r\n ", "")
    # The link in the e-mail works (through the proxy, on whichever server).
    assert browser.get(f"{SITE}{booking_path}").status_code == 200

    # Upload: the file lands in the shared storage and either server lists it.
    if picked["eds"]:
        overview = browser.get(f"/eds/{picked['eds']}/").text
        # The last outcome: EDS 2022's Domain 1 outcomes would also ask which service.
        outcome = re.findall(rf"/eds/{picked['eds']}/outcomes/[^/\"]+/", overview)[-1]
        uploaded = browser.post_form(
            f"{outcome}evidence/",
            {"kind": "document", "title": "Staff survey 2026"},
            form_page=outcome,
            files={"document": ("survey.pdf", _pdf(), "application/pdf")},
        )
        assert uploaded.status_code == 302, uploaded.text[:800]
        stored = list((production["data"] / "media").rglob("survey*.pdf"))
        assert stored and stored[0].read_bytes() == _pdf()
        for _ in range(2):
            assert "survey" in browser.get(outcome).text

    # Publish a signed-off decision; the public summary then answers anyone, on both servers.
    decision = picked["decision"]
    published = browser.post_form(
        f"/decisions/{decision}/publish/", {"publish": "yes"}, form_page=f"/decisions/{decision}/"
    )
    assert published.status_code == 302
    detail = browser.get(f"/decisions/{decision}/").text
    public = re.search(r"/decisions/public/[\w-]+/", detail).group(0)
    visitor = stack.Browser(SITE)
    for _ in range(2):
        assert visitor.get(public).status_code == 200
    assert {str(APP_1), str(APP_2)} <= set(visitor.served_by)


def test_many_e_mails_over_two_workers_arrive_exactly_once(production):
    env, sink = production["env"], production["sink"]
    _manage(
        env,
        "shell",
        "-c",
        "from types import SimpleNamespace\n"
        "from dueregard.core.services import notifications\n"
        "for n in range(100):\n"
        "    person = SimpleNamespace(full_name=f'Bulk {n}', email=f'bulk{n}@example.nhs.uk')\n"
        "    notifications.send(person.email, 'password_reset',"
        " {'user': person, 'link': '/password-reset/x/y/'})\n",
    )

    def bulk():
        return [m for m in sink.messages if str(m["To"]).startswith("bulk")]

    stack.eventually(lambda: len(bulk()) >= 100, seconds=120)
    addresses = [str(m["To"]) for m in bulk()]
    assert len(addresses) == 100 and len(set(addresses)) == 100
    assert all(f"{SITE}/password-reset/x/y/" in m.get_content() for m in bulk())
    with psycopg.connect(f"{SERVER}/{DATABASE}") as conn:
        statuses = dict(
            conn.execute(
                "SELECT status, count(*) FROM core_notification "
                "WHERE recipient LIKE 'bulk%%' GROUP BY status"
            ).fetchall()
        )
        workers = conn.execute(
            "SELECT DISTINCT worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE task_path LIKE '%%deliver_notification'"
        ).fetchall()
        twice = conn.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE jsonb_array_length(worker_ids::jsonb) > 1"
        ).fetchone()[0]
    assert statuses == {"sent": 100}
    assert twice == 0
    print("deliveries by worker:", workers)


def test_the_scheduler_runs_the_jobs(production):
    def started():
        with psycopg.connect(f"{SERVER}/{DATABASE}") as conn:
            return conn.execute(
                "SELECT count(*) FROM operations_scheduledjob WHERE last_finished_at IS NOT NULL"
            ).fetchone()[0]

    assert stack.eventually(lambda: started() >= 7, seconds=90), "every job ran once"


def test_in_a_browser_against_collected_static_files_and_gunicorn(production):
    """Debian's chromium through the proxy: pages render with the manifest's static files,
    nothing is blocked by the Content-Security-Policy, every page passes axe."""
    import shutil

    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, WCAG_TAGS

    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(base_url=SITE).new_page()
        page.on(
            "console",
            lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
        )
        page.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        # The NHS.UK stylesheet loads the Frutiger font from the NHS's own asset host (allowed
        # by font-src); this machine has no network, so those loads fail here. Anything else
        # failing is a problem.
        offline: list[str] = []
        page.on(
            "requestfailed",
            lambda r: (offline if r.url.startswith("https://assets.nhs.uk/") else problems).append(
                f"failed {r.url}"
            ),
        )
        axe = Axe()
        for path, heading in [
            ("/sign-in/", "Sign in"),
            ("/accessibility/", None),
            ("/no-such-page/", "Page not found"),
        ]:
            page.goto(path)
            if heading:
                assert heading in page.locator("h1").inner_text()
            # The NHS.UK script ran (js-enabled added by the nonce'd inline script).
            assert "js-enabled" in (page.locator("body").get_attribute("class") or "")
            result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            assert not result.response["violations"], (path, result.response["violations"])
        browser.close()
    if offline:
        problems = [p for p in problems if "net::ERR_NAME_NOT_RESOLVED" not in p]
    expected_404 = [p for p in problems if "/no-such-page/" in p or "404 (Not Found)" in p]
    assert [p for p in problems if p not in expected_404] == []
