"""The EDS report as one ``Document`` (every format renders it): for every outcome the
narrative, the grade, the reasons under each grading factor, the conclusion and the lead
(by role), the evidence; then the scores, the disagreements (once), the grades changed
after discussion, the improvement plan and the year-on-year comparison.

Laid out like the published reports it replaces ("EDS Outcome 1.1 (Goal 1 – …)", "EDS
grade:", "Reasons for rating:"), so the importer reads dueregard's own PDF and DOCX back
to the same grades. A draft report is built for one viewer: a blind panel member sees no
grade of an outcome they have not graded (``visibility``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dueregard.core.requests import absolute_url
from dueregard.publishing.document import (
    BulletList,
    Document,
    Heading,
    Link,
    LinkList,
    Paragraph,
    Table,
)

from .. import attachments
from ..models import Action, Assessment, Evidence, Grading, OutcomeLead, Stage
from . import local_interests
from .assessments import framework_of
from .grading import changes, result
from .report_parts import (
    HIDDEN,
    cover,
    grade_text,
    history,
    local_interest_grades_exist,
    year_on_year,
)
from .visibility import EVERYTHING, Visibility

__all__ = ["build_document", "grade_text", "history"]


def build_document(assessment: Assessment, visibility: Visibility = EVERYTHING) -> Document:
    framework = framework_of(assessment)
    frozen = assessment.result or result(assessment).as_dict()
    outcomes = frozen["outcomes"]
    data = _Data(assessment)
    blocks: list = [cover(assessment, framework)]
    completed = [a for a in data.actions if a.carried_from_id and a.status == Action.Status.DONE]
    if completed:
        blocks += [
            Heading(_("Completed actions from the previous year")),
            BulletList(tuple(f"{a.outcome_code}: {a.action} ({_done(a)})" for a in completed)),
        ]
    for goal in framework.goals:
        blocks += _goal_blocks(framework, goal, outcomes, frozen, data, visibility)
    seen_all = visibility.sees_every((r["outcome_code"], r["service"]) for r in outcomes)
    if frozen.get("total") is not None:
        rating = framework.grade(frozen["rating"]).name if frozen.get("rating") else ""
        text = (
            _("Total score %(total)s of %(max)s: %(rating)s.")
            % {"total": f"{frozen['total']:g}", "max": framework.max_total, "rating": rating}
            if seen_all
            else HIDDEN
        )
        blocks += [Heading(_("Overall rating")), Paragraph(text)]
    blocks += _disagreements(framework, outcomes, visibility, assessment)
    blocks += _changed_after_discussion(framework, assessment, visibility)
    networks = local_interests.names(assessment)
    if networks:  # staff networks on the panel, by name: never their members (ADR 0046)
        blocks += [Heading(_("Staff networks on the panel")), BulletList(tuple(networks))]
    panel = sorted({g.represents for g in data.gradings if g.represents})
    if panel:
        blocks += [Heading(_("Local interests who graded")), BulletList(tuple(panel))]
    blocks += _plan(data.actions)
    blocks += year_on_year(framework, assessment, outcomes, frozen, visibility)
    place = assessment.organisation or assessment.system
    return Document(
        title=f"{framework.short_name or framework.name} report {assessment.period}",
        subtitle=str(place),
        blocks=tuple(blocks),
        metadata={"organisation": str(place)},
    )


class _Data:
    """The rows the report reads, loaded once."""

    def __init__(self, assessment: Assessment):
        self.leads = {
            lead.outcome_code: lead for lead in OutcomeLead.objects.filter(assessment=assessment)
        }
        self.evidence = list(
            Evidence.objects.filter(assessment=assessment).select_related("analysis", "service")
        )
        self.gradings = list(
            Grading.objects.filter(assessment=assessment).select_related("service", "grader")
        )
        self.actions = list(
            Action.objects.filter(assessment=assessment).select_related("objective")
        )
        self.public_slug = assessment.public_slug if assessment.stage == Stage.PUBLISHED else None


def _goal_blocks(framework, goal, outcomes, frozen, data, visibility) -> list:
    kind = _("Domain") if goal.kind == "domain" else _("Goal")
    blocks: list = [Heading(f"{kind} {goal.code}: {goal.name}")]
    if goal.rated_by:
        blocks.append(Paragraph(_("Rated with: ") + ", ".join(goal.rated_by) + "."))
    codes = {o.code for o in goal.outcomes}
    rows = [r for r in outcomes if r["outcome_code"] in codes]
    blocks.append(
        Table(
            _("Grades of %s") % goal.name,
            (_("Outcome"), _("Service"), _("Rating")),
            tuple(
                (
                    r["outcome_code"],
                    r["service"] or "",
                    _shown(framework, r, visibility),
                )
                for r in rows
            ),
        )
    )
    for outcome in goal.outcomes:
        blocks += _outcome_section(framework, goal, outcome, rows, data, visibility)
    # What other apps attached to the evidence (analyses: their current figures,
    # disclosure-controlled), from the attachment registry.
    blocks += attachments.report_blocks(e for e in data.evidence if e.outcome_code in codes)
    if goal.code in frozen.get("domain_scores", {}):
        keys = [(r["outcome_code"], r["service"]) for r in rows]
        how = _(" (median of the services' totals)") if goal.per_service else ""
        score = frozen["domain_scores"][goal.code]
        blocks.append(
            Paragraph(
                (_("Domain %(code)s score: %(score)s") % {"code": goal.code, "score": f"{score:g}"})
                + how
                + "."
                if visibility.sees_every(keys)
                else _("Domain %s score: ") % goal.code + HIDDEN
            )
        )
    return blocks


def _outcome_section(framework, goal, outcome, rows, data, visibility) -> list:
    kind = _("Domain") if goal.kind == "domain" else _("Goal")
    blocks: list = [
        Heading(f"EDS Outcome {outcome.code} ({kind} {goal.code} – {goal.name})", level=3),
        Paragraph(f"\u201c{outcome.statement}\u201d"),
    ]
    lead = data.leads.get(outcome.code)
    if lead is not None:
        blocks.append(Paragraph(_("Lead contact: ") + _lead_text(lead)))
    for r in [r for r in rows if r["outcome_code"] == outcome.code]:
        items = [
            e
            for e in data.evidence
            if e.outcome_code == outcome.code
            and (r["service"] is None or (e.service and e.service.name == r["service"]))
        ]
        if r["service"]:
            blocks.append(Heading(_("Service: %s") % r["service"], level=4))
        # The narrative: written evidence marked publishable.
        blocks += [
            Paragraph(e.text)
            for e in items
            if e.may_be_published and e.kind == Evidence.Kind.TEXT and e.text.strip()
        ]
        blocks += _evidence_list(items, data)
        if not visibility.sees(r["outcome_code"], r["service"]):
            blocks.append(Paragraph(_("EDS grade: ") + HIDDEN))
            continue
        blocks.append(Paragraph(_("EDS grade: ") + grade_text(framework, r["agreed_grade"])))
        blocks += _reasons(framework, r, data)
    return blocks


def _lead_text(lead: OutcomeLead) -> str:
    """The role; the person's name only when it is published on purpose."""
    if lead.name_may_be_published:
        return ", ".join(part for part in (lead.lead_contact, lead.role) if part)
    return lead.role or _("the outcome's lead (name not published)")


