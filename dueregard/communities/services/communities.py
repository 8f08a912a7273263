"""Starting a community, its organisers, and membership.

Joining and leaving are not written to the audit trail, as for staff networks (ADR 0033):
EDI leads browse the trail, and "Jamie joined the BAME workshops community" there would
reveal what the private list of members protects. The ``Member`` row is the record.
Everything else (a community started, organisers appointed) is audited.
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

from ..models import Community, Member, Organiser

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


def eligible_people(community: Community):
    """People who hold an active role where the community belongs."""
    if community.organisation_id:
        where = Q(organisation_id=community.organisation_id)
    else:
        where = Q(organisation__system_id=community.system_id) | Q(system_id=community.system_id)
    user_ids = Membership.objects.active().filter(where).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True)


@transaction.atomic
def add_organiser(community: Community, email: str, *, actor, request=None) -> Organiser:
    user = eligible_people(community).filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {"email": _("Nobody with this e-mail address works where this community belongs")}
        )
    if community.organisers.filter(user=user).exists():
        raise ValidationError({"email": _("This person already organises the community")})
    organiser = Organiser.objects.create(community=community, user=user)
    audit.record(
        "community.organiser_added",
        actor=actor,
        obj=community,
        after={"organiser": user.email},
        request=request,
    )
    return organiser


def join(community: Community, user) -> Member:
    """Opt in. Not audited: see the module's docstring."""
    if community.members.filter(user=user).exists():
        raise ValidationError(_("You are already a member of this community."))
    if not eligible_people(community).filter(pk=user.pk).exists():
        raise ValidationError(_("Only staff where this community belongs can join it."))
    try:
        with transaction.atomic():
            return Member.objects.create(community=community, user=user)
    except IntegrityError as exc:  # a double click: the first request joined
        raise ValidationError(_("You are already a member of this community.")) from exc


def leave(community: Community, user) -> None:
    deleted, _rows = community.members.filter(user=user).delete()
    if not deleted:
        raise ValidationError(_("You are not a member of this community."))


def member_counts(communities, *, exact_for=()) -> dict[int, str]:
    """Members per community as shown: exact for the communities in ``exact_for`` (the
    viewer organises them), otherwise 1-7 as * and the rest rounded to 5."""
    counts = dict(
        Community.objects.filter(pk__in=[c.pk for c in communities])
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
