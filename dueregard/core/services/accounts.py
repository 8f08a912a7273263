"""Signing in and out, and resetting a password, with every step audited.

Sign-in is pluggable: this module handles e-mail and password; single sign-on or e-mailed
sign-in links add their own backend and call ``complete_sign_in``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from . import audit, notifications

User = get_user_model()


PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"  # noqa: S105 - a class path

# Session keys written at sign-in and read by the sign-in policy middleware.
SIGNED_IN_AT = "dueregard_signed_in_at"
SIGN_IN_METHOD = "dueregard_sign_in_method"
SSO_TWO_FACTOR = "dueregard_sso_two_factor"


def sign_in(request, email: str, password: str):
    """The signed-in user, or None. django-axes counts failures and locks out."""
    email = email.strip().lower()
    user = authenticate(request, email=email, password=password)
    if user is None:
        record_failure(request, "password", email=email)
        return None
    complete_sign_in(request, user, PASSWORD_BACKEND)
    return user


def complete_sign_in(
    request, user, backend: str, *, method: str = "password", two_factor: bool = False
) -> None:
    """The one way in: every sign-in method ends here, and each is audited with its method.

    ``two_factor`` is true when the method itself was two-factor (single sign-on whose
    provider reported a second factor); the session then needs no second step here.
    """
    login(request, user, backend=backend)
    request.session[SIGNED_IN_AT] = timezone.now().timestamp()
    request.session[SIGN_IN_METHOD] = method
    if two_factor:
        request.session[SSO_TWO_FACTOR] = True
    audit.record(
        "user.signed_in",
        actor=user,
        obj=user,
        after={"method": method, "two_factor": two_factor},
        request=request,
        **home_of(user),
    )


def home_of(user) -> dict:
    """Where a person's sign-in events belong in the audit trail: their first place."""
    if user is None or user.pk is None:
        return {}
    membership = (
        user.memberships.filter(is_active=True)
        .select_related("organisation__system", "system")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return {}
    if membership.organisation_id:
        return {"organisation": membership.organisation}
    return {"system": membership.system}


def record_failure(request, method: str, *, email: str = "", reason: str = "", user=None) -> None:
    """Audit a failed sign-in: which method, whose address (if typed) and why."""
    after = {"method": method}
    if email:
        after["email"] = email
    if reason:
        after["reason"] = reason
    if user is None and email:
        user = User.objects.filter(email__iexact=email).first()
    audit.record(
        "user.sign_in_failed", actor=None, obj=user, after=after, request=request, **home_of(user)
    )


def sign_out(request) -> None:
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        audit.record("user.signed_out", actor=user, obj=user, request=request, **home_of(user))
    logout(request)


def sign_out_everywhere(request) -> None:
    """End every session of the signed-in user, on every device, this one included."""
    user = request.user
    revoke_sessions(user)
    audit.record(
        "user.signed_out_everywhere", actor=user, obj=user, request=request, **home_of(user)
    )
    logout(request)


def revoke_sessions(user) -> None:
    """Sessions that started before now stop working at their next request."""
    user.sessions_revoked_at = timezone.now()
    user.save(update_fields=["sessions_revoked_at"])


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
