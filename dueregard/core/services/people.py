"""Administering people: change a role, add a second role, suspend and reinstate, leavers.

Two rules hold everywhere a role is given or taken away:
- nobody grants a role above their own (an EDI lead cannot make a system administrator);
- the last system administrator of a system cannot be removed, suspended or demoted.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Membership, Organisation, System, User
from ..roles import SYSTEM_LEVEL_ROLES, Role
from . import accounts, audit

# Higher numbers may grant lower or equal ones. Everyone else is 1.
RANK = {Role.SYSTEM_ADMIN: 3, Role.EDI_LEAD: 2}


def rank(role: str) -> int:
    return RANK.get(role, 1)


def roles_held(user: User, *, organisation: Organisation | None = None, system=None) -> set:
    """The roles ``user`` holds in a place (system-level roles hold in its organisations)."""
    system = system or (organisation.system if organisation else None)
    place = Q(system=system)
    if organisation is not None:
        place |= Q(organisation=organisation)
    return set(Membership.objects.active().filter(place, user=user).values_list("role", flat=True))


def grantable_roles(user: User, *, organisation=None, system=None) -> list[str]:
    held = roles_held(user, organisation=organisation, system=system)
    top = max((rank(r) for r in held), default=0)
    # Who may give roles at all is a permission (members.invite, members.change); this
    # only keeps anyone from giving more than they hold.
    roles = [r for r in Role if rank(r) <= top] if top else []
    if organisation is None:
        roles = [r for r in roles if r in SYSTEM_LEVEL_ROLES]
    return [r.value for r in roles]


def check_can_grant(actor: User | None, role: str, *, organisation=None, system=None) -> None:
    """Refuse a role above the actor's own (``actor=None`` is the platform itself)."""
    if actor is None:
        return
    if role not in grantable_roles(actor, organisation=organisation, system=system):
        raise ValidationError(
            {"role": _("You cannot give a role above your own. Ask a system administrator.")}
        )


def system_admins_left(system: System, excluding: Membership) -> int:
    return (
        Membership.objects.active()
        .filter(Q(system=system) | Q(organisation__system=system), role=Role.SYSTEM_ADMIN)
        .exclude(pk=excluding.pk)
        .count()
    )


def check_not_last_admin(membership: Membership) -> None:
    if membership.role != Role.SYSTEM_ADMIN or not membership.is_active:
        return
    system = membership.system or membership.organisation.system
    if system_admins_left(system, membership) == 0:
        raise ValidationError(
            _(
                "%(name)s is the last system administrator of %(system)s. Make someone else a "
                "system administrator first."
            )
            % {"name": membership.user, "system": system}
        )


def _place_kwargs(membership: Membership) -> dict:
    return {
        "organisation": membership.organisation,
        "system": membership.system or membership.organisation.system,
    }


def check_actor(actor: User | None, membership: Membership) -> None:
    """Nobody changes their own roles, or the roles of someone above them. ``actor=None``
    is the platform itself (management commands)."""
    if actor is None:
        return
    if actor.pk == membership.user_id:
        raise ValidationError(_("You cannot change your own roles. Ask another administrator."))
    check_can_grant(
        actor, membership.role, organisation=membership.organisation, system=membership.system
    )


@transaction.atomic
def change_role(membership: Membership, role: str, *, actor: User, request=None) -> Membership:
    """Give the person ``role`` in place of their current one, in the same place."""
    check_actor(actor, membership)
    check_can_grant(actor, role, organisation=membership.organisation, system=membership.system)
    if role == membership.role:
        return membership
    if membership.system_id and role not in SYSTEM_LEVEL_ROLES:
        raise ValidationError({"role": _("This role can only be held in an organisation.")})
    if _duplicate(membership.user, role, membership).exists():
        raise ValidationError({"role": _("They already have this role here.")})
    check_not_last_admin(membership)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        "membership.role_changed",
        actor=actor,
        obj=membership,
        before={"role": before},
        after={"role": role, "user": membership.user.email},
        request=request,
        **_place_kwargs(membership),
    )
    return membership


