"""Two-factor sign-in with django-otp: an authenticator app (TOTP), recovery codes
(static tokens) and passkeys / security keys (django-otp-webauthn), and the policy of
who must use one.

Policy: a person must use a second factor when they hold one of ``TWO_FACTOR_ROLES``
(roles that can see special-category data or sign off) in an organisation or system that
requires it (``require_two_factor``, on by default). Others may choose to. A single
sign-on whose provider reported a second factor (``amr``/``acr``) counts, when that
provider is trusted for it.
"""

from __future__ import annotations

import base64
import io

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import Membership
from . import audit
from .accounts import SSO_TWO_FACTOR, home_of

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def required_for(user) -> bool:
    """Whether this person must use a second factor (their role, where it is required)."""
    roles = settings.TWO_FACTOR_ROLES
    memberships = Membership.objects.active().filter(user=user, role__in=roles)
    for m in memberships.select_related("organisation", "system"):
        place = m.organisation or m.system
        if place.require_two_factor:
            return True
    return False


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def session_is_verified(request) -> bool:
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return bool(request.session.get(SSO_TWO_FACTOR))


def methods(user) -> dict:
    """What the person has set up, for their two-factor page."""
    devices = list(devices_for_user(user, confirmed=True))
    recovery = next((d for d in devices if isinstance(d, StaticDevice)), None)
    return {
        "app": any(isinstance(d, TOTPDevice) for d in devices),
        "passkeys": [d for d in devices if d.__class__.__name__ == "WebAuthnCredential"],
        "recovery_left": recovery.token_set.count() if recovery else 0,
    }


# --- Authenticator app ---------------------------------------------------------------------
def pending_app(user) -> TOTPDevice:
    """The authenticator app being set up (unconfirmed until a code from it is typed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=APP_NAME).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def qr_code_svg(device: TOTPDevice) -> str:
    """The set-up QR code as an inline SVG data URL (no external service)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for people who cannot scan the QR code."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_app(request, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app with a code from it; returns new recovery codes (shown once)."""
    if not device.verify_token(_digits(code)):
        raise ValidationError(
            {"code": _("The code is not right. Type the 6-digit code your app shows now.")}
        )
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit.record(
        "user.two_factor_added",
        actor=device.user,
        obj=device.user,
        after={"method": "totp"},
        request=request,
        **home_of(device.user),
    )
    return new_recovery_codes(request, device.user)


def new_recovery_codes(request, user) -> list[str]:
    """Replace the person's recovery codes with 10 new single-use ones."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    audit.record(
        "user.recovery_codes_issued", actor=user, obj=user, request=request, **home_of(user)
    )
    return codes


def verify(request, code: str) -> None:
    """Check a code from the app or a recovery code, and mark this session two-factor."""
    user = request.user
    code = code.strip().replace(" ", "").lower()
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, TOTPDevice | StaticDevice) and device.verify_token(
            _digits(code) if isinstance(device, TOTPDevice) else code
        ):
            otp_login(request, device)
            method = "totp" if isinstance(device, TOTPDevice) else "recovery_code"
            audit.record(
                "user.two_factor_verified",
                actor=user,
                obj=user,
                after={"method": method},
                request=request,
                **home_of(user),
            )
            return
    audit.record(
        "user.two_factor_failed",
        actor=user,
        obj=user,
        after={"method": "code"},
        request=request,
        **home_of(user),
    )
    raise ValidationError(
        {
            "code": _(
                "The code is not right. Type the 6-digit code your app shows now, or one of "
                "your recovery codes."
            )
        }
    )


def passkey_by_id(user, response):
    """The passkey a registration response names (``{"id": pk}``)."""
    import json

    from django_otp_webauthn.models import WebAuthnCredential

    pk = json.loads(response.content).get("id")
    return WebAuthnCredential.objects.filter(user=user, pk=pk).first()


def record_passkey(request, device, action: str) -> None:
    """Audit a passkey added or used (the library's views do the ceremony)."""
    user = device.user
    audit.record(
        action, actor=user, obj=user, after={"method": "webauthn"}, request=request, **home_of(user)
    )


def remove_all(request, user) -> None:
    """Turn two-factor sign-in off (refused when the person's role requires it)."""
    if required_for(user):
        raise ValidationError(
            _(
                "Your role needs two-factor sign-in, so it cannot be turned off. "
                "You can set up a new app instead."
            )
        )
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    audit.record("user.two_factor_removed", actor=user, obj=user, request=request, **home_of(user))


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())
