"""Every curl example in docs/api.md runs against a live server and works."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from dueregard.core.models import Organisation
from dueregard.core.roles import Role
from dueregard.eds.models import Assessment
from dueregard.events.models import Session
from dueregard.evidence.services import synthetic

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def examples() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(), flags=re.S)
    return [b for b in blocks if "export " not in b]


def test_the_page_has_examples_for_every_task():
    text = "\n".join(examples())
    for needle in (
        "/decisions",
        "-X POST",
        "/eds/assessments",
        "If-None-Match",
        "/bookings",
        "file=@",
        "/analyses",
    ):
        assert needle in text, needle


@pytest.mark.skipif(shutil.which("curl") is None and not os.environ.get("CI"), reason="needs curl")
def test_every_example_works(
    live_server, transactional_db, make_user, make_token, tmp_path, settings
):
    settings.API_RATE_LIMIT_PER_MINUTE = 1000
    call_command("load_frameworks", verbosity=0)
    call_command("load_demo", verbosity=0)
    org = Organisation.objects.get(ods_code="XRV02")
    user = make_user("docs.examples@example.nhs.uk")
    for role in Role:
        make_user(user.email, role, organisation=org)
    clean = synthetic.uptake_csv(seed=1).replace(synthetic.MESSY_LABEL.encode(), b"African")
    (tmp_path / "flu.csv").write_bytes(clean)
    env = {
        **os.environ,
        "DUEREGARD": live_server.url,
        "TOKEN": make_token(user, org),
        "ASSESSMENT_ID": str(Assessment.objects.filter(organisation=org).first().pk),
        "SESSION_ID": str(
            Session.objects.filter(series__system=org.system, series__register_by_group=False)
            .last()
            .pk
        ),
    }
    for block in examples():
        run = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", block],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, f"{block}\n{run.stdout}\n{run.stderr}"
        if "If-None-Match" in block:
            assert run.stdout.strip() == "304", run.stdout
        elif "--fail-with-body" not in block:  # the error example
            assert json.loads(run.stdout)["status"] == 401
        else:
            answers = _json_values(run.stdout)
            assert answers and all(isinstance(a, dict | list) for a in answers), run.stdout


def _json_values(text: str) -> list:
    """The JSON documents curl printed one after another."""
    decoder, out, at = json.JSONDecoder(), [], 0
    text = text.strip()
    while at < len(text):
        value, at = decoder.raw_decode(text, at)
        out.append(value)
        while at < len(text) and text[at].isspace():
            at += 1
    return out
