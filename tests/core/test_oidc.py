"""Single sign-on against a real OpenID Connect provider (npm oidc-provider on 127.0.0.1):
authorization code flow with PKCE, signed id_token, state and nonce, logout, and the ways
it must fail."""

import re
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from django.core.cache import cache

from dueregard.core.models import AuditEvent, Invitation, Membership, User
from dueregard.core.roles import Role
from dueregard.core.services import memberships
from tests.core.oidc.server import provider_row, running_provider

CALLBACK = "http://testserver/sign-in/sso/callback/"
SIGNED_OUT = "http://testserver/signed-out/"
ACCOUNTS = {
    "nina.nurse@nhs.net": {"name": "Nina Nurse"},
    "mfa.lead@nhs.net": {"name": "Mo Lead", "amr": ["pwd", "mfa"]},
    "unverified@nhs.net": {"name": "Una Verified", "email_verified": False},
    "stranger@nhs.net": {"name": "Stan Ranger"},
}


@pytest.fixture
def provider_url():
    with running_provider(ACCOUNTS, [CALLBACK], post_logout_redirect_uris=[SIGNED_OUT]) as issuer:
        cache.clear()
        yield issuer


def _provider_row(issuer, org, **extra):
    return provider_row(issuer, org, **extra)


def _sign_in_at_provider(authorize_url: str, email: str) -> str:
    """Follow the provider's pages as a browser would; the callback URL it sends us to."""
    browser = requests.Session()
    url = authorize_url
    for _step in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            if url.startswith("http://testserver/"):
                return url
            continue
        form_action = re.search(r'action="([^"]+)"', response.text).group(1)
        response = browser.post(
            urljoin(url, form_action), data={"email": email}, allow_redirects=False, timeout=10
        )
        assert response.status_code in (302, 303), response.text
        url = urljoin(url, response.headers["Location"])
        if url.startswith("http://testserver/"):
            return url
    raise AssertionError("the provider never sent the browser back")


