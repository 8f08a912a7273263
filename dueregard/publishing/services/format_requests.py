"""Ask for a published page in another format: record it, tell the EDI leads, track it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.models import Membership
from dueregard.core.roles import Role
from dueregard.core.services import audit, notifications

from ..models import FormatRequest
from ..published import PublishedPage


def edi_lead_emails(system, organisation) -> list[str]:
    """The EDI leads of the organisation, and those who lead for the whole system."""
    active = Membership.objects.filter(is_active=True, role=Role.EDI_LEAD, user__is_active=True)
    system_leads = active.filter(organisation__isnull=True, system=system)
    leads = active.filter(organisation=organisation) if organisation else active.none()
    return sorted(
        set(leads.values_list("user__email", flat=True))
        | set(system_leads.values_list("user__email", flat=True))
    )


@transaction.atomic
def create(kind: str, slug: str, page: PublishedPage, data: dict) -> FormatRequest:
    org = page.organisation
    request = FormatRequest.objects.create(
        system=page.system,
        organisation=org,
        kind=kind,
        slug=slug,
        subject=page.title[:300],
        page_url=page.url[:500],
        format=data["format"],
        language=data.get("language", ""),
        details=data.get("details", ""),
        name=data["name"],
        email=data["email"],
    )
    audit.record("publishing.format_requested", obj=request, after={"format": request.format})
    for email in edi_lead_emails(page.system, org):
        notifications.send(email, "publishing_format_request", {"req": request}, organisation=org)
    return request


@transaction.atomic
def mark_replied(actor, request: FormatRequest, reply_note: str) -> FormatRequest:
    if request.status == FormatRequest.Status.REPLIED:
        raise ValidationError(_("This request has already been marked as replied."))
    request.status = FormatRequest.Status.REPLIED
    request.replied_at = timezone.now()
    request.replied_by = actor
    request.reply_note = reply_note
    request.save(update_fields=["status", "replied_at", "replied_by", "reply_note"])
    audit.record(
        "publishing.format_request_replied",
        actor=actor,
        obj=request,
        before={"status": "open"},
        after={"status": "replied"},
    )
    return request


def dispose_expired(now) -> int:
    from datetime import timedelta

    cutoff = now - timedelta(days=FormatRequest.retention_days)
    deleted, _rows = FormatRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
