"""E-mailed sign-in links (django-sesame) for people without an NHS account: community
panel members, award nominees and nominators from outside, workshop invitees.

A link works once (``SESAME_ONE_TIME``: signing in by any means ends it) and only for
``SESAME_MAX_AGE`` seconds. It signs the person into the account they were invited to,
so they reach only the places their memberships give them. People whose role needs
two-factor sign-in still have to use their second factor afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from sesame.utils import get_query_string, get_user

from ..models import User
from . import accounts, audit, notifications

BACKEND = "sesame.backends.ModelBackend"


def send_link(email: str, base_url: str, *, next_url: str = "", request=None) -> None:
    """E-mail a sign-in link if the address has an active account; say nothing otherwise
    (so the form does not tell a stranger who has an account)."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        audit.record(
            "user.sign_in_link_refused",
            after={"email": email, "reason": "no active account"},
            request=request,
        )
        return
    link = base_url + reverse("core:link-sign-in") + get_query_string(user)
    if next_url and _is_local(next_url):
        link += "&" + _next_param(next_url)
    notifications.send(
        user.email,
        "sign_in_link",
        {"user": user, "link": link, "minutes": settings.SESAME_MAX_AGE // 60},
    )
    audit.record(
        "user.sign_in_link_sent", actor=None, obj=user, request=request, **accounts.home_of(user)
    )


def sign_in_with(request):
    """Sign in with the token of the link (``?sesame=…``); the user, or None when it is
    used, expired or not recognised."""
    user = get_user(request, update_last_login=False)
    if user is None or not user.is_active:
        accounts.record_failure(request, "link", reason="link used, expired or not recognised")
        return None
    accounts.complete_sign_in(request, user, BACKEND, method="link")
    return user


def _is_local(url: str) -> bool:
    return url_has_allowed_host_and_scheme(url, allowed_hosts=set()) and url.startswith("/")


def _next_param(url: str) -> str:
    from django.utils.http import urlencode

    return urlencode({"next": url})
