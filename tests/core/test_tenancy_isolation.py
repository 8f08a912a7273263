"""A user of organisation A gets 404 for every object URL of organisation B.

Every URL pattern that names an object must have a factory in ``OBJECT_URL_FACTORIES``;
a new pattern without one fails ``test_every_object_url_is_covered``, so new apps cannot
forget the check.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dueregard.core.models import AuditEvent, Invitation, Membership
from dueregard.core.roles import Role
from dueregard.core.services import audit
from dueregard.core.services.memberships import grant

# Patterns whose parameters are secrets, not object ids (they are not scoped by design).
TOKEN_URLS = {"core:accept-invitation", "core:password-reset-confirm"}


def _membership(org, make_user):
    user = make_user("someone.b@example.nhs.uk")
    return grant(user, Role.STAFF, organisation=org)


def _invitation(org, make_user):
    from datetime import timedelta

    from django.utils import timezone

    _, token_hash = Invitation.new_token()
    return Invitation.objects.create(
        email="invitee.b@example.nhs.uk",
        organisation=org,
        role=Role.STAFF,
        token_hash=token_hash,
        expires_at=timezone.now() + timedelta(days=1),
    )


def _audit_event(org, make_user):
    return audit.record("test.event", organisation=org, after={"x": 1})


OBJECT_URL_FACTORIES = {
    "core:end-membership": (_membership, "get"),
    "core:revoke-invitation": (_invitation, "post"),
    "core:audit-detail": (_audit_event, "get"),
}


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
        name for name, p in _patterns() if p.pattern.converters and name not in TOKEN_URLS
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
    url = reverse(url_name, args=[obj.pk])
    response = getattr(client, method)(url)
    assert response.status_code == 404, f"{url_name} leaked an object of another organisation"

    # ... and the same object is reachable by organisation B's own EDI lead.
    user_b = make_user("lead.b2@example.nhs.uk", Role.EDI_LEAD, organisation=org_b)
    client.logout()
    client_b = client_for(user_b)
    response = client_b.get(url)
    assert response.status_code in (200, 302, 405)


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
