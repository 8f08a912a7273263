"""Every change to a staff network, each audited except joining and leaving, which would
reveal to EDI leads browsing the trail what membership keeps private
(``core.services.private_groups``, ADR 0033).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dueregard.core.services import audit
from dueregard.core.services.private_groups import Joining, Leaders, PrivateGroupService
from dueregard.core.tenancy import Scope

from ..models import Affiliation, Chair, Meeting, Network

JOINING = Joining(
    already_member=_("You are already a member of this network."),
    only_staff_there=_("Only staff where this network belongs can join it."),
    not_a_member=_("You are not a member of this network."),
    joined=_("You have joined %(name)s. Only the network's chairs can see that you are a member."),
)
DETAILS = ("name", "kind", "purpose", "sponsor", "protected_time", "budget")


@transaction.atomic
def create_network(scope: Scope, *, actor, request=None, **data) -> Network:
    """A network of the scope's organisation, or a system-wide one from system scope."""
    if scope.is_empty:
        raise ValidationError(_("Choose an organisation or system first."))
    if Network.in_scope(scope).filter(name__iexact=data["name"]).exists():
        raise ValidationError({"name": _("There is already a network with this name here")})
    network = Network.objects.create(
        system=scope.system,
        organisation=scope.organisation,
        created_by=actor,
        **{k: data.get(k) for k in DETAILS if k in data},
    )
    audit.record(
        "network.created",
        actor=actor,
        obj=network,
        after=audit.snapshot(network, DETAILS),
        request=request,
    )
    return network


@transaction.atomic
def remove_chair(chair: Chair, *, actor, request=None) -> None:
    network = chair.network
    if network.chairs.count() == 1:
        raise ValidationError(_("Appoint another chair before this one stands down."))
    email = chair.user.email
    chair.delete()
    audit.record(
        "network.chair_removed", actor=actor, obj=network, before={"chair": email}, request=request
    )


@transaction.atomic
def add_affiliation(network: Network, *, actor, request=None, **data) -> Affiliation:
    if network.affiliations.filter(body__iexact=data["body"], level=data["level"]).exists():
        raise ValidationError({"body": _("This group is already recorded")})
    affiliation = Affiliation.objects.create(network=network, **data)
    audit.record(
        "network.affiliation_added",
        actor=actor,
        obj=network,
        after={"group": affiliation.body, "level": affiliation.level},
        request=request,
    )
    return affiliation


@transaction.atomic
def record_meeting(network: Network, *, actor, request=None, **data) -> Meeting:
    meeting = Meeting.objects.create(network=network, **data)
    audit.record(
        "network.meeting_recorded",
        actor=actor,
        obj=network,
        after={"meeting": meeting.title, "held_on": meeting.held_on},
        request=request,
    )
    return meeting


def networks_for_series(series) -> list[str]:
    """Names of the networks of the organisations a series is open to (the organiser's
    included) and the system-wide networks of its system."""
    orgs = [series.organisation_id, *series.allowed_organisations.values_list("pk", flat=True)]
    rows = Network.objects.filter(system_id=series.system_id).filter(
        Q(organisation_id__in=orgs) | Q(organisation__isnull=True)
    )
    return list(rows.order_by("name").values_list("name", flat=True).distinct())


def networks_for_place(system_id: int, organisation_id: int | None) -> list[str]:
    """Names of an organisation's networks and its system's system-wide ones (for a
    system-wide decision: every network of the system)."""
    rows = Network.objects.filter(system_id=system_id)
    if organisation_id is not None:
        rows = rows.filter(Q(organisation_id=organisation_id) | Q(organisation__isnull=True))
    return list(rows.order_by("name").values_list("name", flat=True))


# Appointing chairs, and the service joining, leaving and counting shares with
# communities (``core.services.private_groups``).
CHAIRS = Leaders(
    "network.chair_appointed",
    nobody_there=_("Nobody with this e-mail address works where this network belongs"),
    already_leads=_("This person already chairs the network"),
)
GROUPS = PrivateGroupService(Network, CHAIRS, JOINING)
