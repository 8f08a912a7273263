"""API pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse

from dueregard.api import scopes
from dueregard.api.services import tokens
from dueregard.core.tenancy import resolve_scope


def _tokens(org, user):
    made = [0]

    def add(n):
        scope = resolve_scope(user, f"org:{org.pk}")
        for _ in range(n):
            made[0] += 1
            tokens.create(
                scope, user, name=f"Board papers {made[0]}", scopes=list(scopes.SCOPES), days=30
            )

    return reverse("api:tokens"), add


QUERY_PAGES = {"api:tokens": _tokens}
