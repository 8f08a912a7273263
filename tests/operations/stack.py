"""Helpers for the production stack test: a round-robin reverse proxy, an SMTP sink, a
cookie-keeping client and process start-up."""

from __future__ import annotations

import contextlib
import http.client
import itertools
import os
import re
import subprocess
import threading
import time
from email import message_from_bytes, policy
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
from aiosmtpd.controller import Controller

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class RoundRobinProxy(ThreadingHTTPServer):
    """Sends each request to the next app server, as a load balancer would, adding
    X-Forwarded-For, X-Forwarded-Proto and X-Served-By (which app server answered)."""

    daemon_threads = True

    def __init__(self, port: int, backends: list[int]):
        self.backends = backends
        self.turn = itertools.count()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), ProxyHandler)

    def next_backend(self) -> int:
        with self.lock:
            return self.backends[next(self.turn) % len(self.backends)]


class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _forward(self):
        backend = self.server.next_backend()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["Host"] = self.headers.get("Host", "127.0.0.1")
        prior = self.headers.get("X-Forwarded-For")
        headers["X-Forwarded-For"] = (
            f"{prior}, {self.client_address[0]}" if prior else self.client_address[0]
        )
        headers["X-Forwarded-Proto"] = "https"
        conn = http.client.HTTPConnection("127.0.0.1", backend, timeout=120)
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in HOP_BY_HOP | {"server", "date"}:
                self.send_header(key, value)
        self.send_header("X-Served-By", str(backend))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_HEAD = _forward


class Sink:
    """An SMTP server on 127.0.0.1 that keeps every message it receives."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    def to(self, address):
        with self.lock:
            return [m for m in self.messages if address.lower() in str(m["To"]).lower()]


def smtp_sink(port: int) -> tuple[Controller, Sink]:
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, sink


class Browser:
    """Keeps cookies by hand: the session cookie is Secure (the proxy speaks HTTPS to the app
    through X-Forwarded-Proto), which an HTTP client library would not send over plain HTTP."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.served_by: list[str] = []

    def request(self, method, path, **kwargs):
        headers = {"Origin": self.base.replace("http://", "https://")}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        url = path if path.startswith("http") else self.base + path
        response = requests.request(
            method, url, headers=headers, allow_redirects=False, timeout=120, **kwargs
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        self.served_by.append(response.headers.get("X-Served-By", ""))
        return response

    def get(self, path):
        return self.request("GET", path)

    def csrf(self, path) -> str:
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def post_form(self, path, data, form_page=None, files=None):
        token = self.csrf(form_page or path)
        return self.request("POST", path, data={**data, "csrfmiddlewaretoken": token}, files=files)


def start(cmd, env, log_path, cwd):
    log = open(log_path, "wb")  # noqa: SIM115 - closed when the process is stopped
    # Each in its own process group, so stopping it stops gunicorn's workers too.
    return subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_for(url: str, seconds: float = 300, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            if requests.get(url, timeout=30).status_code == 200:
                return
        except requests.RequestException:
            pass  # not listening yet, or still loading the application
        time.sleep(0.5)
    raise TimeoutError(url)


def eventually(check, seconds: float = 60, every: float = 0.5):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(every)


def stop(processes):
    import signal

    for p in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGTERM)
    for p in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            p.wait(timeout=40)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)


def environ(**values) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DUEREGARD_", "DJANGO_"))}
    keep.pop("DATABASE_URL", None)
    return {**keep, **values}
