"""Decisions taken by a committee or board, and the one-page summary for its papers.

``record`` stores (or corrects) the body, meeting date, minute reference, outcome and the
people who attended by role for one assessment version, audited. ``summary`` builds the
committee summary as one publishing ``Document`` (the PDF and DOCX render it).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.services import audit
from dueregard.publishing.document import BulletList, Document, Heading, Paragraph, Table

from ..models import Action, Assessment, CommitteeDecision, Impact
from . import framework, legal

MAX_ATTENDEES = 60
MAX_ACTIONS = 3  # the summary is one page for the meeting papers
NEEDS_REASONS = (
    CommitteeDecision.Outcome.CONDITIONS,
    CommitteeDecision.Outcome.DEFERRED,
    CommitteeDecision.Outcome.REJECTED,
)


def _date(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


@transaction.atomic
def record(
    assessment: Assessment,
    *,
    actor,
    body: str,
    meeting_date: dt.date,
    minute_reference: str,
    outcome: str,
    conditions: str = "",
    attendees: list[dict],
    request=None,
    today: dt.date | None = None,
) -> CommitteeDecision:
    """Record the committee's decision on the current version (a correction replaces it)."""
    if not assessment.is_current:
        raise ValidationError(
            _("This is an earlier version. Record the decision on the current one.")
        )
    if assessment.screening_result != Assessment.Screening.RELEVANT:
        raise ValidationError(_("Only a proposal that needed a full assessment goes to committee."))
    today = today or timezone.localdate()
    if meeting_date > today:
        raise ValidationError(_("The meeting date must be today or in the past."))
    if outcome not in CommitteeDecision.Outcome.values:
        raise ValidationError(_("Select the outcome."))
    if outcome in NEEDS_REASONS and not conditions.strip():
        raise ValidationError(_("Give the conditions, or the reasons for deferring or rejecting."))
    if not attendees:
        raise ValidationError(_("List the people who attended, with their roles."))
    if len(attendees) > MAX_ATTENDEES:
        raise ValidationError(_("List at most %(n)s attendees.") % {"n": MAX_ATTENDEES})
    existing = CommitteeDecision.objects.filter(assessment=assessment).first()
    before = _snapshot(existing) if existing else None
    committee, _created = CommitteeDecision.objects.update_or_create(
        assessment=assessment,
        defaults={
            "body": body.strip(),
            "meeting_date": meeting_date,
            "minute_reference": minute_reference.strip(),
            "outcome": outcome,
            "conditions": conditions.strip(),
            "attendees": [{"role": a["role"], "name": a["name"]} for a in attendees],
            "recorded_by": actor,
        },
    )
    audit.record(
        "idmf.committee.recorded",
        actor=actor,
        obj=assessment.decision,
        request=request,
        before=before,
        after={**_snapshot(committee), "version": assessment.version},
    )
    return committee


def _snapshot(committee: CommitteeDecision) -> dict:
    return {
        "body": committee.body,
        "meeting_date": committee.meeting_date.isoformat(),
        "minute_reference": committee.minute_reference,
        "outcome": committee.outcome,
        "attendees": len(committee.attendees),
    }


def summary(assessment: Assessment) -> Document:
    """One page for the meeting papers: the proposal, what the assessment found, the open
    actions, the duties that apply, and (once recorded) the committee's decision. Long
    text is cut at a word and points to the full assessment."""
    spec = framework.idmf(assessment)
    decision = assessment.decision
    answers = assessment.answers
    impacts = list(assessment.impacts.all())
    by_rating: dict[str, list[str]] = {}
    for impact in impacts:
        by_rating.setdefault(impact.rating, []).append(
            framework.group_name(assessment, impact.group)
        )
    labels = {c.code: c.label for c in spec.impact_values}
    found = tuple(
        (f"{labels.get(code, code)} impact", ", ".join(by_rating[code]))
        for code in (Impact.Rating.NEGATIVE, Impact.Rating.UNKNOWN, Impact.Rating.POSITIVE)
        if by_rating.get(code)
    ) or (("Impacts found", "No positive, negative or unknown impacts recorded"),)
    actions = list(assessment.actions.filter(completed_on__isnull=True))
    rows = [
        ("Organisation", str(decision.place)),
        ("Project lead", str(decision.owner)),
        ("Assessment", f"Version {assessment.version}: {_status(assessment)}"),
        ("Duties", "; ".join(r.short for r in legal.references(decision))),
        *found,
    ]
    committee = CommitteeDecision.objects.filter(assessment=assessment).first()
    if committee is not None:
        rows += [
            ("Committee or board", committee.body),
            ("Meeting", f"{_date(committee.meeting_date)}, minute {committee.minute_reference}"),
            ("Outcome", committee.get_outcome_display()),
            ("Conditions or reasons", _short(committee.conditions, 300) or "None"),
            ("Attended", "; ".join(f"{a['role']}: {a['name']}" for a in committee.attendees)),
        ]
    else:
        rows.append(("Decision-making body", decision.decision_body))
    shown = [_action_line(a) for a in actions[:MAX_ACTIONS]]
    if len(actions) > MAX_ACTIONS:
        shown.append(f"and {len(actions) - MAX_ACTIONS} more in the full assessment")
    blocks: list = [
        # a two-column table: key and value on one line keeps the summary to one page
        Table(caption="The decision", columns=("Item", "Detail"), rows=tuple(rows)),
        Heading("The proposal"),
        Paragraph(_short(answers.get("define-aims") or "", 300) or "Not recorded yet."),
        Heading("Open actions"),
        BulletList(tuple(shown) or ("No open actions.",)),
    ]
    return Document(
        title=f"Committee summary: {decision.title}",
        subtitle=f"Equality and health inequalities assessment, {decision.place}",
        blocks=tuple(blocks),
        metadata={"organisation": str(decision.place)},
    )


def _short(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word, pointing to the full assessment."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "… (continued in the full assessment)"


def _status(assessment: Assessment) -> str:
    if assessment.is_signed_off:
        return f"signed off by {assessment.signed_off_by} on {_date(assessment.decided_on)}"
    done, total = len(assessment.completed_steps), len(framework.idmf(assessment).steps)
    return f"in progress, {done} of {total} steps complete"


def _action_line(action: Action) -> str:
    return f"{action.description} (owner {action.owner_name}, due {_date(action.due_date)})"
