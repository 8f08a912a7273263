"""Every list and report page costs the same number of queries for 0, 50 and 200 more rows.

Each app's tests may have a ``query_pages.py`` with ``QUERY_PAGES``: URL name → a factory
``factory(org, user) -> (url, add_rows)``, where ``user`` holds every role in ``org`` and
``add_rows(n)`` adds ``n`` more rows of what the page lists. After a first row the page
is requested with 0, then 50, then 200 extra rows; its query count must not change (a
query per row — an N+1 — fails). ``test_every_list_page_is_registered`` fails when a URL
whose name says it lists (``index``, ``overview``, ``…s``, ``…report…``, ``series``…) has
no factory and is not in an app's ``NOT_LIST_PAGES`` (with the reason), so a new page
cannot forget the check.
"""

import importlib
import pkgutil
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import tests
from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant

from .test_tenancy_isolation import _patterns

SIZES = (0, 50, 200)
#: URL names that look like lists: index pages, plural names, reports, registers.
LISTY = re.compile(r"(^|:)(index|overview|register|series|attendees|results|judging)$|s$|report")


def _collect():
    pages, not_lists = {}, {}
    for info in pkgutil.iter_modules(tests.__path__):
        try:
            module = importlib.import_module(f"tests.{info.name}.query_pages")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{info.name}.query_pages":
                raise
            continue
        pages.update(module.QUERY_PAGES)
        not_lists.update(getattr(module, "NOT_LIST_PAGES", {}))
    return pages, not_lists


QUERY_PAGES, NOT_LIST_PAGES = _collect()


def _listy_names():
    return {
        name
        for name, _ in _patterns()
        if not name.startswith("api-v1:") and LISTY.search(name.split(":")[-1] + ":" + name)
    }


def test_every_list_page_is_registered():
    missing = _listy_names() - set(QUERY_PAGES) - set(NOT_LIST_PAGES)
    assert not missing, (
        "Add these list/report pages to an app's tests/<app>/query_pages.py QUERY_PAGES "
        f"(or NOT_LIST_PAGES with the reason): {sorted(missing)}"
    )


def test_registered_names_exist():
    names = {name for name, _ in _patterns()}
    assert not (set(QUERY_PAGES) | set(NOT_LIST_PAGES)) - names


@pytest.mark.parametrize("url_name", sorted(QUERY_PAGES))
def test_query_count_does_not_grow_with_rows(url_name, org_a, make_user, client_for):
    user = make_user("every.role.a@example.nhs.uk")
    for role in Role:
        grant(user, role, organisation=org_a)
    url, add_rows = QUERY_PAGES[url_name](org_a, user)
    client = client_for(user)
    add_rows(1)  # one row to start from: an empty list may skip a query for the rows
    client.get(url)  # warm caches that are not per row (frameworks, sessions)
    counts, added = [], 0
    for size in SIZES:
        add_rows(size - added)
        added = size
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, f"{url_name}: HTTP {response.status_code}"
        # The session is saved when a minute has passed since the last recorded activity
        # (core.session_policy), which depends on how long adding the rows took.
        counts.append(sum(1 for q in ctx.captured_queries if "django_session" not in q["sql"]))
    assert len(set(counts)) == 1, (
        f"{url_name}: {counts} queries with {SIZES} extra rows; the growth is a query per row:\n"
        + "\n".join(q["sql"][:200] for q in ctx.captured_queries[-10:])
    )
