"""Every change to a staff network, each audited (membership excepted, see below).

Joining and leaving are not written to the audit trail: EDI leads browse the trail, and a
record "Jamie joined the LGBTQ+ network" would reveal to them what membership keeps
private (ADR 0033). The membership row itself is the record, seen by the person and the
network's chairs only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dueregard.analytics.disclosure import suppress_counts
from dueregard.core.models import Membership, User
from dueregard.core.services import audit
from dueregard.core.tenancy import Scope

from ..models import Affiliation, Chair, Meeting, Member, Network

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


def eligible_people(network: Network):
    """People who hold an active role where the network belongs."""
    if network.organisation_id:
        where = Q(organisation_id=network.organisation_id)
    else:
        where = Q(organisation__system_id=network.system_id) | Q(system_id=network.system_id)
    user_ids = Membership.objects.active().filter(where).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True)


@transaction.atomic
def appoint_chair(network: Network, email: str, *, actor, request=None) -> Chair:
    user = eligible_people(network).filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {"email": _("Nobody with this e-mail address works where this network belongs")}
        )
    if network.chairs.filter(user=user).exists():
        raise ValidationError({"email": _("This person already chairs the network")})
    chair = Chair.objects.create(network=network, user=user)
    audit.record(
        "network.chair_appointed",
        actor=actor,
        obj=network,
        after={"chair": user.email},
        request=request,
    )
    return chair


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


def join(network: Network, user) -> Member:
    """Opt in. Not audited: see the module's docstring."""
    if network.members.filter(user=user).exists():
        raise ValidationError(_("You are already a member of this network."))
    if not eligible_people(network).filter(pk=user.pk).exists():
        raise ValidationError(_("Only staff where this network belongs can join it."))
    try:
        with transaction.atomic():
            return Member.objects.create(network=network, user=user)
    except IntegrityError as exc:  # a double click: the first request joined
        raise ValidationError(_("You are already a member of this network.")) from exc


def leave(network: Network, user) -> None:
    deleted, _rows = network.members.filter(user=user).delete()
    if not deleted:
        raise ValidationError(_("You are not a member of this network."))


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


def member_counts(networks, *, exact_for=()) -> dict[int, str]:
    """Members per network as shown: exact for the networks in ``exact_for`` (the viewer
    chairs them), otherwise with small-number suppression and rounding to 5."""
    counts = dict(
        Network.objects.filter(pk__in=[n.pk for n in networks])
        .annotate(n=Count("members"))
        .values_list("pk", "n")
    )
    shown = {pk: str(n) for pk, n in counts.items() if pk in exact_for}
    hidden = [pk for pk in counts if pk not in exact_for]
    if hidden:
        table = suppress_counts([counts[pk] for pk in hidden], total=False)
        for i, pk in enumerate(hidden):
            value = table.published[0][i]
            shown[pk] = "*" if table.suppressed[0][i] else f"{value:,.0f}"
    return shown


def networks_for_series(series) -> list[str]:
    """Names of the networks of the organisations a series is open to (the organiser's
    included) and the system-wide networks of its system."""
    orgs = [series.organisation_id, *series.allowed_organisations.values_list("pk", flat=True)]
    rows = Network.objects.filter(system_id=series.system_id).filter(
        Q(organisation_id__in=orgs) | Q(organisation__isnull=True)
    )
    return list(rows.order_by("name").values_list("name", flat=True).distinct())
