"""Core list pages for the constant-queries registry (tests/core/test_query_counts.py), and
the URL names that look like lists but are not (with the reason)."""

from django.urls import reverse

from dueregard.core.models import User
from dueregard.core.roles import Role
from dueregard.core.services import audit
from dueregard.core.services.memberships import grant


def _members(org, user):
    def add(n):
        for _ in range(n):
            person = User.objects.create_user(
                f"member{User.objects.count()}@example.nhs.uk", "correct horse battery"
            )
            grant(person, Role.STAFF, organisation=org)

    return reverse("core:members"), add


def _audit(org, user):
    def add(n):
        for i in range(n):
            audit.record("test.event", actor=user, organisation=org, after={"i": i})

    return reverse("core:audit"), add


QUERY_PAGES = {
    "core:members": _members,
    "core:audit": _audit,
}

_NOT_A_LIST = "not a list: one object, a form or a status fragment"

#: URL names matched by the list pattern that need no query-count check, with why.
NOT_LIST_PAGES = {
    "api:docs": "the API's documentation page, no rows",
    "core:cookies": _NOT_A_LIST,
    "core:demo-sign-in-as": _NOT_A_LIST,
    "core:recovery-codes": _NOT_A_LIST,
    "core:session-status": _NOT_A_LIST,
    "eds:action-status": _NOT_A_LIST,
    "eds:checks": _NOT_A_LIST,
    "eds:import-status": _NOT_A_LIST,
    "eds:objectives": _NOT_A_LIST,
    "evidence:analysis-status": _NOT_A_LIST,
    "evidence:dataset-status": _NOT_A_LIST,
    "evidence:delete-rows": _NOT_A_LIST,
    "evidence:attach-eds": _NOT_A_LIST,
    "evidence:analysis": "one analysis: its table is the stored result, not rows queried",
    "evidence:drop-identifiers": "a POST action that redirects to the mapping page",
    "privacy:index": "the record of processing: the code's declarations, no database rows",
    "returns:analysis": "a form choosing a return year's analyses (one query for the choices)",
}
