"""Direct invitations: places held for named people until a date, then released to all."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dueregard.core.services import audit, memberships, notifications

from ..models import Invitation, Session
from .booking import BookingRefused, _locked, booking_link, free_places  # noqa: F401


def invite(
    session: Session,
    emails: list[str],
    *,
    group: str = "",
    reserved_until: dt.datetime,
    actor,
    now: dt.datetime | None = None,
    base_url: str = "",
    request=None,
) -> list[Invitation]:
    """Hold one place per new e-mail address (if that many are free) and e-mail each."""
    now = now or timezone.now()
    if reserved_until <= now:
        raise BookingRefused("The date places are held until must be in the future.")
    with transaction.atomic(durable=True):
        session = _locked(session.pk)
        already = {
            e.lower()
            for e in Invitation.objects.filter(
                session=session, status__in=[Invitation.Status.PENDING, Invitation.Status.BOOKED]
            ).values_list("email", flat=True)
        }
        new = []
        for email in emails:
            if email.lower() not in already and email.lower() not in {e.lower() for e in new}:
                new.append(email)
        free = free_places(session, now)
        if len(new) > free:
            raise BookingRefused(
                f"Only {free} places are free, so {len(new)} people cannot be invited. "
                "Invite fewer people or add places."
            )
        created = [
            Invitation.objects.create(
                session=session,
                email=email,
                group=group,
                reserved_until=reserved_until,
                invited_by=actor,
                created_at=now,
            )
            for email in new
        ]
        audit.record(
            "events.invitations.sent",
            actor=actor,
            obj=session,
            organisation=session.series.organisation,
            system=session.series.system,
            after={"count": len(created), "group": group, "reserved_until": reserved_until},
            request=request,
        )
    from django.urls import reverse

    path = reverse("events:session", args=[session.pk])
    link = (base_url or "") + path
    for invitation in created:
        # Sign-in (issue 15): an invitee without an account gets a link that creates one.
        account_link = memberships.guest_invitation_link(
            invitation.email,
            organisation=session.series.organisation,
            next_url=path,
            actor=actor,
            base_url=base_url or "",
        )
        notifications.send(
            invitation.email,
            "events_invitation",
            {
                "invitation": invitation,
                "session": session,
                "link": link,
                "account_link": account_link,
            },
            organisation=session.series.organisation,
        )
    return created
