"""Single sign-on: mozilla-django-oidc's request and callback views, given the provider of
each sign-in, ending in ``accounts.complete_sign_in`` (or a clear page saying why not)."""

from urllib.parse import parse_qs, urlparse

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ..services import accounts, oidc


class SsoStart(OIDCAuthenticationRequestView):
    """Send the browser to the provider (authorization code flow, PKCE, state, nonce)."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the library would read one provider from settings

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.provider = oidc.active_provider(kwargs["slug"])
        if self.provider is None:
            raise Http404("No such identity provider.")

    def get(self, request, slug):
        try:
            metadata = oidc.discover(self.provider)
        except oidc.SignInFailed as exc:
            return _failure(request, self.provider, exc.reason)
        self.OIDC_OP_AUTH_ENDPOINT = metadata["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        state = parse_qs(urlparse(response.url).query)["state"][0]
        oidc.remember_state(request.session, state, self.provider)
        return response


class SsoCallback(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code and the state."""

    def get(self, request):
        state = request.GET.get("state", "")
        self.provider = oidc.provider_for_state(request.session, state)
        request.oidc_provider = self.provider
        if self.provider is None:
            return _failure(request, None, "state not recognised (used already, or expired)")
        if request.GET.get("error"):
            super().get(request)
            return _failure(request, self.provider, f"provider said: {request.GET['error']}")
        try:
            return super().get(request)
        except oidc.SignInFailed as exc:
            return _failure(request, self.provider, exc.reason)
        except oidc.SuspiciousOperation as exc:
            return _failure(request, self.provider, str(exc))

    def login_success(self):
        claims = getattr(self.request, "oidc_id_token_claims", {})
        accounts.complete_sign_in(
            self.request,
            self.user,
            "dueregard.core.services.oidc.ProviderBackend",
            method=f"sso:{self.provider.slug}",
            two_factor=oidc.counts_as_two_factor(self.provider, claims),
        )
        self.request.session[oidc.ID_TOKEN] = (self.provider.slug, self.request.oidc_id_token)
        return redirect(self.success_url)

    def login_failure(self):
        return _failure(self.request, self.provider, "sign-in not completed")


def _failure(request, provider, reason):
    accounts.record_failure(request, f"sso:{provider.slug}" if provider else "sso", reason=reason)
    return render(
        request,
        "core/sso_failed.html",
        {"provider": provider, "reason": reason},
        status=400,
    )
