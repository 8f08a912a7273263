"""Partner co-authors from OUTSIDE the system (ADR 0036): a lead invites a named person by
e-mail to co-author ONE decision's assessment. They get an account with no membership, so
their scope is empty and every other page of the system reaches nothing; they sign in by
e-mailed link (ADR 0020) and reach this decision's pages only while the access is live
(not revoked, not past its end date). They never sign off. Every step is audited."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from sesame.utils import get_query_string

from dueregard.core.requests import absolute_url
from dueregard.core.services import audit, notifications

from ..models import Comment, Decision, PartnerAccess
from .coauthors import _works_in_system

LONGEST = dt.timedelta(days=366)


def _live(queryset):
    return queryset.filter(revoked_at__isnull=True, expires_on__gte=timezone.localdate())


def live_access(user, decision_pk) -> PartnerAccess | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        decision_pk = int(decision_pk)
    except (TypeError, ValueError):
        return None
    return (
        _live(PartnerAccess.objects.filter(user=user, decision_id=decision_pk))
        .select_related("decision")
        .first()
    )


def comment_for(user, comment_pk) -> Comment | None:
    """A comment on a decision the partner reaches now."""
    try:
        comment = Comment.objects.select_related("assessment__decision").get(pk=int(comment_pk))
    except (Comment.DoesNotExist, TypeError, ValueError):
        return None
    return comment if live_access(user, comment.assessment.decision_id) else None


def sign_in_link(user, decision: Decision, request=None) -> str:
    """A one-time sign-in link (django-sesame) that goes on to the decision."""
    path = reverse("core:link-sign-in") + get_query_string(user)
    path += "&" + urlencode({"next": reverse("idmf:detail", args=[decision.pk])})
    return absolute_url(path, request)


def _check(decision: Decision, email: str, expires_on) -> None:
    errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter an e-mail address like name@example.org")
    today = timezone.localdate()
    if expires_on is None or expires_on <= today:
        errors["expires_on"] = _("The access must end after today")
    elif expires_on > today + LONGEST:
        errors["expires_on"] = _("The access can last a year at most")
    if errors:
        raise ValidationError(errors)
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        return
    if user.pk == decision.owner_id or _works_in_system(user, decision.system):
        raise ValidationError(
            {"email": _("This person works in the system: add them as a co-author instead")}
        )
    if _live(decision.partners.filter(user=user)).exists():
        raise ValidationError({"email": _("%(name)s is already invited") % {"name": user}})


@transaction.atomic
def invite(
    decision: Decision,
    *,
    actor,
    email: str,
    full_name: str,
    organisation_name: str,
    expires_on,
    request=None,
) -> PartnerAccess:
    email = (email or "").strip().lower()
    _check(decision, email, expires_on)
    users = get_user_model().objects
    user = users.filter(email__iexact=email).first()
    if user is None:
        user = users.create_user(email, full_name=full_name.strip())  # no password, no role
    elif not user.is_active:
        raise ValidationError({"email": _("This account is closed. Ask an administrator.")})
    access = PartnerAccess.objects.create(
        decision=decision,
        user=user,
        organisation_name=organisation_name.strip(),
        invited_by=actor,
        expires_on=expires_on,
    )
    audit.record(
        "idmf.partner.invited",
        actor=actor,
        obj=decision,
        request=request,
        after={
            "partner": user.email,
            "organisation": access.organisation_name,
            "expires_on": expires_on,
        },
    )
    notifications.send(
        user.email,
        "idmf_partner_invited",
        {
            "decision": decision,
            "actor": actor,
            "access": access,
            "link": sign_in_link(user, decision, request),
            "again": absolute_url(reverse("core:request-link"), request),
        },
        organisation=decision.organisation,
    )
    return access


@transaction.atomic
def revoke(access: PartnerAccess, *, actor, request=None) -> PartnerAccess:
    if access.revoked_at is not None:
        raise ValidationError(_("This access is already withdrawn."))
    access.revoked_at = timezone.now()
    access.revoked_by = actor
    access.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        "idmf.partner.revoked",
        actor=actor,
        obj=access.decision,
        request=request,
        before={"partner": access.user.email},
    )
    return access
