"""Signing in and out, and resetting a password, with every step audited.

Sign-in is pluggable: this module handles e-mail and password; single sign-on or e-mailed
sign-in links add their own backend and call ``complete_sign_in``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from . import audit, notifications

User = get_user_model()


def sign_in(request, email: str, password: str):
    """The signed-in user, or None. django-axes counts failures and locks out."""
    user = authenticate(request, email=email.strip().lower(), password=password)
    if user is None:
        return None
    complete_sign_in(request, user, "django.contrib.auth.backends.ModelBackend")
    return user


def complete_sign_in(request, user, backend: str) -> None:
    login(request, user, backend=backend)
    audit.record("user.signed_in", actor=user, obj=user, request=request)


def sign_out(request) -> None:
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        audit.record("user.signed_out", actor=user, obj=user, request=request)
    logout(request)


def request_password_reset(email: str, base_url: str) -> None:
    """Send a reset link if the address belongs to an active account; say nothing otherwise."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    # Throttled: a few reset e-mails per address per hour, whoever asks (issue 16).
    if notifications.sent_recently(user.email, "password_reset") >= (
        settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    ):
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url + reverse("core:password-reset-confirm", args=[uid, token])
    notifications.send(user.email, "password_reset", {"user": user, "link": link})
    audit.record("user.password_reset_requested", actor=None, obj=user)


def user_for_reset(uidb64: str, token: str):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        return None
    if not default_token_generator.check_token(user, token):
        return None
    return user


def set_password(user, password: str, *, request=None) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record("user.password_changed", actor=user, obj=user, request=request)
