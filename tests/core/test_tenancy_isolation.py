"""A user of organisation A gets 404 for every object URL of organisation B.

Every URL pattern that names an object must have a factory in some app's
``tests/<app>/object_urls.py`` (``OBJECT_URL_FACTORIES``); a new pattern without one fails
``test_every_object_url_is_covered``, so new apps cannot forget the check. A factory
returns the object (its ``pk`` fills the URL) or a dict of URL kwargs.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from dueregard.core.models import AuditEvent, Membership
from dueregard.core.roles import Role
from dueregard.core.services import audit
from dueregard.core.services.memberships import grant

# Patterns whose parameters are secrets or public slugs, not object ids (not scoped by design).
TOKEN_URLS = {"core:accept-invitation", "core:password-reset-confirm"}
# The API's URLs take a token, not a session: tests/api/test_api_isolation.py checks every
# one of them (from the OpenAPI document) with a token of another organisation.
API_NAMESPACE = "api-v1:"


def _collect():
    factories, public = {}, set()
    for info in pkgutil.iter_modules(tests.__path__):
        try:
            module = importlib.import_module(f"tests.{info.name}.object_urls")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{info.name}.object_urls":
                raise
            continue
        factories.update(module.OBJECT_URL_FACTORIES)
        public |= set(getattr(module, "PUBLIC_URLS", ()))
    return factories, public


OBJECT_URL_FACTORIES, PUBLIC_URLS = _collect()


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _patterns(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


def test_every_object_url_is_covered():
    with_params = {
        name
        for name, p in _patterns()
        if p.pattern.converters
        and name not in TOKEN_URLS | PUBLIC_URLS
        and not name.startswith(API_NAMESPACE)
    }
    missing = with_params - set(OBJECT_URL_FACTORIES)
    assert not missing, f"Add these URL names to OBJECT_URL_FACTORIES: {sorted(missing)}"


@pytest.mark.parametrize("url_name", sorted(OBJECT_URL_FACTORIES))
def test_other_organisations_objects_are_404(url_name, org_a, org_b, make_user, client_for):
    # Give user A every role, so only scoping (not permissions) can stop them.
    user_a = make_user("everything.a@example.nhs.uk")
    for role in Role:
        grant(user_a, role, organisation=org_a)
    factory, method = OBJECT_URL_FACTORIES[url_name]
    obj = factory(org_b, make_user)
    client = client_for(user_a)
    url = (
        reverse(url_name, kwargs=obj) if isinstance(obj, dict) else reverse(url_name, args=[obj.pk])
    )
    response = getattr(client, method)(url)
    assert response.status_code == 404, f"{url_name} leaked an object of another organisation"

    # ... and the same object is reachable by organisation B's own EDI lead.
    user_b = make_user("everything.b@example.nhs.uk")
    for role in Role:
        grant(user_b, role, organisation=org_b)
    client.logout()
    client_b = client_for(user_b)
    response = client_b.get(url)
    assert response.status_code in (200, 302, 405), f"{url_name}: {response.status_code}"


def test_scope_queries_never_cross_organisations(org_a, org_b, make_user):
    from dueregard.core.tenancy import resolve_scope

    user = make_user("x.a@example.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    make_user("y.b@example.nhs.uk", Role.EDI_LEAD, organisation=org_b)
    audit.record("a.thing", organisation=org_a)
    audit.record("b.thing", organisation=org_b)
    scope = resolve_scope(user, None)
    assert {m.organisation for m in scope.query(Membership)} == {org_a}
    assert set(scope.query(AuditEvent).values_list("action", flat=True)) >= {"a.thing"}
    assert "b.thing" not in set(scope.query(AuditEvent).values_list("action", flat=True))
