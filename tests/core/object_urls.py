"""Object URLs of the core app, with a factory that makes one object in a given organisation.

Each app's tests have an ``object_urls.py`` like this one; the tenancy isolation test
collects them all and requests every URL as a user of another organisation.
"""

from datetime import timedelta

from django.utils import timezone

from dueregard.core.models import IdentityProvider, Invitation, Region
from dueregard.core.roles import Role
from dueregard.core.services import audit
from dueregard.core.services.memberships import grant


def _membership(org, make_user):
    user = make_user("someone.b@example.nhs.uk")
    return grant(user, Role.STAFF, organisation=org)


def _invitation(org, make_user):
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


def _organisation(org, make_user):
    return org


def _system(org, make_user):
    return org.system


def _region(org, make_user):
    region = Region.objects.create(name=f"Region of {org.name}", code=f"R{org.pk}")
    org.system.region = region
    org.system.save(update_fields=["region"])
    return region


def _provider(org, make_user):
    return IdentityProvider.objects.create(
        name="Beta Entra",
        slug=f"beta-{org.pk}",
        button_label="Sign in with Beta",
        issuer="https://login.example.net/beta",
        client_id="beta",
        email_domains="beta.nhs.uk",
        system=org.system,
        organisation=org,
    )


# url name -> (factory(organisation, make_user) -> object with .pk, HTTP method)
OBJECT_URL_FACTORIES = {
    "core:end-membership": (_membership, "get"),
    "core:revoke-invitation": (_invitation, "post"),
    "core:audit-detail": (_audit_event, "get"),
    # Sign-in and administration (issue 15)
    "core:person": (_membership, "get"),
    "core:change-role": (_membership, "post"),
    "core:add-role": (_membership, "post"),
    "core:suspend": (_membership, "post"),
    "core:reinstate": (_membership, "post"),
    "core:leaver": (_membership, "get"),
    "core:reset-two-factor": (_membership, "post"),
    "core:access-review": (_organisation, "get"),
    "core:access-review-csv": (_organisation, "get"),
    "core:organisation": (_organisation, "get"),
    "core:organisation-move": (_organisation, "get"),
    "core:system-edit": (_system, "get"),
    "core:region": (_region, "get"),
    "core:provider": (_provider, "get"),
}

# Single sign-on starts from the public sign-in page, keyed by the provider's short name.
PUBLIC_URLS = {"core:sso-start"}
