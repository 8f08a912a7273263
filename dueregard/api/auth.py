"""Bearer-token authentication: the token's request acts as its creator, in its place.

Sets ``request.scope`` (the same ``Scope`` the web builds from the session),
``request.user`` and ``request.api_token``. Session cookies are never accepted, so the
API needs no CSRF token and a browser cannot be tricked into using it.
"""

from __future__ import annotations

from ninja.security import HttpBearer

from .services import tokens


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(retry_after)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = tokens.find(token.strip())
        if found is None:
            return None
        scope = tokens.scope_for(found)
        if scope is None:
            return None
        allowed, retry_after = tokens.admit(found)
        if not allowed:
            raise RateLimited(retry_after)
        request.user = found.user
        request.scope = scope
        request.api_token = found
        return found
