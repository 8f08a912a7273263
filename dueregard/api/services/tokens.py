"""API tokens: create (shown once), authenticate, rate limit, revoke. Each change audited.

A token is ``dr_<prefix>_<secret>``: the prefix finds the row, and the SHA-256 hash of the
whole token is compared in constant time. The secret has 256 bits of entropy, so a fast
hash is enough (a slow password hash protects guessable secrets, not random ones).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.services import audit
from dueregard.core.tenancy import Scope, available_scopes

from .. import scopes as token_scopes
from ..models import ApiToken

PREFIX = "dr_"
MAX_DAYS = 366
LAST_USED_EVERY = dt.timedelta(seconds=60)  # write "last used" at most once a minute
WINDOW = dt.timedelta(seconds=60)


def rate_limit() -> int:
    """Requests one token may make in a minute (``API_RATE_LIMIT_PER_MINUTE``)."""
    return int(getattr(settings, "API_RATE_LIMIT_PER_MINUTE", 120))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    plaintext: str  # shown once, never stored


@transaction.atomic
def create(scope: Scope, actor, *, name: str, scopes: list[str], days: int, request=None):
    """A token for the creator's current organisation (or whole system)."""
    if scope.is_empty:
        raise ValidationError(_("Choose an organisation before creating a token."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter a name that says which system will use it")})
    if not token_scopes.valid(scopes):
        raise ValidationError({"scopes": _("Choose at least one thing the token may do")})
    if not 1 <= int(days) <= MAX_DAYS:
        raise ValidationError({"days": _("Choose how long the token lasts: at most a year")})
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():  # pragma: no cover - 1 in 4 billion
        prefix = secrets.token_hex(4)
    plaintext = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        system=scope.system,
        organisation=scope.organisation,
        name=name,
        prefix=prefix,
        token_hash=hash_token(plaintext),
        scopes=sorted(set(scopes)),
        user=actor,
        expires_at=timezone.now() + dt.timedelta(days=int(days)),
    )
    audit.record(
        "api.token.created",
        actor=actor,
        obj=token,
        request=request,
        after={"name": name, "scopes": token.scopes, "expires_at": token.expires_at},
    )
    return NewToken(token, plaintext)


@transaction.atomic
def revoke(token: ApiToken, actor, request=None) -> ApiToken:
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        "api.token.revoked", actor=actor, obj=token, request=request, after={"revoked": True}
    )
    return token


def find(plaintext: str) -> ApiToken | None:
    """The active token with this text, or None (unknown, revoked or expired)."""
    if not plaintext.startswith(PREFIX) or plaintext.count("_") < 2:
        return None
    prefix = plaintext[len(PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("user", "system", "organisation").filter(prefix=prefix)
    token = token.first()
    if token is None or not hmac.compare_digest(token.token_hash, hash_token(plaintext)):
        return None
    if not token.is_active() or not token.user.is_active:
        return None
    return token


def scope_for(token: ApiToken) -> Scope | None:
    """The creator's scope at the token's place, with the roles they hold there today.

    The same ``Scope`` the web builds from the session: the same queries and permission
    rules apply. None when the person no longer has a role there.
    """
    key = f"org:{token.organisation_id}" if token.organisation_id else f"system:{token.system_id}"
    for scope in available_scopes(token.user):
        if scope.key == key:
            return scope
    return None


def admit(token: ApiToken, now=None) -> tuple[bool, int]:
    """Count a request in the token's window: ``(allowed, seconds until the window ends)``.

    Two conditional UPDATEs, so concurrent requests in several processes count correctly.
    """
    now = now or timezone.now()
    rows = ApiToken.objects.filter(pk=token.pk)
    limit = rate_limit()
    fresh = now - WINDOW
    counted = rows.filter(window_started_at__gt=fresh, window_count__lt=limit).update(
        window_count=F("window_count") + 1
    )
    if not counted:
        window_over = Q(window_started_at__isnull=True) | Q(window_started_at__lte=fresh)
        counted = rows.filter(window_over).update(window_started_at=now, window_count=1)
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_EVERY:
        rows.update(last_used_at=now)
    if counted:
        return True, 0
    started = rows.values_list("window_started_at", flat=True).first() or now
    return False, max(1, int((started + WINDOW - now).total_seconds()) + 1)


def remaining(token: ApiToken) -> int:
    count = ApiToken.objects.filter(pk=token.pk).values_list("window_count", flat=True).first()
    return max(0, rate_limit() - (count or 0))
