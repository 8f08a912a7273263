"""Starting a community, its organisers, and membership.

Joining and leaving are not written to the audit trail, as for staff networks
(``core.services.private_groups``, ADR 0033): "Jamie joined the BAME workshops community"
would reveal what the private list of members protects. Everything else (a community
started, organisers appointed) is audited.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dueregard.core.services import audit
from dueregard.core.services.private_groups import Joining, Leaders, PrivateGroupService
from dueregard.core.tenancy import Scope

from ..models import Community, Organiser

JOINING = Joining(
    already_member=_("You are already a member of this community."),
    only_staff_there=_("Only staff where this community belongs can join it."),
    not_a_member=_("You are not a member of this community."),
    joined=_("You have joined %(name)s. Only its organisers can see that you are a member."),
)
DETAILS = ("name", "purpose")


@transaction.atomic
def start(scope: Scope, *, actor, whole_system: bool = False, request=None, **data) -> Community:
    """A community of the scope's organisation, or of its whole system; the person who
    starts it is its first organiser."""
    if scope.is_empty:
        raise ValidationError(_("Choose an organisation or system first."))
    organisation = None if whole_system else scope.organisation
    name = data["name"].strip()
    clash = Community.objects.filter(
        system=scope.system, organisation=organisation, name__iexact=name
    )
    if clash.exists():
        raise ValidationError({"name": _("There is already a community with this name here")})
    community = Community.objects.create(
        system=scope.system,
        organisation=organisation,
        name=name,
        purpose=data.get("purpose", ""),
        created_by=actor,
    )
    Organiser.objects.create(community=community, user=actor)
    audit.record(
        "community.started",
        actor=actor,
        obj=community,
        after={**audit.snapshot(community, DETAILS), "organiser": actor.email},
        request=request,
    )
    return community


# Appointing organisers, and the service joining, leaving and counting shares with staff
# networks (``core.services.private_groups``).
ORGANISERS = Leaders(
    "community.organiser_added",
    nobody_there=_("Nobody with this e-mail address works where this community belongs"),
    already_leads=_("This person already organises the community"),
)
GROUPS = PrivateGroupService(Community, ORGANISERS, JOINING)
