"""Values of the community pages."""

from __future__ import annotations

from django.utils.translation import gettext as _


def belongs_to(community) -> str:
    if community.organisation_id is None:
        return _("%(system)s (whole system)") % {"system": community.system.name}
    return community.organisation.name


def rows(communities, counts: dict[int, str], mine: set[int]) -> list[dict]:
    return [
        {
            "community": c,
            "belongs_to": belongs_to(c),
            "organisers": ", ".join(o.user.full_name for o in c.organisers.all()),
            "members": counts.get(c.pk, ""),
            "mine": c.pk in mine,
        }
        for c in communities
    ]
