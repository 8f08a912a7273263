"""Request ids on every log record, so one request's lines can be found together, and no
personal data or secrets in the records Django itself writes about requests."""

from __future__ import annotations

import contextvars
import logging

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "dueregard_request_id", default="-"
)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request).

    Django's ``django.request`` and ``django.security`` records name the path ("Not Found:
    /invitations/<token>/") and carry the request object, which a JSON formatter would
    write out: paths can hold tokens, so the path becomes the request id's line and the
    request object is dropped (the access line names the URL pattern instead).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        if record.name.startswith(("django.request", "django.security")):
            if hasattr(record, "request"):
                del record.request
            if isinstance(record.args, tuple) and len(record.args) >= 2:
                record.args = (record.args[0], "[path not logged]", *record.args[2:])
        return True
