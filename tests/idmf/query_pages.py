"""IDMF list pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.core.management import call_command
from django.urls import reverse

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


QUERY_PAGES = {
    "idmf:index": _index,
    "idmf:overview": _overview,
}
