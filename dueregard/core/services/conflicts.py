"""Conflicts of interest on a selection panel (awards judging, change-maker cohorts).

One rule for every panel: a panel member never sees, scores or decides on a case they
declared a conflict with, nor one about themselves (their own e-mail address), nor one
they are party to in another way (the person who nominated, the line manager who
supported). Apps pass the lookups that name those people on their own rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet


def exclude_conflicted(
    queryset: QuerySet,
    *,
    declared: dict,
    email: str,
    user_id: int | None,
    email_fields: Iterable[str] = (),
    user_fields: Iterable[str] = (),
) -> QuerySet:
    """``queryset`` without the rows the panel member is conflicted on.

    ``declared``: the lookup of the member's declared conflicts (e.g.
    ``{"conflicts__judge": judge}``); ``email_fields``: fields holding the e-mail address
    of a person party to the case (compared case-insensitively with ``email``);
    ``user_fields``: fields holding the account of such a person.
    """
    queryset = queryset.exclude(**declared)
    if email:
        for name in email_fields:
            queryset = queryset.exclude(**{f"{name}__iexact": email})
    if user_id is not None:
        for name in user_fields:
            queryset = queryset.exclude(**{name: user_id})
    return queryset
