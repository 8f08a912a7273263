"""Co-authors: people from any organisation of the decision's system who write the
assessment with its owner. Adding or removing one is audited and the person is told."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.models import Membership
from dueregard.core.requests import absolute_url
from dueregard.core.services import audit, notifications

from ..models import CoAuthor, Decision


def _works_in_system(user, system) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user)
        .filter(Q(system=system) | Q(organisation__system=system))
        .exists()
    )


@transaction.atomic
def add(decision: Decision, *, actor, email: str, request=None) -> CoAuthor:
    """Add the person with ``email`` (they must work in an organisation of the system)."""
    email = (email or "").strip()
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None or not _works_in_system(user, decision.system):
        raise ValidationError(
            _(
                "No one with that e-mail address works in an organisation of this system. "
                "Ask an administrator to invite them first."
            ),
            code="unknown",
        )
    if user.pk == decision.owner_id:
        raise ValidationError(_("The owner already writes this assessment."), code="owner")
    if decision.coauthors.filter(user=user).exists():
        raise ValidationError(_("%(name)s is already a co-author.") % {"name": user}, code="dup")
    coauthor = CoAuthor.objects.create(decision=decision, user=user, added_by=actor)
    audit.record(
        "idmf.coauthor.added",
        actor=actor,
        obj=decision,
        request=request,
        after={"coauthor": user.email},
    )
    notifications.send(
        user.email,
        "idmf_coauthor_added",
        {
            "decision": decision,
            "actor": actor,
            "link": absolute_url(reverse("idmf:detail", args=[decision.pk]), request),
        },
        organisation=decision.organisation,
    )
    return coauthor


@transaction.atomic
def remove(coauthor: CoAuthor, *, actor, request=None) -> None:
    decision = coauthor.decision
    email = coauthor.user.email
    coauthor.delete()
    audit.record(
        "idmf.coauthor.removed",
        actor=actor,
        obj=decision,
        request=request,
        before={"coauthor": email},
    )


def people_involved(decision: Decision) -> list:
    """The owner, the co-authors and the partners whose access is live, as users."""
    partners = decision.partners.filter(
        revoked_at__isnull=True, expires_on__gte=timezone.localdate()
    ).select_related("user")
    return [
        decision.owner,
        *(c.user for c in decision.coauthors.select_related("user")),
        *(p.user for p in partners),
    ]