def _evidence_list(items, data) -> list:
    """The evidence titles, linked where publishable: a web address to itself, an uploaded
    file (once published) to its public download on the site's address."""
    published = [e for e in items if e.may_be_published]
    hidden = len(items) - len(published)
    links = []
    for e in published:
        if e.kind == Evidence.Kind.LINK:
            links.append(Link(e.title, e.url))
        elif e.kind == Evidence.Kind.DOCUMENT and data.public_slug is not None:
            url = reverse("eds:public-evidence", args=[data.public_slug, e.pk])
            links.append(Link(e.title, absolute_url(url)))
        else:
            links.append(Link(e.title))
    if hidden:
        links.append(Link(_("%d further item(s) of evidence not published") % hidden))
    if not links:
        return [Paragraph(_("Evidence: none recorded."))]
    return [Paragraph(_("Evidence:")), LinkList(tuple(links))]


# The grade that stands is explained by the reasons of whoever set it.
REASON_SOURCES = (Grading.Source.PANEL_AGREED, Grading.Source.IMPORTED)


def _reasons(framework, r, data) -> list:
    mine = [
        g
        for g in data.gradings
        if g.outcome_code == r["outcome_code"]
        and (g.service.name if g.service else None) == r["service"]
    ]
    chosen = next((g for s in REASON_SOURCES for g in mine if g.source == s), None)
    names = {f.code: f.name for f in framework.grading_factors}
    blocks: list = []
    sources = [chosen] if chosen else [g for g in mine if g.source == Grading.Source.PANEL_MEMBER]
    org = next((g for g in mine if g.source == Grading.Source.ORGANISATION), None)
    if not sources and org is not None:
        sources = [org]
    shown = [g for g in sources if g.reasons_may_be_published]
    if len(shown) < len(sources) and data.public_slug is None:
        # The draft says what the published report will leave out.
        blocks.append(
            Paragraph(
                _(
                    "The reasons for this grade are not marked for publication: the "
                    "published report will not show them."
                )
            )
        )
    sources = shown
    if not sources:
        return blocks
    blocks.append(Paragraph(_("Reasons for rating:")))
    for g in sources:
        prefix = (
            f"{g.represents}. " if g.source == Grading.Source.PANEL_MEMBER and g.represents else ""
        )
        conclusion = [g.reasons[k] for k in ("conclusion", "summary") if g.reasons.get(k)]
        for code, text in g.reasons.items():
            if code in ("conclusion", "summary"):
                continue
            blocks.append(Paragraph(f"{prefix}{names.get(code, code)}: {text}"))
        for text in conclusion:
            blocks.append(Paragraph(prefix + text))
    return blocks


