"""Values for display, so templates stay dumb."""

from __future__ import annotations

from . import navigation
from .roles import Role


def home_cards(request) -> list[dict]:
    return [item for item in navigation.items_for(request) if item["description"]]


def role_labels(roles) -> list[str]:
    return [str(label) for value, label in Role.choices if value in roles]


def membership_rows(memberships) -> list[dict]:
    return [
        {
            "name": m.user.full_name or m.user.email,
            "email": m.user.email,
            "role": m.get_role_display(),
            "place": str(m.place),
            "active": m.is_active,
            "suspended": bool(m.suspended_at),
            "pk": m.pk,
        }
        for m in memberships
    ]
