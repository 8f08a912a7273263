"""Object URLs of the core app, with a factory that makes one object in a given organisation.

Each app's tests have an ``object_urls.py`` like this one; the tenancy isolation test
collects them all and requests every URL as a user of another organisation.
"""

from datetime import timedelta

from django.utils import timezone

from dueregard.core.models import Invitation
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


# url name -> (factory(organisation, make_user) -> object with .pk, HTTP method)
OBJECT_URL_FACTORIES = {
    "core:end-membership": (_membership, "get"),
    "core:revoke-invitation": (_invitation, "post"),
    "core:audit-detail": (_audit_event, "get"),
}