def _shown(framework, r, visibility) -> str:
    if not visibility.sees(r["outcome_code"], r["service"]):
        return HIDDEN
    return grade_text(framework, r["agreed_grade"])


def _disagreements(framework, outcomes, visibility, assessment) -> list:
    blocks: list = [Heading(_("Where the organisation and local interests disagreed"))]
    rows = [
        r
        for r in outcomes
        if r["disagreement"] and visibility.sees(r["outcome_code"], r["service"])
    ]
    if rows:
        blocks.append(
            Paragraph(
                _(
                    "Where the organisation and the local interests disagree, the local "
                    "interests' view prevails."
                )
            )
        )
        blocks.append(
            Table(
                _("Disagreements (the local interests' grade stands)"),
                (_("Outcome"), _("Organisation's grade"), _("Local interests' grade")),
                tuple(
                    (
                        r["outcome_code"] + (f" – {r['service']}" if r["service"] else ""),
                        grade_text(framework, r["organisation_grade"]),
                        grade_text(framework, r["panel_grade"]),
                    )
                    for r in rows
                ),
            )
        )
    elif not visibility.sees_everything:
        blocks.append(Paragraph(HIDDEN))
    elif local_interest_grades_exist(assessment):
        blocks.append(
            Paragraph(_("None: the organisation and the local interests agreed on every grade."))
        )
    else:
        blocks.append(
            Paragraph(
                _(
                    "No grades by the local interests are recorded here, so agreement between "
                    "the organisation and the local interests cannot be shown."
                )
            )
        )
    return blocks


def _changed_after_discussion(framework, assessment, visibility) -> list:
    rows = []
    for version in changes(assessment):
        g = version.grading
        service = g.service.name if g.service else None
        if not visibility.sees(g.outcome_code, service):
            continue
        first = g.versions.order_by("number").first()
        who = g.represents or g.get_source_display()
        rows.append(
            (
                g.outcome_code + (f" – {service}" if service else ""),
                who,
                grade_text(framework, first.grade_code),
                grade_text(framework, version.grade_code),
                f"{version.recorded_at:%d %B %Y}",
                version.change_reason,
            )
        )
    if not rows:
        return []
    return [
        Heading(_("Grades changed after discussion")),
        Table(
            _("Grades changed after the grades were revealed"),
            (_("Outcome"), _("Whose grade"), _("First grade"), _("Changed to"), _("On"), _("Why")),
            tuple(rows),
        ),
    ]


def _done(action: Action) -> str:
    if action.completed_on:
        return _("completed on %s") % f"{action.completed_on:%d %B %Y}"
    return _("completed")


def _plan(actions) -> list:
    if not actions:
        return [Heading(_("Action plan")), Paragraph(_("No improvement actions recorded."))]

    def status(a: Action) -> str:
        if a.status == Action.Status.DONE:
            return _done(a).capitalize()
        return str(a.get_status_display())

    return [
        Heading(_("Action plan")),
        Table(
            _("Improvement actions"),
            (
                _("Outcome"),
                _("Objective"),
                _("Action"),
                _("Owner"),
                _("Completion date"),
                _("Status"),
            ),
            tuple(
                (
                    a.outcome_code,
                    a.objective.title if a.objective else "",
                    a.action,
                    a.owner or _("Not recorded"),
                    a.due_date.strftime("%d %B %Y") if a.due_date else _("Not set"),
                    status(a),
                )
                for a in actions
            ),
        ),
    ]
