"""The completed assessment as ONE publishing Document: the page, PDF and DOCX all render it."""

from __future__ import annotations

import datetime as dt

from dueregard.publishing.document import (
    BulletList,
    Document,
    Heading,
    Paragraph,
    SummaryList,
    Table,
)

from .. import attachments
from ..models import Assessment
from . import framework


def _date(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}"


def answer_text(question, value) -> str:
    if value in (None, ""):
        return "Not answered"
    if question.type == "yes_no":
        return {"yes": "Yes", "no": "No"}.get(str(value), str(value))
    if question.type == "choice":
        for option in question.options:
            if option.code == value:
                return option.label
    if question.type == "date":
        return _date(value)
    return str(value)


def _label(choices, code: str) -> str:
    for c in choices:
        if c.code == code:
            return c.label
    return code or "Not answered"


def _impact_blocks(spec, groups, impacts) -> list:
    """A short table (it fits a page without wrapping), then the reasons and evidence."""
    rows, reasons = [], []
    for g in groups:
        impact = impacts.get(g.code)
        if impact is None:
            rows.append((g.name, "Not answered", ""))
            continue
        rows.append(
            (
                g.name,
                _label(spec.impact_values, impact.rating),
                _label(spec.confidence_levels, impact.confidence) if impact.confidence else "",
            )
        )
        reasons.append((g.name, impact.reasons or "No reasons given"))
        if impact.evidence.strip():
            reasons.append((f"{g.name}: evidence", impact.evidence))
    blocks = [
        Table(
            caption="Impact on each group",
            columns=("Group", "Impact", "Confidence"),
            rows=tuple(rows),
        )
    ]
    if reasons:
        blocks += [Heading("Reasons and evidence", level=3), SummaryList(tuple(reasons))]
    return blocks


def build(assessment: Assessment) -> Document:
    spec = framework.idmf(assessment)
    groups = framework.groups(assessment)
    decision = assessment.decision
    answers = assessment.answers
    status = (
        f"Signed off by {assessment.signed_off_by} on {_date(assessment.signed_off_at.date())}"
        if assessment.is_signed_off
        else decision.get_status_display()
    )
    blocks: list = [
        SummaryList(
            (
                ("Organisation", str(decision.place)),
                ("Owner", str(decision.owner)),
                ("Design group", decision.design_group or "None"),
                ("Decision-making body", decision.decision_body),
                ("Type", decision.get_decision_type_display()),
                ("Decision needed by", _date(decision.date_needed) or "Not set"),
                ("Version", str(assessment.version)),
                ("Status", status),
                ("Framework", f"{spec.name} (version {spec.version})"),
            )
        ),
        Heading(spec.screening.title),
        SummaryList(
            tuple(
                (q.text, answer_text(q, assessment.screening_answers.get(q.code)))
                for q in spec.screening.questions
            )
        ),
    ]
    if assessment.screening_result == Assessment.Screening.NOT_RELEVANT:
        blocks.append(
            Paragraph("The screening found the proposal not relevant: no full assessment.")
        )
    impacts = {i.group: i for i in assessment.impacts.all()}
    for step in spec.steps:
        blocks.append(Heading(f"Step {step.number}: {step.title}"))
        rows = _step_rows(spec, step, answers)
        if step.code == "assess-impact":
            blocks.extend(_impact_blocks(spec, groups, impacts))
        if rows:
            blocks.append(SummaryList(tuple(rows)))
        blocks.extend(attachments.blocks(step.code, assessment, public=False))
        if step.code == "engage":
            blocks.extend(_engagement_blocks(assessment))
        if step.code == "mitigate-decide":
            blocks.extend(_action_blocks(assessment))
    if assessment.is_signed_off:
        blocks.extend(due_regard_blocks(spec, assessment))
    return Document(
        title=f"Equality and health inequalities assessment: {decision.title}",
        subtitle=f"{decision.place}, version {assessment.version}",
        blocks=tuple(blocks),
        metadata={"organisation": str(decision.place)},
    )


