"""Single sign-on with OpenID Connect identity providers, through mozilla-django-oidc.

The library does the protocol (authorization code flow with PKCE, state, nonce, the
token request and the id_token signature against the provider's JWKS). Providers are
rows (``IdentityProvider``), one per organisation or system, so this module gives the
library each provider's settings, adds the checks the library leaves to its users (the
issuer and audience of the id_token, its expiry as a failure and not an error, a verified
e-mail address), decides whose account a sign-in is (an invited person's, or a new staff
account where the provider allows it) and ends in ``accounts.complete_sign_in``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import jwt
import requests
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ..models import IdentityProvider, Invitation, User
from ..roles import Role
from . import audit, memberships

DISCOVERY_SECONDS = 3600
PROVIDERS_BY_STATE = "dueregard_oidc_providers"
ID_TOKEN = "dueregard_oidc_id_token"  # noqa: S105 - a session key


class SignInFailed(SuspiciousOperation):
    """A single sign-on that must not go through, with the reason for the audit trail."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def provider_for_email(email: str) -> IdentityProvider | None:
    """The provider people with this e-mail address sign in with (by its domain)."""
    domain = email.strip().lower().rpartition("@")[2]
    if not domain:
        return None
    for provider in IdentityProvider.objects.filter(is_active=True).select_related("system"):
        if domain in provider.domains:
            return provider
    return None


def buttons() -> list[IdentityProvider]:
    """Providers with a "Sign in with …" button on the sign-in page."""
    return list(IdentityProvider.objects.filter(is_active=True))


def form_action_origins() -> list[str]:
    """The origins the sign-in page's single sign-on form may lead to: each active
    provider's issuer. The page's Content-Security-Policy ``form-action`` must name them,
    or the browser refuses the redirect to the provider."""
    origins = []
    for issuer in IdentityProvider.objects.filter(is_active=True).values_list("issuer", flat=True):
        parts = urlsplit(issuer)
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in ("http", "https") and parts.netloc and origin not in origins:
            origins.append(origin)
    return origins


def active_provider(slug: str) -> IdentityProvider | None:
    return IdentityProvider.objects.filter(slug=slug, is_active=True).first()


def discover(provider: IdentityProvider) -> dict:
    """The provider's metadata (``/.well-known/openid-configuration``), cached an hour.

    Refuses metadata whose ``issuer`` is not the one configured (a wrong issuer)."""
    key = f"oidc-discovery:{provider.issuer}"
    metadata = cache.get(key)
    if metadata is None:
        url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=10)
            response.raise_for_status()
            metadata = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise SignInFailed(f"provider unreachable: {exc.__class__.__name__}") from exc
        cache.set(key, metadata, DISCOVERY_SECONDS)
    if metadata.get("issuer") != provider.issuer:
        raise SignInFailed("wrong issuer in the provider's metadata")
    return metadata


def remember_state(session, state: str, provider: IdentityProvider) -> None:
    providers = session.get(PROVIDERS_BY_STATE, {})
    providers[state] = provider.slug
    session[PROVIDERS_BY_STATE] = providers


def provider_for_state(session, state: str) -> IdentityProvider | None:
    """The provider a state was issued for; each state is used once."""
    providers = session.get(PROVIDERS_BY_STATE, {})
    slug = providers.pop(state, None)
    session[PROVIDERS_BY_STATE] = providers
    return active_provider(slug) if slug else None


def counts_as_two_factor(provider: IdentityProvider, claims: dict) -> bool:
    if not provider.amr_counts_as_two_factor:
        return False
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    said = set(amr) | ({claims["acr"]} if claims.get("acr") else set())
    return bool(said & provider.two_factor_values)


def logout_url(session, post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser so the provider ends its own session too."""
    slug, id_token = session.get(ID_TOKEN, (None, None))
    provider = active_provider(slug) if slug else None
    if provider is None:
        return None
    try:
        endpoint = discover(provider).get("end_session_endpoint")
    except SignInFailed:
        return None
    if not endpoint:
        return None
    from django.utils.http import urlencode

    query = urlencode(
        {"id_token_hint": id_token, "post_logout_redirect_uri": post_logout_redirect_uri}
    )
    return f"{endpoint}?{query}"


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, given the settings of the provider of this sign-in
    (``request.oidc_provider``, set by the callback view from the state)."""

    def __init__(self, *args, **kwargs):
        # The library reads one provider from settings here; ours come from rows.
        self.UserModel = User
        self.provider = None

    def authenticate(self, request, **kwargs):
        provider = getattr(request, "oidc_provider", None) if request is not None else None
        if provider is None or "nonce" not in kwargs:
            return None
        metadata = discover(provider)
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = metadata["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = metadata["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = metadata["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.secret()
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        user = super().authenticate(request, **kwargs)
        if user is None and getattr(request, "oidc_failure", None):
            raise SignInFailed(request.oidc_failure)
        return user

    def verify_token(self, token, **kwargs):
        """The library checks the signature and nonce; this adds issuer, audience and
        expiry (an expired token is a failed sign-in, not an error)."""
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.ExpiredSignatureError as exc:
            raise SignInFailed("expired id_token") from exc
        except jwt.InvalidTokenError as exc:
            raise SignInFailed(f"invalid id_token: {exc}") from exc
        except SuspiciousOperation as exc:
            raise SignInFailed(str(exc)) from exc
        if payload.get("iss") != self.provider.issuer:
            raise SignInFailed("wrong issuer in the id_token")
        audience = payload.get("aud")
        audience = audience if isinstance(audience, list) else [audience]
        if self.provider.client_id not in audience:
            raise SignInFailed("id_token is for another client")
        self.request.oidc_id_token_claims = payload
        return payload

    def store_tokens(self, access_token, id_token):
        self.request.oidc_id_token = id_token

    def get_userinfo(self, access_token, id_token, payload):
        claims = dict(payload)
        claims.update(super().get_userinfo(access_token, id_token, payload))
        return claims

    def verify_claims(self, claims):
        if not claims.get("email"):
            return self._fail("no e-mail address from the provider")
        if claims.get("email_verified") is not True:
            return self._fail("e-mail address not verified by the provider")
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims["email"].strip())

    def update_user(self, user, claims):
        if not user.is_active:
            return self._fail("account deactivated")
        return user

    def create_user(self, claims):
        """No account yet: an invited person's account, or (where the provider allows it
        for its domains) a new staff account; otherwise nobody is let in."""
        email = claims["email"].strip().lower()
        name = claims.get("name") or ""
        if Invitation.objects.pending().filter(email__iexact=email).exists():
            return memberships.accept_pending_invitations(email, full_name=name)
        domain = email.rpartition("@")[2]
        provider = self.provider
        if provider.jit_accounts and provider.organisation and domain in provider.domains:
            with transaction.atomic():
                user = User.objects.create_user(email, None, full_name=name)
                audit.record(
                    "user.created",
                    actor=user,
                    obj=user,
                    organisation=provider.organisation,
                    after={"email": email, "method": f"sso:{provider.slug}"},
                )
                memberships.grant(user, Role.STAFF, organisation=provider.organisation, actor=user)
            return user
        return self._fail("not invited")

    def _fail(self, reason: str):
        self.request.oidc_failure = reason
        raise SuspiciousOperation(reason)
