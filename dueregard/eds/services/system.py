"""The system view: every partner organisation's agreed grades, per outcome and year."""

from __future__ import annotations

from ..models import Assessment, Stage
from ..presenters import grade_label
from .assessments import framework_of
from .grading import result


def comparison(assessments) -> dict:
    """Columns: (organisation, period); rows: outcomes of each framework version used."""
    latest: dict[tuple, Assessment] = {}
    for a in assessments.select_related("organisation", "framework").order_by(
        "period", "-revision"
    ):
        key = (a.framework.code, a.organisation_id, a.period)
        latest.setdefault(key, a)
    tables = []
    for code in sorted({k[0] for k in latest}):
        chosen = sorted(
            (a for k, a in latest.items() if k[0] == code),
            key=lambda a: (str(a.organisation or a.system), a.period),
        )
        framework = framework_of(chosen[0])
        results = []
        for a in chosen:
            outcomes = (
                a.result["outcomes"]
                if a.stage == Stage.PUBLISHED and a.result
                else result(a).as_dict()["outcomes"]
            )
            results.append(
                {r["outcome_code"]: r["agreed_grade"] for r in outcomes if r["service"] is None}
                | {"_d1": [r for r in outcomes if r["service"] is not None]}
            )
        columns = [
            f"{a.organisation or a.system} {a.period}"
            + ("" if a.stage == Stage.PUBLISHED else " (draft)")
            for a in chosen
        ]
        rows = []
        for outcome in framework.outcomes:
            cells = []
            for res in results:
                if outcome.code in res:
                    cells.append(grade_label(framework, res[outcome.code]))
                else:
                    per_service = [r for r in res["_d1"] if r["outcome_code"] == outcome.code]
                    cells.append(
                        ", ".join(
                            f"{r['service']}: {grade_label(framework, r['agreed_grade'])}"
                            for r in per_service
                        )
                        or "Not graded"
                    )
            rows.append((f"{outcome.code} {outcome.title or outcome.statement[:60]}", cells))
        tables.append({"framework": framework.name, "columns": columns, "rows": rows})
    return {"tables": tables}
