"""Security headers on every response, and ``Cache-Control: no-store`` on every page and
download the application makes (they may hold personal data).

The registry test requests every URL pattern: each object URL through the factories in
``tests/<app>/object_urls.py`` (as a user holding every role in the object's organisation),
every other pattern without parameters, signed in and signed out.
"""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant
from tests.core.test_tenancy_isolation import OBJECT_URL_FACTORIES, _patterns


def _assert_private(response, where):
    cache = response.headers.get("Cache-Control", "")
    assert "no-store" in cache, f"{where} answered {response.status_code} without no-store"


def _all_roles(make_user, org):
    user = make_user("everything@example.nhs.uk")
    for role in Role:
        grant(user, role, organisation=org)
    return user


def plain_url_names():
    return sorted(
        name for name, p in _patterns() if not p.pattern.converters and not p.pattern.regex.groups
    )


@pytest.mark.parametrize("url_name", plain_url_names())
def test_every_plain_page_is_no_store(url_name, org_a, make_user):
    # Error responses count too: whatever a page answers, it is never stored.
    url = reverse(url_name)
    client = Client(raise_request_exception=False)
    _assert_private(client.get(url), f"{url} (signed out)")
    client.force_login(
        _all_roles(make_user, org_a), backend="django.contrib.auth.backends.ModelBackend"
    )
    _assert_private(client.get(url), f"{url} (signed in)")


@pytest.mark.parametrize("url_name", sorted(OBJECT_URL_FACTORIES))
def test_every_object_page_and_download_is_no_store(url_name, org_a, make_user):
    client = Client(raise_request_exception=False)
    user = _all_roles(make_user, org_a)
    factory, method = OBJECT_URL_FACTORIES[url_name]
    obj = factory(org_a, make_user)
    url = (
        reverse(url_name, kwargs=obj) if isinstance(obj, dict) else reverse(url_name, args=[obj.pk])
    )
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    _assert_private(getattr(client, method)(url), url)


def test_security_headers_and_the_csp_nonce_on_a_page(client, db):
    response = client.get(reverse("core:sign-in"))
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    html = response.content.decode()
    # Every inline script carries this response's nonce; scripts with src are our own files.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the NHS.UK layout has one inline script (js-enabled)"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_each_response_gets_a_new_nonce(client, db):
    first = client.get(reverse("core:sign-in")).headers["Content-Security-Policy"]
    second = client.get(reverse("core:sign-in")).headers["Content-Security-Policy"]
    assert re.search(r"'nonce-[^']+'", first).group(0) != re.search(r"'nonce-[^']+'", second).group(
        0
    )


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_production_transport_headers_and_cookies(db, edi_lead_a):
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    plain = Client().get(reverse("core:sign-in"))
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    response = client.get(reverse("core:sign-in"))
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["csrftoken"]["secure"]
    signed_in = client.post(
        reverse("core:sign-in"),
        {"email": edi_lead_a.email, "password": "correct horse battery"},
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_logs_carry_the_request_id_and_no_path_or_person(client, db, staff_a):
    import json
    import logging

    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    from dueregard.operations.logs import RequestIdFilter

    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    formatter = settings.LOGGING["formatters"]["json"]
    handler.setFormatter(JsonFormatter(formatter["fmt"], rename_fields=formatter["rename_fields"]))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        token = "secret-invitation-token-abc123"
        response = Client(raise_request_exception=False).get(f"/invitations/{token}/x/")
        client.post(reverse("core:sign-in"), {"email": staff_a.email, "password": "wrong"})
    finally:
        root.removeHandler(handler)
    records = [json.loads(line) for line in lines]
    assert records and all(r["request_id"] for r in records)
    access = [r for r in records if r["logger"] == "dueregard.access"]
    assert {r["request_id"] for r in access} >= {response["X-Request-ID"]}
    text = "\n".join(lines)
    assert token not in text
    assert staff_a.email not in text and "127.0.0.1" not in text