def due_regard_blocks(spec, assessment: Assessment) -> list:
    """Each due-regard (Brown) principle with the decision maker's own sentence."""
    statements = assessment.due_regard_statements or {}
    rows = tuple(
        (item.text, statements.get(item.code) or "Confirmed (no statement recorded)")
        for item in spec.due_regard_checklist
        if item.code in assessment.due_regard_checklist
    )
    return [
        Heading("Due regard"),
        SummaryList((("Date of the decision", _date(assessment.decided_on) or "Not recorded"),)),
        SummaryList(rows),
    ]


def _step_rows(spec, step, answers: dict) -> list[tuple[str, str]]:
    """A step's answers (the impact grid is shown on its own; PSED questions per aim)."""
    rows = []
    for q in step.questions:
        if q.code in framework.GRID_QUESTIONS:
            continue
        if q.repeat_for == "psed_aims":
            for aim in spec.psed_aims:
                rows.append(
                    (
                        f"{aim.name} ({aim.section})",
                        answer_text(q, answers.get(f"{q.code}__{aim.code}")),
                    )
                )
            continue
        rows.append((q.text, answer_text(q, answers.get(q.code))))
    return rows


def _engagement_blocks(assessment: Assessment) -> list:
    blocks: list = [Heading("Engagement log", level=3)]
    entries = list(assessment.engagement.all())
    if not entries:
        blocks.append(Paragraph("No engagement recorded."))
    for e in entries:
        reached = ", ".join(framework.group_name(assessment, c) for c in e.groups_reached)
        blocks.append(
            SummaryList(
                (
                    ("Who", e.who),
                    ("When", _date(e.held_on)),
                    ("How", e.method),
                    ("Groups reached", reached or "None recorded"),
                    ("What we heard", e.heard),
                    ("What changed", e.changed or "Nothing yet"),
                )
            )
        )
    return blocks


def _action_blocks(assessment: Assessment) -> list:
    blocks: list = [Heading("Actions", level=3)]
    actions = list(assessment.actions.all())
    if not actions:
        blocks.append(Paragraph("No actions recorded."))
    for a in actions:
        names = ", ".join(framework.group_name(assessment, c) for c in a.groups)
        blocks.append(
            SummaryList(
                (
                    ("Action", a.description),
                    ("Purpose", a.get_purpose_display()),
                    ("Groups", names or "All"),
                    ("Owner", a.owner_name),
                    ("Due", _date(a.due_date)),
                    ("Done", _date(a.completed_on) or "Open"),
                )
            )
        )
    return blocks


def build_public(assessment: Assessment) -> Document:
    """The public summary: no names of staff, only what the decision maker signed off."""
    spec = framework.idmf(assessment)
    groups = framework.groups(assessment)
    decision = assessment.decision
    answers = assessment.answers
    impacts = {i.group: i for i in assessment.impacts.all()}
    q = spec.question
    blocks = [
        SummaryList(
            (
                ("Organisation", str(decision.place)),
                ("Decision-making body", decision.decision_body),
                ("Date of the decision", answer_text(q("decide-date"), answers.get("decide-date"))),
                ("Review date", _date(assessment.review_date) or "Not set"),
            )
        ),
        Heading("The proposal"),
        Paragraph(answers.get("define-aims") or "Not recorded"),
        Heading("What was decided"),
        Paragraph(answers.get("decide-decision") or "Not recorded"),
        Heading("Due-regard statement"),
        Paragraph(answers.get("decide-due-regard-statement") or "Not recorded"),
        Table(
            caption="Impact on each group",
            columns=("Group", "Impact"),
            rows=tuple(
                (
                    g.name,
                    _label(spec.impact_values, impacts[g.code].rating)
                    if g.code in impacts
                    else "Not answered",
                )
                for g in groups
            ),
        ),
        *_public_evidence(spec, assessment),
        Heading("What we will do"),
        BulletList(tuple(a.description for a in assessment.actions.all()) or ("No actions.",)),
    ]
    return Document(
        title=f"Equality and health inequalities assessment: {decision.title}",
        subtitle=f"Public summary, {decision.place}",
        blocks=tuple(blocks),
        metadata={"organisation": str(decision.place)},
    )


def _public_evidence(spec, assessment: Assessment) -> list:
    """What other apps attached to the steps, as they may be published."""
    found = [
        b for step in spec.steps for b in attachments.blocks(step.code, assessment, public=True)
    ]
    return [Heading("Evidence"), *found] if found else []
