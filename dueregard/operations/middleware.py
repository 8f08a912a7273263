"""Middleware for running behind proxies: the client address, request ids, private responses."""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.cache import patch_cache_control

from .logs import current_request_id
from .proxies import forwarded_client, trusted_proxy_count

access_log = logging.getLogger("dueregard.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class TrustedProxyMiddleware:
    """Sets REMOTE_ADDR to the client's address behind ``TRUSTED_PROXY_COUNT`` proxies.

    Everything that keys on the client (django-axes sign-in throttling, password-reset
    throttling, the audit trail) then sees the person, not the proxy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = trusted_proxy_count()
        if count:
            request.META["REMOTE_ADDR"] = forwarded_client(
                request.META.get("REMOTE_ADDR", ""),
                request.META.get("HTTP_X_FORWARDED_FOR", ""),
                count,
            )
        return self.get_response(request)


class RequestIdMiddleware:
    """Gives each request an id (a trusted proxy's ``X-Request-ID``, or a new one), puts it
    on every log record and on the response, and logs one line per request.

    The access line names the URL pattern, never the path: paths can hold tokens, and no
    e-mail address, name or client address is logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        if trusted_proxy_count() and REQUEST_ID.match(offered):
            request_id = offered
        else:
            request_id = uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            match = getattr(request, "resolver_match", None)
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "route": (match.route if match else "") or "-",
                    "view": (match.view_name if match else "") or "-",
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            current_request_id.reset(token)


class PrivateResponseMiddleware:
    """``Cache-Control: no-store`` on every page and download the application makes (they
    may hold personal data), unless a view chose its own caching; and Permissions-Policy.

    Static files are answered by WhiteNoise above this middleware and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = policy
        return response
