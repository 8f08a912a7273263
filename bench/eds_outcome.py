"""Benchmark: the EDS outcome page renders in well under 50 ms of server time (issue 24).

In a subprocess (test settings, a fresh in-memory SQLite database, migrated): load the
frameworks, make an organisation, an EDS 2022 assessment with 3 services and 12 pieces of
evidence on outcome 1A, and a lead holding every role (so every form shows), then request
the outcome page ``/eds/<pk>/outcomes/1A/`` through Django's test client
``REPEAT`` times after ``WARM`` warm-up requests, and report the median and p90 of the
whole request (view, queries and templates; no network). Target: median < 50 ms.

Run with ``python -m bench eds_outcome`` or ``python bench/eds_outcome.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 50.0
WARM, REPEAT = 5, 60
SERVICES, EVIDENCE_PER_SERVICE = 3, 4


def _fill(assessment) -> None:
    """A realistic outcome: a few services, each with evidence on the outcome."""
    from dueregard.eds.models import Evidence, Service

    for s in range(SERVICES):
        service = Service.objects.create(assessment=assessment, name=f"Service {s}")
        Evidence.objects.bulk_create(
            Evidence(
                assessment=assessment,
                outcome_code="1A",
                service=service,
                kind="text",
                title=f"Uptake by ethnicity {s}.{i}",
                text="Figures by group, with the gaps explained.",
                may_be_published=True,
            )
            for i in range(EVIDENCE_PER_SERVICE)
        )


def _measure() -> dict:
    """Runs inside the subprocess, with Django set up on an in-memory database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from dueregard.core.models import Organisation, OrganisationType, System, User
    from dueregard.core.roles import Role
    from dueregard.core.services.memberships import grant
    from dueregard.core.tenancy import Scope
    from dueregard.eds.services import assessments

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_frameworks", verbosity=0)
    system = System.objects.create(name="Bench ICS", code="BICS")
    org = Organisation.objects.create(
        system=system, name="Bench NHS Trust", ods_code="BNH", type=OrganisationType.NHS_TRUST
    )
    user = User.objects.create_user("lead@example.nhs.uk", "correct horse battery")
    for role in Role:
        grant(user, role, organisation=org)
    scope = Scope(user.pk, system, org, frozenset({"edi_lead"}))
    a = assessments.create(scope, user, framework_code="eds-2022", title="EDS", period="2025-26")
    _fill(a)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("eds:outcome", args=[a.pk, "1A"])
    times = []
    for i in range(WARM + REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        if i >= WARM:
            times.append(elapsed * 1000)
    times.sort()
    return {
        "median": statistics.median(times),
        "p90": times[int(0.9 * (len(times) - 1))],
        "bytes": len(response.content),
    }


def run() -> list[dict]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dueregard.config.settings.test",
        "DATABASE_URL": "sqlite://:memory:",
    }
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr else "failed")
    m = json.loads(out.stdout.strip().splitlines()[-1])
    ok = m["median"] < TARGET_MS
    return [
        {
            "benchmark": "EDS outcome page (issue 24)",
            "measure": f"server time, median of {REPEAT} (target < {TARGET_MS:.0f} ms)",
            "status": "PASS" if ok else "FAIL",
            "results": f"median {m['median']:.1f} ms, p90 {m['p90']:.1f} ms, "
            f"{m['bytes'] // 1024} KiB; margin {TARGET_MS / m['median']:.1f}×",
        }
    ]


if __name__ == "__main__":
    if "--child" in sys.argv:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(_measure()))
    else:
        sys.path.insert(0, str(ROOT))
        from bench._table import render

        print(render(run()))
