"""Core list pages for the constant-queries registry (tests/core/test_query_counts.py), and
the URL names that look like lists but are not (with the reason), or are not measured yet."""

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
_PENDING = "a list not measured yet (issue 24 follow-up): add a factory to QUERY_PAGES"

#: URL names matched by the list pattern that need no query-count check, with why.
NOT_LIST_PAGES = {
    "api:docs": "the API's documentation page, no rows",
    "core:cookies": _NOT_A_LIST,
    "core:demo-sign-in-as": _NOT_A_LIST,
    "core:recovery-codes": _NOT_A_LIST,
    "core:session-status": _NOT_A_LIST,
    "eds:action-status": _NOT_A_LIST,
    "eds:checks": _NOT_A_LIST,
    "eds:objectives": _NOT_A_LIST,
    "evidence:analysis-status": _NOT_A_LIST,
    "evidence:dataset-status": _NOT_A_LIST,
    "evidence:delete-rows": _NOT_A_LIST,
    "evidence:attach-eds": _NOT_A_LIST,
    # Lists whose factories are still to be written (listed, so none is forgotten):
    "api:tokens": _PENDING,
    "awards:index": _PENDING,
    "awards:judge-conflicts": _PENDING,
    "awards:judging": _PENDING,
    "awards:results": _PENDING,
    "awards:winners": _PENDING,
    "evidence:analysis": _PENDING,
    "mentoring:introductions": _PENDING,
    "mentoring:pairs": _PENDING,
    "publishing:requests": _PENDING,
}
