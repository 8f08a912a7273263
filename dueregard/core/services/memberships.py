"""Inviting people, accepting invitations, and changing or ending memberships."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import Invitation, Membership, Organisation, System, User
from ..roles import SYSTEM_LEVEL_ROLES, Role
from . import audit, notifications


class InvitationError(Exception):
    """An invitation link that cannot be used, with a reason a person can act on."""


@dataclass(frozen=True)
class InvitationSent:
    invitation: Invitation
    link: str


def invite(
    *,
    actor: User,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    system: System | None = None,
    full_name: str = "",
    base_url: str = "",
    request=None,
    next_url: str = "",
    send: bool = True,
) -> InvitationSent:
    """Create an invitation and e-mail its link. Refuses duplicates and existing members."""
    email = email.strip().lower()
    if (organisation is None) == (system is None):
        raise ValidationError("Invite to exactly one organisation or one system.")
    from .people import check_can_grant

    check_can_grant(actor, role, organisation=organisation, system=system)
    if system is not None and role not in SYSTEM_LEVEL_ROLES:
        raise ValidationError({"role": "This role can only be held in an organisation."})
    place_filter = {"organisation": organisation} if organisation else {"system": system}
    if Membership.objects.active().filter(user__email=email, role=role, **place_filter).exists():
        raise ValidationError({"email": f"{email} already has this role here."})
    if Invitation.objects.pending().filter(email=email, role=role, **place_filter).exists():
        raise ValidationError(
            {"email": f"{email} already has an invitation for this role that has not expired."}
        )
    token, invitation = _create_invitation(
        email,
        role,
        place_filter,
        actor=actor,
        full_name=full_name,
        next_url=next_url,
        request=request,
    )
    link = base_url + reverse("core:accept-invitation", args=[token])
    if not send:
        return InvitationSent(invitation, link)
    notifications.send(
        email,
        "invitation",
        {
            "invitation": invitation,
            "place": invitation.place,
            "role": Role(role).label,
            "inviter": actor.full_name or actor.email,
            "link": link,
            "expires_at": invitation.expires_at,
        },
        organisation=organisation,
    )
    return InvitationSent(invitation, link)


@transaction.atomic
def _create_invitation(email, role, place, *, actor, full_name="", next_url="", request=None):
    """Store an invitation (only its token's hash) and audit it; the token and the row."""
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name.strip(),
        role=role,
        token_hash=token_hash,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        next_url=next_url,
        **place,
    )
    organisation = place.get("organisation")
    audit.record(
        "invitation.created",
        actor=actor,
        obj=invitation,
        organisation=organisation,
        system=place.get("system") or (organisation.system if organisation else None),
        after={"email": email, "role": role, **({"next": next_url} if next_url else {})},
        request=request,
    )
    return token, invitation


def guest_invitation_link(
    email: str, *, organisation: Organisation, next_url: str, actor: User, base_url: str = ""
) -> str | None:
    """For another app's invitation (a workshop place, say) sent to someone who may have no
    account: the link that creates their account with the staff role in ``organisation``
    and then goes on to ``next_url``. None when they have an account (they sign in)."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email, is_active=True).exists():
        return None
    token, _invitation = _create_invitation(
        email, Role.STAFF, {"organisation": organisation}, actor=actor, next_url=next_url
    )
    return base_url + reverse("core:accept-invitation", args=[token])


def find_invitation(token: str) -> Invitation:
    """The invitation for a link, or an ``InvitationError`` saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("organisation", "system")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(
            "This invitation link is not recognised. Check you copied the whole link."
        )
    if invitation.status == "accepted":
        raise InvitationError("This invitation has already been used. Sign in instead.")
    if invitation.status == "revoked":
        raise InvitationError("This invitation was withdrawn. Ask the person who invited you.")
    if invitation.status == "expired":
        raise InvitationError(
            "This invitation has expired. Ask the person who invited you to send a new one."
        )
    return invitation


