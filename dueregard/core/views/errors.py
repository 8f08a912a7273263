"""Error pages in the NHS.UK layout."""

import errno
import sys

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..tenancy import EMPTY_SCOPE


def forbidden(request, exception=None):
    return render(request, "core/errors/403.html", status=403)


def not_found(request, exception=None):
    return render(request, "core/errors/404.html", status=404)


def database_unavailable(exc: BaseException | None) -> bool:
    """True when the error means the database cannot be reached (not a bug in a query)."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    try:
        from psycopg_pool import PoolTimeout
    except ImportError:  # pragma: no cover - psycopg_pool is a dependency
        return False
    return isinstance(exc, PoolTimeout) or (
        isinstance(exc, DatabaseError) and isinstance(exc.__cause__, PoolTimeout)
    )


def storage_full(exc: BaseException | None) -> bool:
    """True when a file could not be written because the disk or quota is full."""
    return isinstance(exc, OSError) and exc.errno in {errno.ENOSPC, errno.EDQUOT}


def server_error(request):
    """The 500 page, or a 503 when the database is unavailable.

    It renders without touching the database: the page is shown as to a signed-out person
    (the session and the user live in the database), and without messages.
    """
    exc = sys.exc_info()[1]
    unavailable = database_unavailable(exc)
    request.user = AnonymousUser()
    request.scope = EMPTY_SCOPE
    # Messages kept in a cookie, not the session: nothing here may reach the database.
    request._messages = CookieStorage(request)
    if unavailable:
        template, status = "core/errors/503.html", 503
    elif storage_full(exc):
        template, status = "core/errors/storage_full.html", 507
    else:
        template, status = "core/errors/500.html", 500
    try:
        response = render(request, template, status=status)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        response = HttpResponse(
            _("Sorry, there is a problem with the service. Try again later."),
            content_type="text/plain; charset=utf-8",
            status=status,
        )
    if unavailable:
        response["Retry-After"] = "60"
    return response
