"""The system view: every organisation of the system side by side, one row per
organisation and period (latest revision), per framework: stage, publication deadline,
overall rating, the grade of every outcome, publication status and link. Filterable;
the same grid downloads as CSV."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from dueregard.frameworks.services import loader
from dueregard.publishing.document import Document, Heading, Table

from ..models import Assessment, Stage
from . import assessments as assessments_service
from .assessments import framework_of
from .grading import result
from .publication import deadline_for
from .report_parts import HIDDEN, grade_text
from .visibility import for_viewer


@dataclass
class GridRow:
    organisation: str
    period: str
    stage: str
    deadline: str
    rating: str
    grades: list[str]
    published: str
    public_url: str | None
    detail_url: str | None


@dataclass
class Grid:
    framework: str
    outcomes: list[tuple[str, str]]  # (code, full statement)
    rows: list[GridRow] = field(default_factory=list)


@dataclass
class SystemGrid:
    grids: list[Grid]
    filters: dict
    choices: dict


def _latest(assessments) -> dict[tuple, Assessment]:
    latest: dict[tuple, Assessment] = {}
    for a in assessments.select_related("organisation", "framework", "system").order_by(
        "period", "-revision"
    ):
        latest.setdefault((a.framework.code, a.organisation_id, a.period), a)
    return latest


NOT_STARTED = "not_started"


def grid(assessments, scope, user, *, stage="", framework="", organisation="") -> SystemGrid:
    """One grid per framework; every organisation of the scope appears in each grid, those
    with no assessment of that framework as "Not started" (the ICS sees who is missing)."""
    latest = _latest(assessments)
    everything = list(latest.values())
    places = list(scope.organisations().order_by("name")) if scope.system else []
    frameworks = {a.framework.code: a.framework.name for a in everything}
    if not frameworks and places:
        # Nobody has started: show the grid of the current EDS, with everyone not started.
        current = assessments_service.framework_choices()[0][0]
        frameworks[current] = loader.current(current).name
    choices = {
        "stage": [(s.value, str(s.label)) for s in Stage] + [(NOT_STARTED, _("Not started"))],
        "framework": sorted(frameworks.items()),
        "organisation": sorted(
            {(str(a.organisation_id or ""), str(a.organisation or a.system)) for a in everything}
            | {(str(o.pk), o.name) for o in places},
            key=lambda pair: pair[1],
        ),
    }
    chosen = [
        a
        for a in everything
        if (not stage or a.stage == stage)
        and (not framework or a.framework.code == framework)
        and (not organisation or str(a.organisation_id or "") == organisation)
    ]
    grids = []
    for code in sorted(frameworks):
        if framework and code != framework:
            continue
        rows = sorted(
            (a for a in chosen if a.framework.code == code),
            key=lambda a: (str(a.organisation or a.system), a.period),
        )
        started = {a.organisation_id for a in everything if a.framework.code == code}
        missing = [
            o
            for o in places
            if o.pk not in started
            and stage in ("", NOT_STARTED)
            and (not organisation or str(o.pk) == organisation)
        ]
        if not rows and not missing:
            continue
        definition = framework_of(rows[0]) if rows else loader.definition(loader.current(code))
        table = Grid(definition.name, [(o.code, o.statement) for o in definition.outcomes])
        table.rows = [_row(definition, a, scope, user) for a in rows]
        table.rows += [_not_started(definition, o) for o in missing]
        table.rows.sort(key=lambda r: (r.organisation, r.period))
        grids.append(table)
    filters = {"stage": stage, "framework": framework, "organisation": organisation}
    return SystemGrid(grids, filters, choices)


def _not_started(framework, organisation) -> GridRow:
    return GridRow(
        organisation=organisation.name,
        period="",
        stage=_("Not started"),
        deadline="",
        rating=_("Not started"),
        grades=["" for _outcome in framework.outcomes],
        published=_("Not published"),
        public_url=None,
        detail_url=None,
    )


def _row(framework, assessment: Assessment, scope, user) -> GridRow:
    frozen = assessment.result or result(assessment).as_dict()
    seen = for_viewer(scope, assessment, user)
    grades = []
    for outcome in framework.outcomes:
        rows = [r for r in frozen["outcomes"] if r["outcome_code"] == outcome.code]
        if not all(seen.sees(r["outcome_code"], r["service"]) for r in rows):
            grades.append(HIDDEN)
        elif any(r["service"] for r in rows):
            grades.append(
                "; ".join(
                    f"{r['service']}: {grade_text(framework, r['agreed_grade'])}" for r in rows
                )
            )
        else:
            grades.append(grade_text(framework, rows[0]["agreed_grade"]) if rows else "")
    everything_seen = seen.sees_every((r["outcome_code"], r["service"]) for r in frozen["outcomes"])
    if not everything_seen:
        rating = HIDDEN
    elif frozen.get("rating"):
        rating = framework.grade(frozen["rating"]).name
    elif framework.is_scored:
        rating = _("Not yet rated")
    else:
        rating = _("Not rated (this framework has no overall rating)")
    deadline = deadline_for(assessment)
    published = assessment.stage == Stage.PUBLISHED
    return GridRow(
        organisation=str(assessment.organisation or assessment.system),
        period=assessment.period,
        stage=str(assessment.get_stage_display()),
        deadline=f"{deadline:%d %B %Y}" if deadline else _("None set"),
        rating=rating,
        grades=grades,
        published=(
            _("Published on %s") % f"{assessment.published_at:%d %B %Y}"
            if published and assessment.published_at
            else _("Not published")
        ),
        public_url=reverse("eds:public-report", args=[assessment.public_slug])
        if published
        else None,
        detail_url=reverse("eds:detail", args=[assessment.pk]),
    )


def as_document(system_grid: SystemGrid) -> Document:
    """The grid as a document (CSV download: one table per framework)."""
    blocks: list = []
    for table in system_grid.grids:
        blocks.append(Heading(table.framework))
        blocks.append(
            Table(
                table.framework,
                (
                    _("Organisation"),
                    _("Period"),
                    _("Stage"),
                    _("Publication deadline"),
                    _("Overall rating"),
                    *(f"{code} {statement}" for code, statement in table.outcomes),
                    _("Publication"),
                    _("Public page"),
                ),
                tuple(
                    (
                        r.organisation,
                        r.period,
                        r.stage,
                        r.deadline,
                        r.rating,
                        *r.grades,
                        r.published,
                        r.public_url or "",
                    )
                    for r in table.rows
                ),
            )
        )
    return Document(title=_("EDS grades across the system"), blocks=tuple(blocks))
