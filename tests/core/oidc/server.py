"""Start the real OpenID Connect provider (tests/core/oidc/provider.mjs, npm
``oidc-provider``) on 127.0.0.1 for a test, and stop it afterwards."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "dueregard-test"
CLIENT_SECRET = "a-test-client-secret-that-is-long-enough"  # noqa: S105 - test only


@contextlib.contextmanager
def running_provider(accounts: dict, redirect_uris: list[str], **options):
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        if os.environ.get("CI"):
            pytest.fail("node and the npm package oidc-provider are needed (npm ci)")
        pytest.skip("node or node_modules/oidc-provider missing (run make assets)")
    config = {
        "port": options.pop("port", 0),
        "client": {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": redirect_uris,
            "post_logout_redirect_uris": options.pop("post_logout_redirect_uris", []),
        },
        "accounts": accounts,
        **options,
    }
    process = subprocess.Popen(  # noqa: S603 - our own script
        [node, str(SCRIPT)],
        cwd=ROOT,
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line.startswith("listening "):
            process.kill()
            raise RuntimeError(f"the OIDC provider did not start: {line}{process.stderr.read()}")
        yield line.split(" ", 1)[1].strip()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def provider_row(issuer: str, organisation, **extra):
    """The ``IdentityProvider`` row for the test provider, for one organisation."""
    from dueregard.core.models import IdentityProvider

    return IdentityProvider.objects.create(
        name="NHSmail",
        slug="nhsmail",
        button_label="Sign in with NHSmail",
        issuer=issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        email_domains="nhs.net",
        system=organisation.system,
        organisation=organisation,
        **extra,
    )
