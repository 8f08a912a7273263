"""Attach the current scope (organisation or whole system) to every request."""

from django.utils.functional import SimpleLazyObject

from .tenancy import EMPTY_SCOPE, resolve_scope

SESSION_KEY = "dueregard_scope"


def _scope_for(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return EMPTY_SCOPE
    scope = resolve_scope(user, request.session.get(SESSION_KEY))
    if scope.key and request.session.get(SESSION_KEY) != scope.key:
        request.session[SESSION_KEY] = scope.key
    return scope


class ScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: _scope_for(request))
        return self.get_response(request)