def _start(client, slug="nhsmail", next_url=""):
    response = client.get(f"/sign-in/sso/{slug}/" + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302, response.content
    query = parse_qs(urlparse(response.url).query)
    # PKCE with S256, a state and a nonce are on every request.
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["state"] and query["nonce"]
    return response.url


def _callback(client, url):
    return client.get(url.replace("http://testserver", ""))


def _failure_reason():
    event = AuditEvent.objects.filter(action="user.sign_in_failed").latest("id")
    return event.after["reason"]


def test_invited_person_signs_in_with_sso_and_the_invitation_is_accepted(
    client, provider_url, org_a, edi_lead_a
):
    _provider_row(provider_url, org_a)
    memberships.invite(
        actor=edi_lead_a, email="nina.nurse@nhs.net", role=Role.STAFF, organisation=org_a
    )
    callback = _sign_in_at_provider(_start(client, next_url="/members/"), "nina.nurse@nhs.net")
    response = _callback(client, callback)
    assert response.status_code == 302 and response.url == "/members/"
    user = User.objects.get(email="nina.nurse@nhs.net")
    assert user.full_name == "Nina Nurse"
    assert Membership.objects.active().filter(user=user, organisation=org_a).exists()
    assert Invitation.objects.get(email="nina.nurse@nhs.net").accepted_by == user
    signed_in = AuditEvent.objects.get(action="user.signed_in", actor=user)
    assert signed_in.after == {"method": "sso:nhsmail", "two_factor": False}
    assert client.session["_auth_user_id"] == str(user.pk)


def test_existing_account_links_by_verified_email_and_mfa_counts(
    client, provider_url, org_a, make_user
):
    _provider_row(provider_url, org_a)
    lead = make_user("mfa.lead@nhs.net", Role.EDI_LEAD, organisation=org_a)
    response = _callback(client, _sign_in_at_provider(_start(client), "mfa.lead@nhs.net"))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.signed_in", actor=lead)
    assert event.after == {"method": "sso:nhsmail", "two_factor": True}
    assert client.session.get("dueregard_sso_two_factor") is True


def test_amr_is_not_trusted_when_the_provider_is_not(client, provider_url, org_a, make_user):
    _provider_row(provider_url, org_a, amr_counts_as_two_factor=False)
    make_user("mfa.lead@nhs.net", Role.EDI_LEAD, organisation=org_a)
    _callback(client, _sign_in_at_provider(_start(client), "mfa.lead@nhs.net"))
    assert not client.session.get("dueregard_sso_two_factor")


def test_uninvited_person_is_refused_unless_the_domain_has_jit_accounts(
    client, provider_url, org_a
):
    row = _provider_row(provider_url, org_a)
    response = _callback(client, _sign_in_at_provider(_start(client), "stranger@nhs.net"))
    assert response.status_code == 400 and "not invited" in response.content.decode()
    assert not User.objects.filter(email="stranger@nhs.net").exists()
    assert _failure_reason() == "not invited"

    row.jit_accounts = True
    row.save()
    response = _callback(client, _sign_in_at_provider(_start(client), "stranger@nhs.net"))
    assert response.status_code == 302
    user = User.objects.get(email="stranger@nhs.net")
    assert list(user.memberships.values_list("role", flat=True)) == [Role.STAFF]


def test_unverified_email_is_refused(client, provider_url, org_a, make_user):
    _provider_row(provider_url, org_a)
    make_user("unverified@nhs.net", Role.STAFF, organisation=org_a)
    response = _callback(client, _sign_in_at_provider(_start(client), "unverified@nhs.net"))
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert _failure_reason() == "e-mail address not verified by the provider"


def test_replayed_state_is_refused(client, provider_url, org_a, make_user):
    _provider_row(provider_url, org_a)
    make_user("nina.nurse@nhs.net", Role.STAFF, organisation=org_a)
    callback = _sign_in_at_provider(_start(client), "nina.nurse@nhs.net")
    assert _callback(client, callback).status_code == 302
    client.logout()
    replay = _callback(client, callback)
    assert replay.status_code == 400
    assert "_auth_user_id" not in client.session
    assert "state" in _failure_reason()


def test_changed_nonce_is_refused(client, provider_url, org_a, make_user):
    _provider_row(provider_url, org_a)
    make_user("nina.nurse@nhs.net", Role.STAFF, organisation=org_a)
    callback = _sign_in_at_provider(_start(client), "nina.nurse@nhs.net")
    session = client.session
    for state in session["oidc_states"].values():
        state["nonce"] = "not-the-nonce-sent"
    session.save()
    response = _callback(client, callback)
    assert response.status_code == 400
    assert "Nonce" in _failure_reason()


def test_wrong_issuer_is_refused(client, provider_url, org_a, make_user):
    # The configured issuer is not the one the provider's metadata and tokens name.
    _provider_row(provider_url.replace("127.0.0.1", "localhost"), org_a)
    make_user("nina.nurse@nhs.net", Role.STAFF, organisation=org_a)
    response = client.get("/sign-in/sso/nhsmail/")
    assert response.status_code == 400
    assert _failure_reason() == "wrong issuer in the provider's metadata"


def test_expired_id_token_is_refused(client, org_a, make_user):
    # A provider whose clock is two hours slow issues id_tokens that have already expired.
    with running_provider(ACCOUNTS, [CALLBACK], clock_offset_seconds=-7200) as issuer:
        cache.clear()
        _provider_row(issuer, org_a)
        make_user("nina.nurse@nhs.net", Role.STAFF, organisation=org_a)
        response = _callback(client, _sign_in_at_provider(_start(client), "nina.nurse@nhs.net"))
    assert response.status_code == 400
    assert _failure_reason() == "expired id_token"
    assert "_auth_user_id" not in client.session


def test_sign_out_also_ends_the_providers_session(client, provider_url, org_a, make_user):
    _provider_row(provider_url, org_a)
    make_user("nina.nurse@nhs.net", Role.STAFF, organisation=org_a)
    _callback(client, _sign_in_at_provider(_start(client), "nina.nurse@nhs.net"))
    response = client.post("/sign-out/")
    assert response.status_code == 302
    logout = urlparse(response.url)
    assert f"{logout.scheme}://{logout.netloc}{logout.path}" == provider_url + "/session/end"
    query = parse_qs(logout.query)
    assert query["post_logout_redirect_uri"] == [SIGNED_OUT] and query["id_token_hint"]
    assert "_auth_user_id" not in client.session
    # The provider accepts the request (a confirmation page, since it is its own session).
    assert requests.get(response.url, timeout=10).status_code == 200


def test_email_domain_finds_the_provider_on_the_sign_in_page(client, provider_url, org_a):
    _provider_row(provider_url, org_a)
    page = client.get("/sign-in/")
    assert "Sign in with NHSmail" in page.content.decode()
    found = client.post("/sign-in/sso/", {"email": "someone@NHS.net"})
    assert found.status_code == 302 and found.url == "/sign-in/sso/nhsmail/"
    missing = client.post("/sign-in/sso/", {"email": "someone@council.gov.uk"})
    assert missing.status_code == 400
    assert "does not use single sign-on" in missing.content.decode()
