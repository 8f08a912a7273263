"""The free text an EDS report publishes, for the small-numbers check before publication
(``dueregard.publishing.narrative``; issue #14)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Action, Evidence, Grading, GradingVersion, Service

PUBLISHED = (
    "eds.Service.description",
    "eds.Evidence.title",
    "eds.Evidence.text",
    "eds.Grading.reasons",
    "eds.GradingVersion.change_reason",
    "eds.Action.action",
)
NOT_PUBLISHED = {
    "eds.Objective.description": "the report prints the objective's title only",
    "eds.ReportImport.message": "the import job's own message to the person importing",
}


def fields(assessment) -> list[tuple[str, str]]:
    """(where, text) of the services, publishable evidence, agreed reasons, grade changes
    and actions."""
    out: list[tuple[str, str]] = []
    for s in Service.objects.filter(assessment=assessment).order_by("pk"):
        out.append((_("Service “%(name)s”: description") % {"name": s.name}, s.description))
    for e in Evidence.objects.filter(assessment=assessment, may_be_published=True).order_by("pk"):
        where = _("Outcome %(code)s evidence “%(title)s”") % {
            "code": e.outcome_code,
            "title": e.title,
        }
        out += [(where, e.title), (where, e.text)]
    agreed = Grading.objects.filter(assessment=assessment, source="panel_agreed").order_by("pk")
    for g in agreed:
        where = _("Outcome %(code)s: the panel's reasons") % {"code": g.outcome_code}
        out += [(where, str(text)) for text in (g.reasons or {}).values()]
    changed = GradingVersion.objects.filter(grading__assessment=assessment).exclude(
        change_reason=""
    )
    for v in changed.select_related("grading").order_by("pk"):
        where = _("Outcome %(code)s: why the grade changed") % {"code": v.grading.outcome_code}
        out.append((where, v.change_reason))
    for a in Action.objects.filter(assessment=assessment).order_by("pk"):
        out.append((_("Outcome %(code)s action") % {"code": a.outcome_code}, a.action))
    return out
