"""Sign-off, publication, the published report (one Document, many formats), year-on-year
comparison and the publication deadline reminder."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dueregard.core.models import Membership
from dueregard.core.roles import Role
from dueregard.core.services import audit, notifications
from dueregard.publishing.document import (
    BulletList,
    Document,
    Heading,
    Paragraph,
    SummaryList,
    Table,
)

from .. import attachments
from ..models import Action, Assessment, Evidence, Grading, OutcomeLead, Stage
from .assessments import framework_of
from .checks import problems
from .grading import result


@transaction.atomic
def sign_off(assessment: Assessment, actor) -> None:
    """The board member signs off: only when the checks pass; the agreed result is frozen."""
    if assessment.stage not in (Stage.AGREEMENT, Stage.SIGN_OFF):
        raise ValidationError("Agree the grades before sign-off.")
    found = problems(assessment)
    if found:
        raise ValidationError(
            f"Sign-off needs {len(found)} problem(s) fixed first. See the checks page."
        )
    assessment.result = result(assessment).as_dict()
    assessment.stage = Stage.SIGN_OFF
    assessment.signed_off_by = actor
    assessment.signed_off_at = timezone.now()
    assessment.save(update_fields=["result", "stage", "signed_off_by", "signed_off_at"])
    audit.record(
        "eds.assessment.signed_off",
        actor=actor,
        obj=assessment,
        after={"total": assessment.result.get("total"), "rating": assessment.result.get("rating")},
    )


@transaction.atomic
def publish(assessment: Assessment, actor) -> None:
    if assessment.signed_off_at is None:
        raise ValidationError("A board member must sign the assessment off before it is published.")
    if assessment.stage == Stage.PUBLISHED:
        return
    assessment.stage = Stage.PUBLISHED
    assessment.published_at = timezone.now()
    assessment.save(update_fields=["stage", "published_at"])
    audit.record(
        "eds.assessment.published",
        actor=actor,
        obj=assessment,
        after={"slug": str(assessment.public_slug)},
    )


def _grade_text(framework, code: str | None) -> str:
    if code is None:
        return "Not graded"
    grade = framework.grade(code)
    return f"{grade.name} ({grade.score})" if grade.score is not None else grade.name


def history(assessment: Assessment) -> list[Assessment]:
    """Published assessments of the same organisation (or system) with the same framework,
    latest revision of each period, oldest first: for year-on-year comparison."""
    rows = Assessment.objects.filter(
        system=assessment.system,
        organisation=assessment.organisation,
        framework__code=assessment.framework.code,
        stage=Stage.PUBLISHED,
    ).order_by("period", "-revision")
    latest: dict[str, Assessment] = {}
    for row in rows:
        latest.setdefault(row.period, row)
    if assessment.stage == Stage.PUBLISHED:
        latest[assessment.period] = assessment
    return [latest[p] for p in sorted(latest)]


def build_document(assessment: Assessment) -> Document:
    """The published report, laid out like the EDS 2022 template (or the 2011 layout)."""
    framework = framework_of(assessment)
    frozen = assessment.result or result(assessment).as_dict()
    outcomes = frozen["outcomes"]
    leads = dict(
        OutcomeLead.objects.filter(assessment=assessment).values_list(
            "outcome_code", "lead_contact"
        )
    )
    evidence = list(Evidence.objects.filter(assessment=assessment).select_related("analysis"))
    place = assessment.organisation or assessment.system
    blocks: list = [
        SummaryList(
            (
                ("Organisation", str(place)),
                ("Integrated care system", str(assessment.system)),
                ("Framework", f"{framework.name} (version {assessment.framework.version})"),
                ("Level", assessment.get_level_display()),
                ("Period", assessment.period),
                ("EDS lead", assessment.eds_lead or "Not recorded"),
                ("Board sponsor", assessment.board_sponsor or "Not recorded"),
                ("Engagement dates", assessment.engagement_dates or "Not recorded"),
                (
                    "Authorised",
                    f"{assessment.signed_off_by} on {assessment.signed_off_at:%d %B %Y}"
                    if assessment.signed_off_at
                    else "Not yet authorised",
                ),
                (
                    "Published",
                    f"{assessment.published_at:%d %B %Y}"
                    if assessment.published_at
                    else "Not yet published",
                ),
                ("Revision", str(assessment.revision)),
            )
        )
    ]
    completed = Action.objects.filter(
        assessment=assessment, carried_from__isnull=False, status=Action.Status.DONE
    )
    if completed:
        blocks += [
            Heading("Completed actions from the previous year"),
            BulletList(tuple(f"{a.outcome_code}: {a.action} ({a.owner})" for a in completed)),
        ]
    for goal in framework.goals:
        blocks.append(
            Heading(f"{'Domain' if goal.kind == 'domain' else 'Goal'} {goal.code}: {goal.name}")
        )
        if goal.rated_by:
            blocks.append(Paragraph("Rated with: " + ", ".join(goal.rated_by) + "."))
        rows = []
        for r in outcomes:
            if r["outcome_code"] not in {o.code for o in goal.outcomes}:
                continue
            items = [
                e
                for e in evidence
                if e.outcome_code == r["outcome_code"]
                and (r["service"] is None or (e.service and e.service.name == r["service"]))
            ]
            published = [e.title for e in items if e.may_be_published]
            hidden = len(items) - len(published)
            evidence_text = "; ".join(published) + (
                f"{'; ' if published else ''}{hidden} further item(s) not published"
                if hidden
                else ""
            )
            label = framework.outcome(r["outcome_code"])
            name = f"{label.code} {label.title or label.statement}" + (
                f" – {r['service']}" if r["service"] else ""
            )
            rows.append(
                (
                    name,
                    evidence_text or "None recorded",
                    _grade_text(framework, r["agreed_grade"]),
                    leads.get(r["outcome_code"], "Not recorded"),
                )
            )
        blocks.append(
            Table(
                f"Outcomes of {goal.name}", ("Outcome", "Evidence", "Rating", "Owner"), tuple(rows)
            )
        )
        # What other apps attached to the evidence (analyses: their current figures,
        # disclosure-controlled), from the attachment registry.
        goal_codes = {o.code for o in goal.outcomes}
        blocks += attachments.report_blocks(e for e in evidence if e.outcome_code in goal_codes)
        if goal.code in frozen.get("domain_scores", {}):
            score = frozen["domain_scores"][goal.code]
            how = " (median of the services' totals)" if goal.per_service else ""
            blocks.append(Paragraph(f"Domain {goal.code} score: {score:g}{how}."))
    if frozen.get("total") is not None:
        rating = framework.grade(frozen["rating"]).name if frozen.get("rating") else "Not rated"
        blocks += [
            Heading("Overall rating"),
            Paragraph(f"Total score {frozen['total']:g} of {framework.max_total}: {rating}."),
        ]
    disagreements = [r for r in outcomes if r["disagreement"]]
    blocks.append(Heading("Where the organisation and local interests disagreed"))
    if disagreements:
        blocks.append(
            Table(
                "Disagreements (the local interests' grade stands)",
                (
                    "Outcome",
                    "Organisation's grade",
                    "Local interests' grade",
                    "How the panel's grade was reached",
                ),
                tuple(
                    (
                        r["outcome_code"] + (f" – {r['service']}" if r["service"] else ""),
                        _grade_text(framework, r["organisation_grade"]),
                        _grade_text(framework, r["panel_grade"]),
                        r["explanation"],
                    )
                    for r in disagreements
                ),
            )
        )
    else:
        blocks.append(
            Paragraph("None: the organisation and the local interests agreed on every grade.")
        )
    panel = sorted(
        {g.represents for g in Grading.objects.filter(assessment=assessment) if g.represents}
    )
    if panel:
        blocks += [Heading("Local interests who graded"), BulletList(tuple(panel))]
    actions = Action.objects.filter(assessment=assessment).select_related("objective")
    blocks.append(Heading("Action plan"))
    blocks.append(
        Table(
            "Improvement actions",
            ("Outcome", "Objective", "Action", "Owner", "Completion date", "Status"),
            tuple(
                (
                    a.outcome_code,
                    a.objective.title if a.objective else "",
                    a.action,
                    a.owner or "Not recorded",
                    a.due_date.strftime("%d %B %Y") if a.due_date else "Not set",
                    a.get_status_display(),
                )
                for a in actions
            ),
        )
    )
    past = [a for a in history(assessment) if a.pk != assessment.pk and a.result]
    if past:
        periods = [a.period for a in past] + [assessment.period]
        results = [
            {(r["outcome_code"], r["service"]): r["agreed_grade"] for r in a.result["outcomes"]}
            for a in past
        ] + [{(r["outcome_code"], r["service"]): r["agreed_grade"] for r in outcomes}]
        rows = []
        for o in framework.outcomes:
            if any(goal.per_service and o in goal.outcomes for goal in framework.goals):
                continue
            rows.append(
                (o.code, *(_grade_text(framework, res.get((o.code, None))) for res in results))
            )
        blocks += [
            Heading("Year-on-year comparison"),
            Table("Grades by year", ("Outcome", *periods), tuple(rows)),
        ]
    return Document(
        title=f"{framework.short_name or framework.name} report {assessment.period}",
        subtitle=str(place),
        blocks=tuple(blocks),
        metadata={"organisation": str(place)},
    )


def deadline_for(assessment: Assessment) -> dt.date | None:
    framework = framework_of(assessment)
    if framework.publication_deadline is None:
        return None
    end_year = (
        int(assessment.period[:4]) + 1
        if assessment.period[:4].isdigit()
        else timezone.localdate().year
    )
    return framework.publication_deadline.for_year(end_year)


def send_publication_reminders(today: dt.date | None = None, days_before: int = 30) -> int:
    """E-mail the EDI leads of unpublished assessments whose deadline is near."""
    today = today or timezone.localdate()
    sent = 0
    for assessment in Assessment.objects.exclude(stage=Stage.PUBLISHED).select_related(
        "organisation", "system"
    ):
        deadline = deadline_for(assessment)
        if deadline is None or not (0 <= (deadline - today).days <= days_before):
            continue
        leads = Membership.objects.active().filter(role=Role.EDI_LEAD).select_related("user")
        leads = (
            leads.filter(organisation=assessment.organisation)
            if assessment.organisation
            else leads.filter(system=assessment.system)
        )
        for m in leads:
            notifications.send(
                m.user.email,
                "eds_publication_reminder",
                {"assessment": assessment, "deadline": deadline, "days": (deadline - today).days},
                organisation=assessment.organisation,
            )
            sent += 1
    return sent
