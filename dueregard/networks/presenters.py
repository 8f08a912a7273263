"""Values of the network pages."""

from __future__ import annotations

from django.utils.translation import gettext as _


def budget(network) -> str:
    if network.budget is None:
        return _("Not agreed")
    return f"£{network.budget:,}"


def belongs_to(network) -> str:
    if network.organisation_id is None:
        return _("%(system)s (whole system)") % {"system": network.system.name}
    return network.organisation.name


def register_rows(networks, counts: dict[int, str], mine: set[int]) -> list[dict]:
    return [
        {
            "network": n,
            "belongs_to": belongs_to(n),
            "kind": n.get_kind_display(),
            "chairs": ", ".join(c.user.full_name for c in n.chairs.all()) or _("None yet"),
            "members": counts.get(n.pk, ""),
            "mine": n.pk in mine,
        }
        for n in networks
    ]
