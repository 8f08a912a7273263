"""IDMF list pages for the constant-queries registry (tests/core/test_query_counts.py)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from .helpers import make_decision


def _decisions(org, user):
    call_command("load_frameworks", verbosity=0)

    def add(n):
        for i in range(n):
            make_decision(org, user, title=f"Decision {i}")

    return add


def _index(org, user):
    return reverse("idmf:index"), _decisions(org, user)


def _overview(org, user):
    return reverse("idmf:overview"), _decisions(org, user)


def _coauthors(org, user):
    from dueregard.core.roles import Role
    from dueregard.core.services.memberships import grant
    from dueregard.idmf.services import coauthors

    call_command("load_frameworks", verbosity=0)
    decision = make_decision(org, user)
    made = []

    def add(n):
        for _ in range(n):
            person = get_user_model().objects.create_user(
                f"coauthor{len(made)}@example.nhs.uk", full_name=f"Co-author {len(made)}"
            )
            grant(person, Role.STAFF, organisation=org)
            made.append(coauthors.add(decision, actor=user, email=person.email))

    return reverse("idmf:coauthors", args=[decision.pk]), add


def _partners(org, user):
    from dueregard.idmf.services import partners

    call_command("load_frameworks", verbosity=0)
    decision = make_decision(org, user)
    made = []

    def add(n):
        for _ in range(n):
            made.append(
                partners.invite(
                    decision,
                    actor=user,
                    email=f"partner{len(made)}@council.example.org",
                    full_name=f"Partner {len(made)}",
                    organisation_name="Riverside Council",
                    expires_on=timezone.localdate() + dt.timedelta(days=30),
                )
            )

    return reverse("idmf:partners", args=[decision.pk]), add


QUERY_PAGES = {
    "idmf:index": _index,
    "idmf:overview": _overview,
    "idmf:coauthors": _coauthors,
    "idmf:partners": _partners,
}
