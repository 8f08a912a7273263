"""The load bench's world (``bench.load``), made in a child process with production settings.

``python -m bench.load_world SESSIONS`` runs against the migrated database that already
holds the frameworks and the demo (``load_demo``), and prints one JSON object:

* ``people``: every demo person (e-mail, the demo password, whether their role needs a
  second factor) with enough single-use recovery codes for their share of ``SESSIONS``
  sign-ins. The bench signs in through the real pages, and a person whose role needs a
  second factor (EDI lead, analyst, decision maker...) must use one in production; a TOTP
  code cannot be used twice in its 30 s step, so each sign-in uses a recovery code (the
  same ``/two-factor/verify/`` form and ``two_factor.verify`` service as the app's).
* ``pages``: the candidate pages, named by URL: every app's start page and the main pages
  of the demo's records (a decision and its record, an EDS assessment, outcome and report,
  the evidence workspace, events, mentoring, awards, networks, returns...). Which of them
  each person may see is found by requesting them (``bench.load``'s warm-up).
"""

from __future__ import annotations

import json
import sys

PAGES_PER_KIND = 2  # records of each kind (first ones in the demo) whose pages are visited


def _first(model, n: int = PAGES_PER_KIND) -> list[int]:
    return list(model.objects.order_by("pk").values_list("pk", flat=True)[:n])


def candidate_pages() -> list[str]:
    """The pages a person browses: start pages, then the demo records' main pages."""
    from django.urls import reverse

    from dueregard.awards.models import Nomination, Round
    from dueregard.eds.models import Assessment as EdsAssessment
    from dueregard.eds.models import OutcomeLead
    from dueregard.events.models import Series, Session
    from dueregard.evidence.models import Analysis, Dataset
    from dueregard.idmf.models import Assessment as IdmfRecord
    from dueregard.idmf.models import Decision
    from dueregard.mentoring.models import Programme
    from dueregard.networks.models import Network
    from dueregard.returns.models import ReturnYear

    starts = [
        "core:home",
        "core:members",
        "idmf:index",
        "idmf:overview",
        "eds:index",
        "eds:objectives",
        "eds:system",
        "evidence:index",
        "events:index",
        "mentoring:index",
        "awards:index",
        "networks:index",
        "returns:index",
        "returns:system",
        "returns:gpg",
        "population:index",
        "publishing:requests",
    ]
    pages = [reverse(name) for name in starts]
    per_record = [
        (Decision, ["idmf:detail", "idmf:history"]),
        (IdmfRecord, ["idmf:record"]),
        (EdsAssessment, ["eds:detail", "eds:coverage", "eds:plan", "eds:report"]),
        (Dataset, ["evidence:dataset"]),
        (Analysis, ["evidence:analysis"]),
        (Series, ["events:series"]),
        (Session, ["events:session", "events:attendees"]),
        (Programme, ["mentoring:programme", "mentoring:applications", "mentoring:summary"]),
        (Round, ["awards:round", "awards:results"]),
        (Nomination, ["awards:nomination"]),
        (Network, ["networks:network", "networks:members"]),
        (ReturnYear, ["returns:detail", "returns:analysis", "returns:board"]),
    ]
    for model, names in per_record:
        for pk in _first(model):
            pages += [reverse(name, args=[pk]) for name in names]
    # EDS outcome pages: the first outcome of each domain of the first assessment.
    first = EdsAssessment.objects.order_by("pk").first()
    if first is not None:
        codes = sorted(
            set(OutcomeLead.objects.filter(assessment=first).values_list("outcome_code", flat=True))
        )
        by_domain: dict[str, str] = {}
        for code in codes:
            by_domain.setdefault(code[:1], code)
        pages += [reverse("eds:outcome", args=[first.pk, c]) for c in by_domain.values()]
    return pages


def people(sessions: int) -> list[dict]:
    """The demo people, each with recovery codes for their share of the sign-ins."""
    from django.db import transaction
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from dueregard.core import demo
    from dueregard.core.models import User
    from dueregard.core.services import two_factor

    found = [User.objects.get(email=p.email) for p in demo.PEOPLE]
    share = -(-sessions // len(found))  # sign-ins per person, rounded up
    out = []
    with transaction.atomic():
        for user in found:
            codes: list[str] = []
            if two_factor.required_for(user):
                device, _ = StaticDevice.objects.get_or_create(
                    user=user, name="Load bench", defaults={"confirmed": True}
                )
                codes = [StaticToken.random_token() for _ in range(share)]
                StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
            out.append({"email": user.email, "password": demo.DEMO_PASSWORD, "codes": codes})
    return out


def main(argv: list[str]) -> None:
    import django

    django.setup()
    sessions = int(argv[0])
    print(json.dumps({"people": people(sessions), "pages": candidate_pages()}))


if __name__ == "__main__":
    main(sys.argv[1:])
