"""One predicate per rule. Views ask ``can(scope, "rule.name")``; nothing else decides.

A rule is a named function of the current scope (and optionally an object). Rules that
only depend on roles are declared with ``role_rule``; anything subtler is a function.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied

from .roles import Role
from .tenancy import Scope

Predicate = Callable[..., bool]
RULES: dict[str, Predicate] = {}


def rule(name: str) -> Callable[[Predicate], Predicate]:
    def register(fn: Predicate) -> Predicate:
        if name in RULES:
            raise ValueError(f"Permission rule {name!r} is defined twice.")
        RULES[name] = fn
        return fn

    return register


def role_rule(name: str, *roles: Role, system_scope: bool | None = None) -> None:
    """Register a rule satisfied by any of ``roles`` (optionally only in one kind of scope)."""

    def predicate(scope: Scope, obj=None) -> bool:
        if system_scope is not None and scope.is_system != system_scope:
            return False
        return scope.has_role(*roles)

    predicate.__name__ = name.replace(".", "_")
    predicate.__doc__ = f"Holders of: {', '.join(str(r.label) for r in roles)}."
    rule(name)(predicate)


def can(scope: Scope, name: str, obj=None) -> bool:
    try:
        predicate = RULES[name]
    except KeyError as exc:
        raise KeyError(f"Unknown permission rule {name!r}.") from exc
    return bool(predicate(scope, obj)) if obj is not None else bool(predicate(scope))


def require(scope: Scope, name: str, obj=None) -> None:
    if not can(scope, name, obj):
        raise PermissionDenied(name)


def requires(name: str):
    """View decorator: 403 unless the current scope satisfies the rule."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.scope, name)
            return view(request, *args, **kwargs)

        wrapped.permission_rule = name
        return wrapped

    return decorate


# --- Core rules -------------------------------------------------------------------------
role_rule("members.view", Role.SYSTEM_ADMIN, Role.EDI_LEAD)
role_rule("members.invite", Role.SYSTEM_ADMIN, Role.EDI_LEAD)
role_rule("audit.view", Role.SYSTEM_ADMIN, Role.EDI_LEAD)
role_rule(
    "system.view",
    Role.SYSTEM_ADMIN,
    Role.EDI_LEAD,
    Role.ANALYST,
    Role.BOARD_MEMBER,
    system_scope=True,
)


@rule("members.change")
def can_change_membership(scope: Scope, membership=None) -> bool:
    """EDI leads and system admins manage members, but nobody removes their own access."""
    if not scope.has_role(Role.SYSTEM_ADMIN, Role.EDI_LEAD):
        return False
    if membership is not None and membership.user_id == scope.user_id:
        return False
    if membership is not None and membership.system_id and not scope.has_role(Role.SYSTEM_ADMIN):
        return False
    return True


# --- Sign-in and administration (issue 15) ------------------------------------------------
role_rule("tree.manage", Role.SYSTEM_ADMIN)
role_rule("access.review", Role.SYSTEM_ADMIN, Role.EDI_LEAD)
role_rule("people.leaver", Role.SYSTEM_ADMIN)
role_rule("people.reset_two_factor", Role.SYSTEM_ADMIN)
