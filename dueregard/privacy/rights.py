"""Subject rights (UK GDPR Arts. 15-17): find a person across every module, export what is
held about them, correct their account, and erase or anonymise them where the law allows.

Records are found through the declarations: in every declared model, the rows whose
person fields (a link to the account, or an e-mail address) point at the person. Erasure
deletes the records that exist only about the person (bookings, applications, invitations,
nominations they made, format requests) and anonymises the account, so work records that
name them as the doer keep their shape, published aggregates stay, and the audit trail keeps
its records with the person's labels redacted. Each use is audited (counts, never values).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dueregard.core.models import Membership, User
from dueregard.core.services import audit
from dueregard.core.services.retention import ERASED_DOMAIN, anonymise_user

from .declarations import DECLARATIONS, Declaration

# Records that exist only about the person: deleted on erasure. The rest are work records
# (who did what) that keep pointing at the anonymised account.
ERASABLE = {
    "events.Booking",
    "events.Invitation",
    "mentoring.Application",
    "cohorts.Application",
    "awards.Nomination",
    "publishing.FormatRequest",
    "core.Invitation",
    "core.Notification",
    "communities.Member",
    "networks.Member",
}


@dataclass(frozen=True)
class Found:
    declaration: Declaration
    records: list

    @property
    def title(self) -> str:
        return str(apps.get_model(self.declaration.model)._meta.verbose_name_plural).capitalize()


def people(system, query: str) -> list[User]:
    """Accounts matching an e-mail address or part of a name, who hold or held a role in
    the system."""
    query = (query or "").strip()
    if len(query) < 3:
        raise ValidationError({"query": _("Enter at least 3 characters of a name or address")})
    in_system = Membership.objects.filter(Q(system=system) | Q(organisation__system=system))
    match = Q(email__iexact=query) if "@" in query else Q(full_name__icontains=query)
    return list(
        User.objects.filter(match, pk__in=in_system.values("user_id"))
        .exclude(email__endswith="@" + ERASED_DOMAIN)
        .order_by("full_name", "email")[:50]
    )


def person_in_system(system, pk: int) -> User | None:
    in_system = Membership.objects.filter(Q(system=system) | Q(organisation__system=system))
    return User.objects.filter(pk=pk, pk__in=in_system.values("user_id")).first()


def _condition(model, declaration: Declaration, user: User, fields=None) -> Q | None:
    """Rows naming ``user`` in any of ``fields`` (default: the declared personal fields)."""
    condition = Q()
    any_field = False
    for name in fields or declaration.personal:
        field = model._meta.get_field(name)
        if (
            isinstance(field, models.ForeignKey)
            and field.related_model._meta.label == settings.AUTH_USER_MODEL
        ):
            condition |= Q(**{name: user})
            any_field = True
        elif isinstance(field, models.EmailField) or name in ("recipient", "owner_email"):
            condition |= Q(**{f"{name}__iexact": user.email})
            any_field = True
    return condition if any_field else None


def records(user: User) -> list[Found]:
    """Every declared record about the person, by model (the account itself first)."""
    found = []
    for declaration in DECLARATIONS:
        model = apps.get_model(declaration.model)
        if model is User:
            found.append(Found(declaration, [user]))
            continue
        condition = _condition(model, declaration, user)
        if condition is None:
            continue
        rows = list(model._default_manager.filter(condition)[:1000])
        if rows:
            found.append(Found(declaration, rows))
    return found


def _value(value):
    if isinstance(value, bytes | memoryview):
        return f"[file, {len(value):,} bytes]"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


_HIDDEN = {"password", "attachments"}


def as_dict(obj) -> dict:
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in _HIDDEN:
            continue
        out[field.name] = _value(getattr(obj, field.attname))
    return out


def export(user: User, actor, request=None) -> dict:
    """Everything held about the person, as plain data (audited)."""
    data = {
        "person": {"id": user.pk, "email": user.email, "full_name": user.full_name},
        "records": {
            found.declaration.model: {
                "purpose": found.declaration.purpose,
                "retention": found.declaration.retention,
                "rows": [as_dict(obj) for obj in found.records],
            }
            for found in records(user)
        },
    }
    audit.record(
        "privacy.exported",
        actor=actor,
        obj=user,
        after={"models": sorted(data["records"])},
        request=request,
    )
    return data


@transaction.atomic
def correct(user: User, actor, *, full_name: str, email: str, request=None) -> User:
    full_name, email = full_name.strip(), email.strip().lower()
    if not full_name:
        raise ValidationError({"full_name": _("Enter the person's full name")})
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("Another account already uses this e-mail address")})
    before = {"full_name": user.full_name, "email": user.email}
    user.full_name, user.email = full_name, email
    user.save(update_fields=["full_name", "email"])
    audit.record(
        "privacy.corrected",
        actor=actor,
        obj=user,
        before=before,
        after={"full_name": full_name, "email": email},
        request=request,
    )
    return user


@transaction.atomic
def erase(user: User, actor, *, request=None) -> dict[str, int]:
    """Delete the records only about the person, anonymise the account (audited)."""
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot erase your own account. Ask another administrator."))
    counts = {}
    for found in records(user):
        if found.declaration.model in ERASABLE:
            model = apps.get_model(found.declaration.model)
            rows = model._default_manager.filter(pk__in=[obj.pk for obj in found.records])
            if found.declaration.subject:  # only the records about the person
                about = _condition(model, found.declaration, user, found.declaration.subject)
                rows = rows.filter(about) if about is not None else rows.none()
            _total, by_model = rows.delete()  # with what cascades (e.g. monitoring)
            for label, deleted in by_model.items():
                if deleted:
                    counts[label] = counts.get(label, 0) + deleted
    Membership.objects.filter(user=user).update(is_active=False)
    anonymise_user(user)
    counts["core.User"] = 1
    audit.record("privacy.erased", actor=actor, obj=user, after=counts, request=request)
    return counts
