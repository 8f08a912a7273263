"""The free text a WRES/WDES report publishes, for the small-numbers check before
publication (``dueregard.publishing.narrative``; issue #14): the narrative under each
indicator and the actions of the plan."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Narrative, ReturnYear
from . import cycle

PUBLISHED = ("returns.Narrative.text", "returns.Action.description")
NOT_PUBLISHED: dict[str, str] = {}


def fields(ry: ReturnYear) -> list[tuple[str, str]]:
    """(where, text) of each indicator's narrative and each action on the year's plan."""
    out: list[tuple[str, str]] = []
    for n in Narrative.objects.filter(return_year=ry).order_by("indicator", "pk"):
        out.append((_("The narrative for indicator %(code)s") % {"code": n.indicator}, n.text))
    for a in cycle.plan(ry):
        out.append((_("Action for indicator %(code)s") % {"code": a.indicator}, a.description))
    return out
