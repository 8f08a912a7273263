"""Values for display: the register, the task list, the overview."""

from __future__ import annotations

from collections import Counter

from django.urls import reverse
from django.utils import timezone

from .models import Assessment, DecisionStatus, Impact
from .services import framework

STATUS_TAGS = {
    DecisionStatus.SCREENING: "nhsuk-tag--grey",
    DecisionStatus.SCREENED_OUT: "nhsuk-tag--white",
    DecisionStatus.IN_PROGRESS: "nhsuk-tag--blue",
    DecisionStatus.SIGNED_OFF: "nhsuk-tag--green",
}


def status_tag(decision) -> dict:
    return {"text": decision.get_status_display(), "classes": STATUS_TAGS.get(decision.status, "")}


def register_rows(decisions, today=None) -> list[dict]:
    today = today or timezone.localdate()
    rows = []
    for d in decisions:
        current = d.current_assessment()
        review_due = bool(
            current
            and current.is_signed_off
            and current.review_date
            and current.review_date <= today
        )
        rows.append(
            {
                "decision": d,
                "href": reverse("idmf:detail", args=[d.pk]),
                "place": str(d.place),
                "tag": status_tag(d),
                "review_due": review_due,
            }
        )
    return rows


def status_counts(decisions) -> list[dict]:
    counts = Counter(d.status for d in decisions)
    return [
        {"code": code, "label": label, "count": counts.get(code, 0)}
        for code, label in DecisionStatus.choices
    ]


def task_list(assessment: Assessment, can_edit: bool, *, partner: bool = False) -> list[dict]:
    """The NHS.UK task list: screening, then the six steps, then sign-off."""
    spec = framework.idmf(assessment)
    decision = assessment.decision

    def status(done: bool, started: bool = False) -> dict:
        if done:
            return {"text": "Completed"}
        tag = (
            ("In progress", "nhsuk-tag--light-blue")
            if started
            else ("Not started", "nhsuk-tag--blue")
        )
        return {"tag": {"text": tag[0], "classes": tag[1]}}

    editable = can_edit and not assessment.is_signed_off and assessment.is_current
    screened = bool(assessment.screening_result)
    items = [
        {
            "title": {"text": spec.screening.title},
            "hint": {"text": assessment.get_screening_result_display()} if screened else None,
            "href": reverse("idmf:screening", args=[decision.pk]) if editable else None,
            "status": status(screened),
        }
    ]
    if assessment.screening_result == Assessment.Screening.RELEVANT:
        answered = set(assessment.answers)
        for step in spec.steps:
            done = step.code in assessment.completed_steps
            started = any(q.code in answered for q in step.questions) or (
                step.code == "assess-impact" and assessment.impacts.exists()
            )
            items.append(
                {
                    "title": {"text": f"{step.number}. {step.title}"},
                    "href": reverse("idmf:step", kwargs={"pk": decision.pk, "step": step.code})
                    if editable
                    else None,
                    "status": status(done, started),
                }
            )
        items.append(
            {
                "title": {"text": "Sign-off by the decision maker"},
                "href": reverse("idmf:sign-off", args=[decision.pk])
                if not assessment.is_signed_off and assessment.is_current and not partner
                else None,
                "status": status(assessment.is_signed_off),
            }
        )
    return items


def progress(assessment: Assessment) -> tuple[int, int]:
    spec = framework.idmf(assessment)
    return len(assessment.completed_steps), len(spec.steps)


def negative_groups(assessments) -> list[dict]:
    """How many current assessments rate each group negative, in the canonical order."""
    counts: Counter = Counter()
    names: dict[str, str] = {}
    order: dict[str, int] = {}
    for a in assessments:
        groups = framework.groups(a)
        for g in groups:
            names.setdefault(g.code, g.name)
            order.setdefault(g.code, g.order)
        for i in a.impacts.all():
            if i.rating == Impact.Rating.NEGATIVE:
                counts[i.group] += 1
    rows = [{"code": c, "name": names.get(c, c), "count": n} for c, n in counts.items() if n]
    return sorted(rows, key=lambda r: (-r["count"], order.get(r["code"], 999)))


def design_group_counts(decisions) -> list[dict]:
    counts: dict[str, Counter] = {}
    for d in decisions:
        name = d.design_group.strip() or "No design group"
        counts.setdefault(name, Counter())[d.status] += 1
    return [
        {
            "name": name,
            "total": sum(c.values()),
            "signed_off": c.get(DecisionStatus.SIGNED_OFF, 0),
        }
        for name, c in sorted(counts.items(), key=lambda kv: kv[0].lower())
    ]


def organisation_counts(decisions) -> list[dict]:
    counts: dict[str, Counter] = {}
    for d in decisions:
        counts.setdefault(str(d.place), Counter())[d.status] += 1
    return [
        {
            "name": name,
            "total": sum(c.values()),
            "signed_off": c.get(DecisionStatus.SIGNED_OFF, 0),
            "in_progress": c.get(DecisionStatus.IN_PROGRESS, 0)
            + c.get(DecisionStatus.SCREENING, 0),
        }
        for name, c in sorted(counts.items())
    ]


def attendees_text(committee) -> str:
    """ "Chair: Priya Shah; Director of nursing: Sam Okafor"."""
    if committee is None:
        return ""
    return "; ".join(f"{a['role']}: {a['name']}" for a in committee.attendees)
