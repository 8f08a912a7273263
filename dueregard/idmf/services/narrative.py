"""The free text an IDMF public summary publishes, for the small-numbers check before
publication (``dueregard.publishing.narrative``; issue #14)."""

from __future__ import annotations

from django.utils.translation import gettext as _

PUBLISHED = (
    "idmf.Decision.title",
    "idmf.Assessment.answers",
    "idmf.Impact.reasons",
    "idmf.Impact.evidence",
    "idmf.EngagementEntry.heard",
    "idmf.EngagementEntry.changed",
    "idmf.Action.description",
)
NOT_PUBLISHED = {
    "idmf.CommitteeDecision.conditions": "the committee's record, not the public summary",
    "idmf.Comment.body": "comments between the authors and reviewers",
    "idmf.SpecialistReview.note": "the specialist's review, for the authors",
    "idmf.ImportJob.error": "why an import failed, for the person importing",
}


def fields(decision) -> list[tuple[str, str]]:
    """(where, text) of the proposal, the free-text answers, impacts, engagement, actions."""
    out: list[tuple[str, str]] = [(_("Proposal title"), decision.title)]
    assessment = decision.current_assessment()
    if assessment is None:
        return out
    for code, value in sorted((assessment.answers or {}).items()):
        if isinstance(value, str):
            out.append((_("Answer to %(code)s") % {"code": code}, value))
    for i in assessment.impacts.all().order_by("pk"):
        where = _("Impact on %(group)s") % {"group": i.group}
        out += [(where, i.reasons), (where, i.evidence)]
    for e in assessment.engagement.all().order_by("pk"):
        where = _("Engagement with %(who)s") % {"who": e.who}
        out += [(where, e.heard), (where, e.changed)]
    for a in assessment.actions.all().order_by("pk"):
        out.append((_("Action"), a.description))
    return out
