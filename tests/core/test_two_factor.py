"""Two-factor sign-in: the policy, an authenticator app (codes computed here, RFC 6238),
recovery codes, and the audit trail."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from django.core import mail
from django.test import Client

from dueregard.core.models import AuditEvent
from dueregard.core.roles import Role
from dueregard.core.services import two_factor


def totp(secret_base32: str, at: float | None = None, step: int = 30) -> str:
    """RFC 6238 with SHA-1 and 6 digits, written out so the test does not trust the library."""
    secret = secret_base32.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


@pytest.fixture
def enforced(settings):
    settings.TWO_FACTOR_ENFORCED = True
    # django-otp makes you wait after a wrong code (1 s, doubling); not in these tests.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return settings


def _password_sign_in(client, email):
    return client.post("/sign-in/", {"email": email, "password": "correct horse battery"})


def _set_up_app(client):
    page = client.get("/two-factor/app/")
    assert page.status_code == 200
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    done = client.post("/two-factor/app/", {"code": totp(secret)})
    assert done.status_code == 200, done.content.decode()[:2000]
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    return secret, codes


def test_policy_requires_sensitive_roles_where_the_organisation_says(
    make_user, org_a, staff_a, edi_lead_a
):
    assert two_factor.required_for(edi_lead_a)
    assert not two_factor.required_for(staff_a)
    org_a.require_two_factor = False
    org_a.save()
    assert not two_factor.required_for(edi_lead_a)
    analyst = make_user("analyst@example.nhs.uk", Role.ANALYST, system=org_a.system)
    assert two_factor.required_for(analyst)


def test_edi_lead_must_set_up_an_app_then_use_it_at_each_sign_in(client, enforced, edi_lead_a):
    _password_sign_in(client, edi_lead_a.email)
    blocked = client.get("/members/")
    assert blocked.status_code == 302 and blocked.url.startswith("/two-factor/?next=")
    secret, codes = _set_up_app(client)
    assert len(codes) == 10
    assert client.get("/members/").status_code == 200
    client.post("/sign-out/")

    _password_sign_in(client, edi_lead_a.email)
    blocked = client.get("/members/")
    assert blocked.url.startswith("/two-factor/verify/")
    wrong = client.post("/two-factor/verify/?next=/members/", {"code": "000000"})
    assert wrong.status_code == 400 and "The code is not right" in wrong.content.decode()
    # The code used at set-up cannot be used again, so take the next period's code.
    ok = client.post("/two-factor/verify/?next=/members/", {"code": totp(secret, time.time() + 30)})
    assert ok.status_code == 302 and ok.url == "/members/"
    assert client.get("/members/").status_code == 200

    actions = list(AuditEvent.objects.filter(actor=edi_lead_a).values_list("action", "after"))
    assert ("user.two_factor_added", {"method": "totp"}) in actions
    assert ("user.two_factor_failed", {"method": "code"}) in actions
    assert ("user.two_factor_verified", {"method": "totp"}) in actions


def test_a_recovery_code_works_once(client, enforced, edi_lead_a):
    _password_sign_in(client, edi_lead_a.email)
    _secret, codes = _set_up_app(client)
    client.post("/sign-out/")
    _password_sign_in(client, edi_lead_a.email)
    assert client.post("/two-factor/verify/", {"code": codes[0].upper()}).status_code == 302
    client.post("/sign-out/")
    _password_sign_in(client, edi_lead_a.email)
    assert client.post("/two-factor/verify/", {"code": codes[0]}).status_code == 400
    event = AuditEvent.objects.filter(action="user.two_factor_verified").first()
    assert event.after == {"method": "recovery_code"}


def test_staff_may_choose_two_factor_and_turn_it_off(client, enforced, staff_a):
    _password_sign_in(client, staff_a.email)
    assert client.get("/").status_code == 200  # not required
    _set_up_app(client)
    assert two_factor.has_device(staff_a)
    client.post("/two-factor/turn-off/")
    assert not two_factor.has_device(staff_a)


def test_a_required_second_factor_cannot_be_turned_off(client, enforced, edi_lead_a):
    _password_sign_in(client, edi_lead_a.email)
    _set_up_app(client)
    response = client.post("/two-factor/turn-off/", follow=True)
    assert "cannot be turned off" in response.content.decode()
    assert two_factor.has_device(edi_lead_a)


def test_empty_and_wrong_codes_say_what_to_do(client, enforced, edi_lead_a):
    _password_sign_in(client, edi_lead_a.email)
    client.get("/two-factor/app/")
    empty = client.post("/two-factor/app/", {"code": ""})
    assert empty.status_code == 400 and "Enter the 6-digit code" in empty.content.decode()
    wrong = client.post("/two-factor/app/", {"code": "12345x"})
    assert wrong.status_code == 400 and "The code is not right" in wrong.content.decode()
    assert not mail.outbox


def test_a_system_administrator_resets_a_lost_second_factor(
    client, client_for, enforced, edi_lead_a, make_user, org_a
):
    from dueregard.core.models import Membership

    _password_sign_in(client, edi_lead_a.email)
    _set_up_app(client)
    admin = make_user("admin@example.nhs.uk", Role.SYSTEM_ADMIN, system=org_a.system)
    admin_client = Client()
    admin_client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    session = admin_client.session
    session["dueregard_sso_two_factor"] = True  # the admin has used their own second factor
    session.save()
    membership = Membership.objects.get(user=edi_lead_a)
    assert admin_client.post(f"/members/{membership.pk}/reset-two-factor/").status_code == 302
    assert not two_factor.has_device(edi_lead_a)
    assert AuditEvent.objects.filter(action="user.two_factor_reset").exists()
    # Their sessions ended; at the next sign-in they set up a new second factor.
    assert client.get("/").status_code == 302
    again = admin_client.post(f"/members/{membership.pk}/reset-two-factor/")
    assert again.status_code == 400 and "no two-factor sign-in to reset" in again.content.decode()
    # An EDI lead cannot reset anyone's.
    staff = make_user("staff.x@example.nhs.uk", Role.STAFF, organisation=org_a)
    lead_client = Client()
    lead_client.force_login(edi_lead_a, backend="django.contrib.auth.backends.ModelBackend")
    session = lead_client.session
    session["dueregard_sso_two_factor"] = True
    session["dueregard_signed_in_at"] = time.time() + 1  # a session begun after the reset
    session.save()
    other = Membership.objects.get(user=staff)
    assert lead_client.post(f"/members/{other.pk}/reset-two-factor/").status_code == 403
