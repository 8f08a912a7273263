"""Nominations and scores for the panel chair: one iterator of rows, CSV or XLSX."""

from __future__ import annotations

from dueregard.publishing.tabular import to_csv, to_xlsx

from ..models import QuestionScore
from . import results

FORMATS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
KINDS = ("nominations", "scores")


def nomination_rows(rnd, nominations):
    nominations = list(nominations)
    computed, _ = results.compute(
        results.marks_for(rnd), [n.pk for n in nominations], rnd.min_judges
    )
    yield (
        "Reference",
        "Category",
        "Nominee",
        "Individual or team",
        "Nominee's organisation",
        "Nominator",
        "Nominator's organisation",
        "Stage",
        "Judges",
        "Mean mark",
        "Standard deviation",
        "Lowest",
        "Highest",
        "Mean z-score",
        "Too few judges",
        "Decision reason",
    )
    for n, r in zip(nominations, computed, strict=True):
        yield (
            n.reference,
            n.category.name,
            n.nominee_name,
            n.get_kind_display(),
            n.nominee_organisation.name,
            n.nominator.full_name,
            n.nominator_organisation.name,
            n.get_stage_display(),
            str(r.judges),
            results.fmt(r.mean),
            results.fmt(r.sd),
            results.fmt(r.low),
            results.fmt(r.high),
            results.fmt(r.mean_z),
            "Yes" if r.too_few else "No",
            n.decision_reason,
        )


def score_rows(rnd, nominations):
    yield ("Reference", "Judge", "Judge type", "Question", "Score", "Comment")
    scores = (
        QuestionScore.objects.filter(sheet__nomination__in=list(nominations))
        .select_related("sheet__judge", "sheet__nomination", "question")
        .order_by("sheet__nomination__reference", "sheet__judge__full_name", "question__position")
    )
    for s in scores:
        judge = s.sheet.judge
        yield (
            s.sheet.nomination.reference,
            judge.full_name,
            judge.get_kind_display(),
            f"Q{s.question.position}",
            str(s.score),
            s.comment,
        )
