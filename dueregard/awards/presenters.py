"""Values for display, so templates stay dumb: blind views for judges, stage tags, results."""

from __future__ import annotations

from django.urls import reverse

from .models import Stage
from .services import blind, results

STAGE_COLOURS = {
    Stage.DRAFT: "grey",
    Stage.AWAITING_CONSENT: "yellow",
    Stage.DECLINED: "red",
    Stage.JUDGING: "blue",
    Stage.NOT_SHORTLISTED: "grey",
    Stage.SHORTLISTED: "purple",
    Stage.WINNER: "green",
}


def stage_tag(nomination) -> dict:
    return {
        "text": nomination.get_stage_display(),
        "classes": f"nhsuk-tag--{STAGE_COLOURS[nomination.stage]}",
    }


def for_judge(nomination, *, blind_mode: bool) -> dict:
    """What a judge reads: in blind mode no names or organisations, and known names redacted
    from the answers."""
    answers = []
    for a in nomination.answers.select_related("question"):
        text = blind.redact(a.text, nomination) if blind_mode else a.text
        answers.append({"question": a.question, "text": text})
    if blind_mode:
        rows = [
            ("Reference", nomination.reference),
            ("Category", nomination.category.name),
            ("Nominee", f"{nomination.get_kind_display()} (name hidden for blind judging)"),
        ]
    else:
        rows = [
            ("Reference", nomination.reference),
            ("Category", nomination.category.name),
            ("Nominee", f"{nomination.nominee_name}, {nomination.nominee_job_title}"),
            ("Nominee's organisation", nomination.nominee_organisation.name),
            ("Nominated by", nomination.nominator.full_name),
            ("Nominator's organisation", nomination.nominator_organisation.name),
        ]
    return {
        "rows": rows,
        "answers": answers,
        "evidence": [
            {
                "href": reverse("awards:evidence", args=[e.pk]),
                "text": f"Evidence {i} ({e.content_type.split('/')[-1].split('.')[-1].upper()})"
                if blind_mode
                else e.original_name,
            }
            for i, e in enumerate(nomination.evidence.all(), start=1)
        ],
    }


def results_table(rnd, nominations, judges):
    """Rows for the results page and the judge summaries beside them."""
    nominations = list(nominations)
    computed, summaries = results.compute(
        results.marks_for(rnd), [n.pk for n in nominations], rnd.min_judges
    )
    rows = [
        {
            "nomination": n,
            "tag": stage_tag(n),
            "judges": r.judges,
            "mean": results.fmt(r.mean),
            "sd": results.fmt(r.sd),
            "range": "–" if r.low is None else f"{r.low:.2f} to {r.high:.2f}",
            "mean_z": results.fmt(r.mean_z),
            "too_few": r.too_few,
            "z_by_judge": r.z_by_judge,
        }
        for n, r in zip(nominations, computed, strict=True)
    ]
    rows.sort(
        key=lambda row: (row["mean"] == "–", -(float(row["mean"]) if row["mean"] != "–" else 0))
    )
    judge_rows = []
    for j in judges:
        s = summaries.get(j.pk)
        judge_rows.append(
            {
                "judge": j,
                "count": s.count if s else 0,
                "mean": results.fmt(s.mean if s else None),
                "sd": results.fmt(s.sd if s else None),
                "z": [
                    results.fmt(row["z_by_judge"].get(j.pk)) if j.pk in row["z_by_judge"] else ""
                    for row in rows
                ],
            }
        )
    return rows, judge_rows