def _duplicate(user, role, membership):
    return Membership.objects.filter(
        user=user, role=role, organisation=membership.organisation, system=membership.system
    ).exclude(pk=membership.pk)


@transaction.atomic
def add_role(membership: Membership, role: str, *, actor: User, request=None) -> Membership:
    """Give the person a second role in the same place."""
    check_actor(actor, membership)
    check_can_grant(actor, role, organisation=membership.organisation, system=membership.system)
    if membership.system_id and role not in SYSTEM_LEVEL_ROLES:
        raise ValidationError({"role": _("This role can only be held in an organisation.")})
    existing = _duplicate(membership.user, role, membership).first()
    if role == membership.role or (existing and existing.is_active and not existing.suspended_at):
        raise ValidationError({"role": _("They already have this role here.")})
    second, _created = Membership.objects.update_or_create(
        user=membership.user,
        organisation=membership.organisation,
        system=membership.system,
        role=role,
        defaults={"is_active": True, "suspended_at": None},
    )
    audit.record(
        "membership.created",
        actor=actor,
        obj=second,
        after={"user": membership.user.email, "role": role, "second_role": True},
        request=request,
        **_place_kwargs(membership),
    )
    return second


def suspend(membership: Membership, *, actor: User | None, request=None) -> None:
    check_actor(actor, membership)
    if membership.suspended_at:
        raise ValidationError(_("This role is already suspended."))
    check_not_last_admin(membership)
    membership.suspended_at = timezone.now()
    membership.save(update_fields=["suspended_at"])
    audit.record(
        "membership.suspended",
        actor=actor,
        obj=membership,
        before={"suspended": False},
        after={"suspended": True, "role": membership.role, "user": membership.user.email},
        request=request,
        **_place_kwargs(membership),
    )


def reinstate(membership: Membership, *, actor: User, request=None) -> None:
    check_actor(actor, membership)
    if not membership.suspended_at:
        raise ValidationError(_("This role is not suspended."))
    membership.suspended_at = None
    membership.save(update_fields=["suspended_at"])
    audit.record(
        "membership.reinstated",
        actor=actor,
        obj=membership,
        before={"suspended": True},
        after={"suspended": False, "role": membership.role, "user": membership.user.email},
        request=request,
        **_place_kwargs(membership),
    )


@transaction.atomic
def leaver(user: User, *, actor: User, system: System, request=None) -> int:
    """Someone has left: end every role they hold in the actor's system, end their
    sessions, and close the account when no role is left anywhere. The count ended."""
    if actor.pk == user.pk:
        raise ValidationError(_("You cannot mark yourself as a leaver. Ask another administrator."))
    if Role.SYSTEM_ADMIN not in roles_held(actor, system=system):
        raise ValidationError(_("Only a system administrator can mark someone as a leaver."))
    ended = list(
        Membership.objects.filter(
            Q(system=system) | Q(organisation__system=system), user=user, is_active=True
        )
    )
    for membership in ended:
        check_not_last_admin(membership)
    for membership in ended:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    closed = not Membership.objects.filter(user=user, is_active=True).exists()
    if closed:
        user.is_active = False
        user.save(update_fields=["is_active"])
    accounts.revoke_sessions(user)
    audit.record(
        "user.left",
        actor=actor,
        obj=user,
        system=system,
        before={"roles": sorted(m.role for m in ended)},
        after={"roles": [], "account_closed": closed},
        request=request,
    )
    return len(ended)


def reset_two_factor(membership: Membership, *, actor: User, request=None) -> None:
    """Someone lost their phone and recovery codes: remove their second factors so they
    set up a new one at their next sign-in (a system administrator's action)."""
    from django_otp import devices_for_user

    check_actor(actor, membership)
    user = membership.user
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    if not removed:
        raise ValidationError(_("%(name)s has no two-factor sign-in to reset.") % {"name": user})
    accounts.revoke_sessions(user)
    audit.record(
        "user.two_factor_reset",
        actor=actor,
        obj=user,
        after={"devices_removed": removed},
        request=request,
        **_place_kwargs(membership),
    )
