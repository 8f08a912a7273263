"""Access reviews: who holds which role in an organisation, when they last signed in, as a
page and a CSV file, signed off periodically by an EDI lead or a system administrator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ..models import AccessReview, Membership, Organisation
from . import audit

CSV_HEADER = ["Name", "E-mail", "Role", "Held in", "Status", "Last sign-in", "Two-factor"]


@dataclass(frozen=True)
class ReviewRow:
    name: str
    email: str
    role: str
    held_in: str
    status: str
    last_sign_in: datetime | None
    two_factor: bool


def rows(organisation: Organisation) -> list[ReviewRow]:
    """Everyone with a role in the organisation (its own or one for its whole system)."""
    from django_otp import user_has_device

    memberships = (
        Membership.objects.filter(
            Q(organisation=organisation) | Q(system=organisation.system), is_active=True
        )
        .select_related("user", "organisation", "system")
        .order_by("user__full_name", "user__email", "role")
    )
    return [
        ReviewRow(
            name=m.user.full_name or m.user.email,
            email=m.user.email,
            role=str(m.get_role_display()),
            held_in=str(m.place),
            status="Suspended" if m.suspended_at else ("Active" if m.user.is_active else "Closed"),
            last_sign_in=m.user.last_login,
            two_factor=user_has_device(m.user),
        )
        for m in memberships
    ]


def csv_bytes(organisation: Organisation) -> bytes:
    """The review as CSV, through the one formula-injection guard (publishing.tabular)."""
    from dueregard.publishing.tabular import to_csv

    return to_csv(
        [CSV_HEADER]
        + [
            [
                row.name,
                row.email,
                row.role,
                row.held_in,
                row.status,
                timezone.localtime(row.last_sign_in).strftime("%Y-%m-%d %H:%M")
                if row.last_sign_in
                else "never",
                "yes" if row.two_factor else "no",
            ]
            for row in rows(organisation)
        ]
    )


def last_review(organisation: Organisation) -> AccessReview | None:
    return organisation.access_reviews.select_related("signed_off_by").first()


def next_due(organisation: Organisation):
    last = last_review(organisation)
    if last is None:
        return None
    return last.signed_off_at + timedelta(days=settings.ACCESS_REVIEW_DAYS)


def sign_off(organisation: Organisation, *, actor, notes: str = "", request=None) -> AccessReview:
    current = rows(organisation)
    review = AccessReview.objects.create(
        organisation=organisation,
        signed_off_by=actor,
        signed_off_at=timezone.now(),
        people=len({r.email for r in current}),
        roles=len(current),
        notes=notes.strip(),
    )
    audit.record(
        "access_review.signed_off",
        actor=actor,
        obj=review,
        organisation=organisation,
        after={"people": review.people, "roles": review.roles, "notes": review.notes},
        request=request,
    )
    return review


def record_export(organisation: Organisation, *, actor, request=None) -> None:
    audit.record("access_review.exported", actor=actor, organisation=organisation, request=request)
