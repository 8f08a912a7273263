"""Attach the current scope (organisation or whole system) to every request."""

from django.utils.functional import SimpleLazyObject

from .tenancy import EMPTY_SCOPE, available_scopes, resolve_scope

SESSION_KEY = "dueregard_scope"


def scopes_of(request) -> list:
    """The scopes the signed-in person may switch to, looked up once per request (the
    scope and the layout's organisation switcher both need them)."""
    scopes = getattr(request, "_available_scopes", None)
    if scopes is None:
        scopes = request._available_scopes = available_scopes(request.user)
    return scopes


def _scope_for(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return EMPTY_SCOPE
    scope = resolve_scope(user, request.session.get(SESSION_KEY), scopes_of(request))
    if scope.key and request.session.get(SESSION_KEY) != scope.key:
        request.session[SESSION_KEY] = scope.key
    return scope


class ScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: _scope_for(request))
        return self.get_response(request)


class IdentityProviderFormActionMiddleware:
    """Single sign-on forms redirect to the identity provider: signing in, and signing out
    (the sign-out form is on every page). So every page's Content-Security-Policy
    ``form-action`` names the active providers' origins, or the browser refuses to follow."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The forms that lead to a provider: the sign-in page's, and the sign-out form that
        # every signed-in page carries.
        user = getattr(request, "user", None)
        leads_to_provider = request.path.startswith("/sign-in") or bool(
            user is not None and user.is_authenticated
        )
        if leads_to_provider and "text/html" in response.get("Content-Type", ""):
            from .services.oidc import form_action_origins  # core.services imports core.models

            origins = form_action_origins()
            if origins:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), *origins]
                response._csp_update = update
        return response
