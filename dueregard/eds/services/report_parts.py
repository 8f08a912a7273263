"""Parts of the EDS report that stand on their own: the cover, grade wording, the
year-on-year comparison (grades, Domain 1 per service, domain and overall scores)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dueregard.publishing.document import Heading, SummaryList, Table

from ..models import Assessment, Grading, Stage
from .visibility import Visibility

HIDDEN = "Hidden until you give your own grade"


def grade_text(framework, code: str | None) -> str:
    if code is None:
        return _("No agreed grade yet")
    grade = framework.grade(code)
    return f"{grade.name} ({grade.score})" if grade.score is not None else grade.name


def cover(assessment: Assessment, framework) -> SummaryList:
    place = assessment.organisation or assessment.system
    return SummaryList(
        (
            (_("Organisation"), str(place)),
            (_("Integrated care system"), str(assessment.system)),
            (_("Framework"), f"{framework.name} (version {assessment.framework.version})"),
            (_("Level"), str(assessment.get_level_display())),
            (_("Period"), assessment.period),
            (_("EDS lead"), assessment.eds_lead or _("Not recorded")),
            (_("Board sponsor"), assessment.board_sponsor or _("Not recorded")),
            (_("Engagement dates"), assessment.engagement_dates or _("Not recorded")),
            (
                _("Authorised"),
                f"{assessment.signed_off_by} on {assessment.signed_off_at:%d %B %Y}"
                if assessment.signed_off_at
                else _("Not yet authorised"),
            ),
            (
                _("Published"),
                f"{assessment.published_at:%d %B %Y}"
                if assessment.published_at
                else _("Not yet published"),
            ),
            (_("Revision"), str(assessment.revision)),
        )
    )


def local_interest_grades_exist(assessment: Assessment) -> bool:
    return Grading.objects.filter(
        assessment=assessment,
        source__in=(Grading.Source.PANEL_MEMBER, Grading.Source.PANEL_AGREED),
    ).exists()


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


def year_on_year(framework, assessment, outcomes, frozen, visibility: Visibility) -> list:
    """Grades by year, per service in per-service domains, then each domain's score, the
    total and the overall rating, for every published year and this one."""
    past = [a for a in history(assessment) if a.pk != assessment.pk and a.result]
    if not past:
        return []
    periods = [a.period for a in past] + [assessment.period]
    results = [a.result for a in past] + [frozen]
    by_year = [
        {(r["outcome_code"], r["service"]): r["agreed_grade"] for r in res["outcomes"]}
        for res in results
    ]
    current = len(results) - 1
    keys = list(dict.fromkeys(key for year in by_year for key in year))
    order = {o.code: i for i, o in enumerate(framework.outcomes)}
    keys.sort(key=lambda k: (order.get(k[0], 999), k[1] or ""))
    seen_all = visibility.sees_every((r["outcome_code"], r["service"]) for r in frozen["outcomes"])

    def cell(i, key) -> str:
        if i == current and not visibility.sees(*key):
            return HIDDEN
        if key not in by_year[i]:
            return _("Not assessed")
        return grade_text(framework, by_year[i][key])

    rows = [
        (key[0] + (f" – {key[1]}" if key[1] else ""), *(cell(i, key) for i in range(len(results))))
        for key in keys
    ]

    def rating(i, res) -> str:
        if i == current and not seen_all:
            return HIDDEN
        return framework.grade(res["rating"]).name if res.get("rating") else _("Not rated")

    def score(i, value) -> str:
        if i == current and not seen_all:
            return HIDDEN
        return f"{value:g}" if value is not None else _("Not scored")

    if framework.is_scored:
        for goal in framework.goals:
            rows.append(
                (
                    _("Domain %s score") % goal.code,
                    *(
                        score(i, res.get("domain_scores", {}).get(goal.code))
                        for i, res in enumerate(results)
                    ),
                )
            )
        rows.append(
            (_("Total score"), *(score(i, res.get("total")) for i, res in enumerate(results)))
        )
        rows.append(
            (
                _("Overall rating"),
                *(
                    HIDDEN
                    if i == current and not seen_all
                    else (
                        framework.grade(res["rating"]).name if res.get("rating") else _("Not rated")
                    )
                    for i, res in enumerate(results)
                ),
            )
        )
    return [
        Heading(_("Year-on-year comparison")),
        Table(_("Grades and scores by year"), (_("Outcome"), *periods), tuple(rows)),
    ]
