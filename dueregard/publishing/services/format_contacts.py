"""The contact details an organisation (or a whole system) gives for formats and languages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dueregard.core.services import audit

from ..models import FormatContact
from ..published import PublishedPage

FIELDS = ("email", "phone", "text_relay", "address", "note")


def for_page(page: PublishedPage) -> FormatContact | None:
    """The organisation's own details, else the system's."""
    if page.organisation is not None:
        own = FormatContact.objects.filter(organisation=page.organisation).first()
        if own is not None:
            return own
    return FormatContact.objects.filter(system=page.system, organisation__isnull=True).first()


def for_scope(scope) -> FormatContact | None:
    return scope.query(FormatContact).filter(organisation=scope.organisation).first()


@transaction.atomic
def save(actor, scope, data: dict) -> FormatContact:
    if not any((data.get(f) or "").strip() for f in ("email", "phone", "address")):
        raise ValidationError(
            _("Give at least an e-mail address, a telephone number or an address")
        )
    contact = for_scope(scope) or FormatContact(
        system=scope.system, organisation=scope.organisation
    )
    before = {f: getattr(contact, f) for f in FIELDS} if contact.pk else {}
    for f in FIELDS:
        setattr(contact, f, (data.get(f) or "").strip())
    contact.updated_by = actor
    contact.save()
    audit.record(
        "publishing.format_contact_saved",
        actor=actor,
        obj=contact,
        before=before,
        after={f: getattr(contact, f) for f in FIELDS},
    )
    return contact