@transaction.atomic
def accept_invitation(
    token: str,
    *,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
    sign_in_by_link: bool = False,
) -> Membership:
    """Accept as a signed-in user, or create the account with ``full_name`` and either a
    ``password`` or ``sign_in_by_link`` ("e-mail me a link each time")."""
    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise InvitationError("This invitation has already been used. Sign in instead.")
    if user is None:
        if User.objects.filter(email=invitation.email).exists():
            raise InvitationError(
                "An account with this e-mail address already exists. Sign in, then open the "
                "link again."
            )
        if not password and not sign_in_by_link:
            raise ValidationError("Choose a password, or to be e-mailed a link each time.")
        user = User.objects.create_user(
            invitation.email,
            None if sign_in_by_link else password,
            full_name=full_name or invitation.full_name,
            sign_in_by_link=sign_in_by_link,
        )
        audit.record(
            "user.created",
            actor=user,
            obj=user,
            organisation=invitation.organisation,
            system=invitation.system,
            after={"email": user.email, "sign_in": "link" if sign_in_by_link else "password"},
        )
    elif user.email.lower() != invitation.email.lower():
        raise InvitationError(
            f"This invitation is for {invitation.email}, but you are signed in as "
            f"{user.email}. Sign out and open the link again."
        )
    return _join(invitation, user)


def _join(invitation: Invitation, user: User) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user,
        organisation=invitation.organisation,
        system=invitation.system,
        role=invitation.role,
        defaults={"is_active": True, "suspended_at": None},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        "membership.created",
        actor=user,
        obj=membership,
        organisation=invitation.organisation,
        system=invitation.system or invitation.organisation.system,
        after={"user": user.email, "role": invitation.role},
    )
    return membership


@transaction.atomic
def accept_pending_invitations(email: str, *, full_name: str = "") -> User:
    """First single sign-on of an invited person: their account, with every pending
    invitation to their verified e-mail address accepted."""
    invitations = list(Invitation.objects.pending().select_for_update().filter(email__iexact=email))
    if not invitations:
        raise InvitationError("There is no invitation for this e-mail address.")
    user = User.objects.create_user(
        email, None, full_name=full_name or invitations[0].full_name or email
    )
    audit.record(
        "user.created",
        actor=user,
        obj=user,
        organisation=invitations[0].organisation,
        system=invitations[0].system,
        after={"email": user.email, "sign_in": "sso"},
    )
    for invitation in invitations:
        _join(invitation, user)
    return user


def revoke_invitation(invitation: Invitation, *, actor: User, request=None) -> None:
    if invitation.status != "pending":
        raise ValidationError("Only a pending invitation can be withdrawn.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        "invitation.revoked",
        actor=actor,
        obj=invitation,
        organisation=invitation.organisation,
        system=invitation.system,
        before={"status": "pending"},
        after={"status": "revoked"},
        request=request,
    )


def end_membership(membership: Membership, *, actor: User | None, request=None) -> None:
    """End a role (refused for one's own, one above the actor's, or the last system
    administrator). ``actor=None`` is the platform itself."""
    from .people import check_actor, check_not_last_admin

    if actor is not None and actor.pk == membership.user_id:
        raise ValidationError("You cannot remove your own access. Ask another administrator.")
    if not membership.is_active:
        return
    check_actor(actor, membership)
    check_not_last_admin(membership)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit.record(
        "membership.ended",
        actor=actor,
        obj=membership,
        organisation=membership.organisation,
        system=membership.system,
        before={"is_active": True, "role": membership.role},
        after={"is_active": False, "role": membership.role},
        request=request,
    )


def grant(user: User, role: str, *, organisation=None, system=None, actor=None) -> Membership:
    """Give a role directly (used by the demo loader and administrators' scripts)."""
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        system=system,
        role=role,
        defaults={"is_active": True},
    )
    if created:
        audit.record(
            "membership.created",
            actor=actor,
            obj=membership,
            organisation=organisation,
            system=system or (organisation.system if organisation else None),
            after={"user": user.email, "role": role},
        )
    return membership
