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


def _coauthors(org, user):
    from dueregard.core.models import User
    from dueregard.idmf.models import CoAuthor

    call_command("load_frameworks", verbosity=0)
    decision = make_decision(org, user)
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            person = User.objects.create_user(
                f"coauthor{made[0]}@example.nhs.uk", "correct horse battery"
            )
            CoAuthor.objects.create(decision=decision, user=person, added_by=user)

    return reverse("idmf:coauthors", args=[decision.pk]), add


QUERY_PAGES = {
    "idmf:coauthors": _coauthors,
    "idmf:index": _index,
    "idmf:overview": _overview,
}
