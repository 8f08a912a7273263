"""The audit trail of one decision, readable: who changed what, and when."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dueregard.core.models import AuditEvent

from ..models import Decision
from . import framework

LABELS = {
    "idmf.decision.created": _("Added to the register"),
    "idmf.decision.changed": _("Changed the register details"),
    "idmf.screened": _("Recorded the screening"),
    "idmf.step.saved": _("Saved a step"),
    "idmf.impacts.saved": _("Saved the impact grid"),
    "idmf.engagement.added": _("Added engagement"),
    "idmf.action.added": _("Added an action"),
    "idmf.action.completed": _("Marked an action as done"),
    "idmf.committee.recorded": _("Recorded the committee's decision"),
    "idmf.signed_off": _("Signed off"),
    "idmf.review.started": _("Started a review (new version)"),
    "idmf.review.reminded": _("Review reminder sent"),
    "idmf.published": _("Published the public summary"),
    "idmf.unpublished": _("Withdrew the public summary"),
    "idmf.coauthor.added": _("Added a co-author"),
    "idmf.coauthor.removed": _("Removed a co-author"),
    "idmf.partner.invited": _("Invited a partner from outside the system"),
    "idmf.partner.revoked": _("Withdrew a partner's access"),
    "idmf.comment.added": _("Commented"),
    "idmf.comment.resolved": _("Resolved a comment"),
    "idmf.comment.reopened": _("Reopened a comment"),
    "idmf.copied": _("Started from a copy"),
    "idmf.imported": _("Imported answers from a Word document"),
    "idmf.specialist.requested": _("Asked for the EDI specialist review"),
    "idmf.specialist.approved": _("EDI specialist review: approved"),
    "idmf.specialist.changes": _("EDI specialist review: changes asked for"),
}


def _events(decision: Decision):
    return (
        AuditEvent.objects.filter(object_type="idmf.decision", object_id=str(decision.pk))
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def _where(decision: Decision, after: dict) -> str:
    step = after.get("step")
    if not step:
        return ""
    assessment = decision.current_assessment()
    try:
        found = framework.idmf(assessment).step(step)
    except KeyError:
        return "Screening" if step == "screening" else str(step)
    return f"Step {found.number}: {found.title}"


def rows(decision: Decision, *, step: str | None = None, limit: int | None = None) -> list[dict]:
    """Newest first; ``step`` keeps the changes to one step."""
    events = _events(decision)
    if step is not None:
        events = events.filter(after__step=step)
    if limit is not None:
        events = events[:limit]
    out = []
    for e in events:
        after = e.after or {}
        who = (e.actor.full_name or e.actor.email) if e.actor else str(_("The system"))
        detail = [_where(decision, after)]
        for key in ("coauthor", "partner"):
            if after.get(key) or (e.before or {}).get(key):
                detail.append(after.get(key) or e.before[key])
        if after.get("version"):
            detail.append(f"version {after['version']}")
        out.append(
            {
                "when": e.created_at,
                "who": who,
                "what": str(LABELS.get(e.action, e.action)),
                "detail": ", ".join(d for d in detail if d),
                "changes": [c for c in after.get("changes") or [] if isinstance(c, dict)],
            }
        )
    return out
