"""The real client address behind a known number of trusted reverse proxies."""

from __future__ import annotations

from django.conf import settings


def forwarded_client(remote_addr: str, forwarded_for: str, proxy_count: int) -> str:
    """The client address when ``proxy_count`` proxies each appended to X-Forwarded-For.

    Each trusted proxy appends the address it received the request from, so the client is
    the ``proxy_count``-th entry from the right; entries further left were written by the
    client and are not trusted. With no trusted proxies the socket address is the client.
    """
    if proxy_count <= 0:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if len(hops) < proxy_count:
        # Fewer hops than proxies: the request did not come through them all.
        return hops[0] if hops else remote_addr
    return hops[-proxy_count]


def client_ip(request) -> str:
    """The client address for throttling and the audit trail (set by the middleware)."""
    return request.META.get("REMOTE_ADDR", "")


def trusted_proxy_count() -> int:
    return int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
