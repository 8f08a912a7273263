"""Tokens and a client that sends them."""

import pytest

from dueregard.api import scopes
from dueregard.api.services import tokens
from dueregard.core.roles import Role
from dueregard.core.tenancy import resolve_scope


@pytest.fixture
def make_token(db):
    def make(user, organisation=None, codes=None, days=30):
        scope = resolve_scope(user, f"org:{organisation.pk}" if organisation else None)
        return tokens.create(
            scope, user, name="Board papers", scopes=codes or list(scopes.SCOPES), days=days
        ).plaintext

    return make


@pytest.fixture
def everything_a(make_user, org_a):
    """A person holding every role in organisation A."""
    user = make_user("all.a@example.nhs.uk")
    for role in Role:
        make_user("all.a@example.nhs.uk", role, organisation=org_a)
    return user


@pytest.fixture
def api(client):
    """``api(token).get(path)``: the test client with the token in the Authorization header."""

    class Caller:
        def __init__(self, token):
            self.headers = {"Authorization": f"Bearer {token}"} if token else {}

        def get(self, path, data=None, **kw):
            headers = {**self.headers, **kw.pop("headers", {})}
            return client.get(path, data, headers=headers, **kw)

        def post(self, path, data=None, **kw):
            kw.setdefault("content_type", "application/json")
            if kw["content_type"] is None:  # multipart, the test client's default
                del kw["content_type"]
            return client.post(
                path, data=data, headers={**self.headers, **kw.pop("headers", {})}, **kw
            )

    return Caller
