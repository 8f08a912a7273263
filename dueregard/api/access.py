"""The two checks an endpoint makes: the token's scope, then the web's permission rule."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from dueregard.core.permissions import can


def needs(token_scope: str, rule: str | None = None):
    """Endpoint decorator: the token must carry ``token_scope`` and, when given, the
    scope must satisfy the web's permission ``rule`` (the same predicate the pages use)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            token = request.api_token
            if token_scope not in token.scopes:
                raise PermissionDenied(
                    _("This token does not have the %(scope)s scope. Create a token with it.")
                    % {"scope": token_scope}
                )
            if rule is not None and not can(request.scope, rule):
                raise PermissionDenied(
                    _("The token's person does not have a role that allows this (%(rule)s).")
                    % {"rule": rule}
                )
            return view(request, *args, **kwargs)

        wrapped.token_scope = token_scope
        wrapped.permission_rule = rule
        return wrapped

    return decorate


def require_for(request, rule: str, obj) -> None:
    """The permission rule for one object (e.g. ``events.book`` for a series)."""
    if not can(request.scope, rule, obj):
        raise PermissionDenied(
            _("The token's person may not do this here (%(rule)s).") % {"rule": rule}
        )
