"""Leaders, members and member counts of a group with private opt-in membership (staff
networks, communities: ``core.private_groups``).

Joining and leaving are not written to the audit trail (ADR 0033): EDI leads browse the
trail, and "Jamie joined the LGBTQ+ network" there would reveal what the private list of
members protects. The member row is the record, seen by the person and the group's
leaders. Appointing a leader is audited. Counts are exact for the group's leaders;
everyone else sees 1-7 as * and the rest rounded to 5.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q

from dueregard.analytics.disclosure import suppress_counts

from ..models import Membership, User
from ..private_groups import GroupLeader
from ..tenancy import Scope
from . import audit


def eligible_people(group) -> models.QuerySet:
    """People who hold an active role where the group belongs."""
    if group.organisation_id:
        where = Q(organisation_id=group.organisation_id)
    else:
        where = Q(organisation__system_id=group.system_id) | Q(system_id=group.system_id)
    user_ids = Membership.objects.active().filter(where).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True)


@dataclass(frozen=True)
class Listing:
    """The groups a scope sees, each one's member count as the viewer may see it, and the
    groups the viewer belongs to (their pks)."""

    groups: list
    counts: dict[int, str]
    mine: set[int]


@dataclass(frozen=True)
class Standing:
    """Where the viewer stands with one group."""

    leaders: list
    leads: bool
    members: str  # the member count as the viewer may see it
    is_member: bool


@dataclass(frozen=True)
class Leaders:
    """Who runs one kind of group: the audit event of appointing one, and the refusals
    (about the e-mail address given), in the group's words."""

    added: str
    nobody_there: str
    already_leads: str


@dataclass(frozen=True)
class Joining:
    """What one kind of group says about joining and leaving, in its own words (``joined``
    has a ``%(name)s`` for the group's name)."""

    already_member: str
    only_staff_there: str
    not_a_member: str
    joined: str


@dataclass(frozen=True)
class PrivateGroupService:
    """The shared service of one kind of group: ``group_model`` has the relation
    ``members`` and one to its leaders (a network's ``chairs``, a community's
    ``organisers``), whose rows have a ``user``."""

    group_model: type[models.Model]
    leaders: Leaders
    joining: Joining

    @property
    def leaders_relation(self) -> str:
        (relation,) = (
            r
            for r in self.group_model._meta.related_objects
            if issubclass(r.related_model, GroupLeader)
        )
        return relation.get_accessor_name()

    @transaction.atomic
    def add_leader(self, group, email: str, *, actor, request=None) -> models.Model:
        user = eligible_people(group).filter(email__iexact=email.strip()).first()
        if user is None:
            raise ValidationError({"email": self.leaders.nobody_there})
        leaders = getattr(group, self.leaders_relation)
        if leaders.filter(user=user).exists():
            raise ValidationError({"email": self.leaders.already_leads})
        leader = leaders.create(user=user)
        audit.record(
            self.leaders.added,
            actor=actor,
            obj=group,
            after={leader._meta.model_name: user.email},
            request=request,
        )
        return leader

    def join(self, group, user) -> models.Model:
        """Opt in. Not audited: see the module's docstring."""
        if group.members.filter(user=user).exists():
            raise ValidationError(self.joining.already_member)
        if not eligible_people(group).filter(pk=user.pk).exists():
            raise ValidationError(self.joining.only_staff_there)
        try:
            with transaction.atomic():
                return group.members.create(user=user)
        except IntegrityError as exc:  # a double click: the first request joined
            raise ValidationError(self.joining.already_member) from exc

    def leave(self, group, user) -> None:
        deleted, _rows = group.members.filter(user=user).delete()
        if not deleted:
            raise ValidationError(self.joining.not_a_member)

    def member_counts(self, groups, *, exact_for=()) -> dict[int, str]:
        """Members per group as shown: exact for the groups in ``exact_for`` (the viewer
        leads them), otherwise 1-7 as * and the rest rounded to 5."""
        counts = dict(
            self.group_model._default_manager.filter(pk__in=[g.pk for g in groups])
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

    def listing(self, scope: Scope, user) -> Listing:
        groups = list(
            scope.query(self.group_model)
            .select_related("organisation", "system")
            .prefetch_related(f"{self.leaders_relation}__user")
        )
        led = {
            g.pk
            for g in groups
            if any(leader.user_id == user.pk for leader in getattr(g, self.leaders_relation).all())
        }
        members = self.group_model._meta.get_field("members")
        mine = scope.query(members.related_model).filter(user=user)
        return Listing(
            groups,
            self.member_counts(groups, exact_for=led),
            set(mine.values_list(members.field.attname, flat=True)),
        )

    def standing(self, group, user) -> Standing:
        leaders = list(getattr(group, self.leaders_relation).select_related("user"))
        leads = any(leader.user_id == user.pk for leader in leaders)
        counts = self.member_counts([group], exact_for={group.pk} if leads else ())
        return Standing(leaders, leads, counts[group.pk], group.members.filter(user=user).exists())
