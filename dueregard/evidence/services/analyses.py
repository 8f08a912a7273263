"""Analyses: run one on a dataset (as a task), store only aggregates, re-run.

Every statistic comes from ``dueregard.analytics.stats`` (Wilson proportions, Byar's or
exact Poisson rates, Dobson DSRs, Katz relative likelihoods, simulated SII/RII, funnel
limits); this module only chooses the inputs and keeps the results as JSON aggregates.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import dueregard
from dueregard.core.services import audit

from ..models import Analysis, Dataset, RowData
from . import datasets, figures, levels, workforce
from . import mapping as m
from .schemas import CANONICAL_VALUES, MISSING_VALUES, REFERENCE_GROUP, SERVICE_SCHEMAS
from .schemas import schema as schema_for


def engine_version() -> str:
    python = platform.python_version()
    return f"dueregard {dueregard.__version__}; numpy {np.__version__}; python {python}"


@dataclass(frozen=True)
class AnalysisKind:
    code: str
    title: str
    description: str
    needs_group: bool  # asks which characteristic to compare
    statistics: tuple[str, ...]  # schema statistics it applies to ("proportion", "rate")


KINDS = {
    k.code: k
    for k in (
        AnalysisKind(
            "by-group",
            "By group",
            "Proportions (Wilson intervals) or crude rates (Byar's) for each group, with "
            "relative likelihoods against the reference group.",
            True,
            ("proportion", "rate"),
        ),
        AnalysisKind(
            "standardised",
            "Age-standardised rates by group",
            "Directly standardised rates (European Standard Population 2013, Dobson "
            "intervals); needs an age band column in five-year bands.",
            True,
            ("rate",),
        ),
        AnalysisKind(
            "deprivation",
            "Inequality by deprivation",
            "Each deprivation decile with intervals, the slope index of inequality (SII) "
            "and relative index of inequality (RII).",
            False,
            ("proportion", "rate"),
        ),
        AnalysisKind(
            "funnel",
            "Areas compared (funnel plot)",
            "Each area's proportion, crude rate or (with an age band column) age-standardised "
            "rate against 95% and 99.8% control limits around the overall value.",
            False,
            ("proportion", "rate"),
        ),
    )
}
# What a proportion measures, for the plain-language reading.
OUTCOME_PHRASE = {"uptake": "to take up the offer", "experience": "to give a positive answer"}


def kinds_for(dataset: Dataset) -> list[AnalysisKind]:
    if dataset.kind in SERVICE_SCHEMAS:
        stat = SERVICE_SCHEMAS[dataset.kind].statistic
        return [k for k in KINDS.values() if stat in k.statistics]
    return workforce.analysis_kinds(dataset.kind)


def group_choices(dataset: Dataset) -> list[tuple[str, str]]:
    sch = schema_for(dataset.kind)
    if sch.workforce:  # the packs cover every characteristic themselves
        return []
    return [
        (c.name, c.label)
        for c in sch.group_columns
        if dataset.mapping.get(c.name) and c.name != "deprivation_decile"
    ]


def has_details(dataset: Dataset) -> bool:
    """Whether the analysis form offers the level of detail (service files only)."""
    return dataset.kind in SERVICE_SCHEMAS


def _order(column: str, values) -> list:
    canon = CANONICAL_VALUES.get(column)
    if canon and levels.classified(column):
        return sorted(values, key=lambda v: levels.position(v, canon))
    if column == "deprivation_decile":
        return sorted(
            values, key=lambda v: (v in MISSING_VALUES, int(v) if str(v).isdigit() else 99)
        )
    if canon:
        return sorted(values, key=lambda v: canon.index(v) if v in canon else len(canon))
    return sorted(values, key=lambda v: (v in MISSING_VALUES, str(v)))


def extra_choices(dataset: Dataset) -> list[tuple[str, str]]:
    """Other imported workforce files of the same year a pack may combine with this one."""
    kinds = workforce.combinable(dataset.kind)
    if not kinds:
        return []
    rows = Dataset.objects.filter(
        system=dataset.system,
        organisation=dataset.organisation,
        kind__in=kinds,
        period=dataset.period,
        status=Dataset.Status.READY,
    ).exclude(pk=dataset.pk)
    return [(str(d.pk), f"{d.name} ({schema_for(d.kind).title})") for d in rows]


@transaction.atomic
def request(
    dataset: Dataset,
    actor,
    *,
    kind: str,
    group: str = "",
    also: list | tuple = (),
    missing_bands_as_zero: bool = False,
    detail: str = "",
) -> Analysis:
    """Queue an analysis of an imported dataset; its page shows progress and then results."""
    if dataset.status != Dataset.Status.READY:
        raise ValidationError("Import the dataset before analysing it.")
    available = {k.code: k for k in kinds_for(dataset)}
    if kind not in available:
        raise ValidationError({"kind": "Choose an analysis"})
    spec = available[kind]
    if spec.needs_group:
        if group not in dict(group_choices(dataset)):
            raise ValidationError({"group": "Choose the groups to compare"})
    else:
        group = ""
    if kind == "deprivation" and not dataset.mapping.get("deprivation_decile"):
        raise ValidationError({"kind": "This dataset has no deprivation decile column"})
    if kind == "funnel" and not dataset.mapping.get("area"):
        raise ValidationError({"kind": "This dataset has no area column"})
    if kind == "standardised" and not dataset.mapping.get("age_band"):
        raise ValidationError({"kind": "This dataset has no age band column"})
    if levels.classified(group) and dataset.kind in SERVICE_SCHEMAS:
        detail = detail or levels.BROAD
        if detail not in dict(levels.CHOICES):
            raise ValidationError({"detail": "Choose the level of detail"})
    else:
        detail = ""
    sch = schema_for(dataset.kind)
    allowed = dict(extra_choices(dataset))
    extras = [str(x) for x in also if str(x)]
    if any(x not in allowed for x in extras):
        raise ValidationError({"also": "Choose imported files of the same year"})
    extra_sets = list(Dataset.objects.filter(pk__in=extras))
    if len({d.kind for d in extra_sets}) < len(extra_sets):
        raise ValidationError({"also": "Choose at most one file of each kind"})
    group_label = sch.by_name[group].label if group else ""
    if sch.workforce:
        title = f"{spec.title} {dataset.period}: {sch.workforce} file"
    else:
        title = f"{sch.numerator_label}: {spec.title.lower()}" + (
            f" ({group_label.lower()})" if group_label else ""
        )
    analysis = Analysis.objects.create(
        system=dataset.system,
        organisation=dataset.organisation,
        dataset=dataset,
        kind=kind,
        title=title[:300],
        parameters={
            "group": group,
            "confidence": 0.95,
            "dataset_kind": dataset.kind,
            **({"missing_bands": figures.MISSING_ZERO} if missing_bands_as_zero else {}),
            **({"detail": detail} if detail else {}),
            **({"period": dataset.period} if sch.workforce else {}),
            **(
                {
                    "inputs": [
                        {"dataset": d.pk, "kind": d.kind, "name": d.name, "checksum": d.checksum}
                        for d in extra_sets
                    ]
                }
                if extra_sets
                else {}
            ),
        },
        input_checksum=dataset.checksum,
        engine_version=engine_version(),
        characteristics=_characteristics(dataset, kind, group),
        created_by=actor,
    )
    audit.record(
        "evidence.analysis.requested",
        actor=actor,
        obj=analysis,
        after={"kind": kind, "group": group, "dataset": dataset.pk},
    )
    _enqueue(analysis)
    return analysis


def _enqueue(analysis: Analysis) -> None:
    from .tasks import run_analysis

    run_analysis.enqueue(analysis.pk)


def _characteristics(dataset: Dataset, kind: str, group: str) -> list[str]:
    if dataset.kind not in SERVICE_SCHEMAS:
        return workforce.characteristics(dataset.kind, kind, group)
    sch = SERVICE_SCHEMAS[dataset.kind]
    cols = [group] if group else []
    if kind == "deprivation":
        cols.append("deprivation_decile")
    if kind == "standardised":
        cols.append("age_band")
    return [sch.by_name[c].characteristic for c in cols if sch.by_name[c].characteristic]


def compute(analysis_id: int, frame: pd.DataFrame | None = None) -> str:
    """The analysis task: compute from the imported rows, store the aggregates, then
    delete the rows unless the analyst chose to keep them until a date."""
    analysis = Analysis.objects.select_related("dataset").get(pk=analysis_id)
    dataset = analysis.dataset
    Analysis.objects.filter(pk=analysis.pk).update(status=Analysis.Status.RUNNING)
    if frame is None:
        frame = datasets.canonical_rows(dataset)
    if frame is None:
        Analysis.objects.filter(pk=analysis.pk).update(
            status=Analysis.Status.FAILED,
            error="The rows have been deleted: upload the same file again to re-run.",
        )
        return "failed"
    extras = list(
        Dataset.objects.filter(pk__in=[i["dataset"] for i in analysis.parameters.get("inputs", [])])
    )
    gone = [d.name for d in extras if datasets.canonical_rows(d) is None]
    if gone:
        Analysis.objects.filter(pk=analysis.pk).update(
            status=Analysis.Status.FAILED,
            error="The rows of " + ", ".join(gone) + " have been deleted: upload those files "
            "again as new datasets and run a new analysis.",
        )
        return "failed"
    try:
        if dataset.kind in SERVICE_SCHEMAS:
            result = run_service(
                frame,
                dataset.kind,
                analysis.kind,
                analysis.parameters.get("group", ""),
                missing_bands=analysis.parameters.get("missing_bands", ""),
                detail=analysis.parameters.get("detail", ""),
            )
        else:
            frames = {workforce.KINDS[dataset.kind]: frame}
            for extra in extras:
                frames[workforce.KINDS[extra.kind]] = datasets.canonical_rows(extra)
            result = workforce.run(frames, dataset.kind, analysis.kind, analysis.parameters)
    except ValueError as exc:
        Analysis.objects.filter(pk=analysis.pk).update(
            status=Analysis.Status.FAILED, error=str(exc)
        )
        audit.record("evidence.analysis.failed", obj=analysis, after={"error": str(exc)[:200]})
        return "failed"
    except Exception:
        Analysis.objects.filter(pk=analysis.pk).update(
            status=Analysis.Status.FAILED, error="The analysis stopped with an unexpected error."
        )
        raise
    with transaction.atomic():
        Analysis.objects.filter(pk=analysis.pk).update(
            status=Analysis.Status.READY,
            result=result,
            public=public_summary(result),
            error="",
            computed_at=timezone.now(),
            runs=analysis.runs + 1,
            engine_version=engine_version(),
        )
        audit.record("evidence.analysis.computed", obj=analysis, after={"run": analysis.runs + 1})
        for used in [dataset, *extras]:
            if used.retain_until is None or used.retain_until < timezone.localdate():
                datasets.dispose_rows(used, reason="analysis stored")
    return "ready"


def rerun(analysis: Analysis, actor, *, file=None) -> Analysis:
    """Run again: from the kept rows, or (rows deleted) from the same file uploaded again,
    checked against the stored checksum. A refused file is audited."""
    dataset = analysis.dataset
    rows = None
    content = b""
    if not RowData.objects.filter(dataset=dataset).exists():
        if file is None:
            raise ValidationError(
                {"file": "The rows have been deleted: upload the same file again"}
            )
        content = file.read()
        file.seek(0)
        found = datasets.checksum(content)
        if found != analysis.input_checksum:
            audit.record(
                "evidence.analysis.rerun_refused",
                actor=actor,
                obj=analysis,
                after={"checksum": found},
            )
            raise ValidationError(
                {
                    "file": "This is not the file the analysis was run on: its checksum "
                    f"(SHA-256 {found[:12]}…) differs from the original's "
                    f"({analysis.input_checksum[:12]}…). Upload the same file, or start a new "
                    "dataset."
                }
            )
        frame = m.read_table(content, dataset.original_name)
        rows, problems, _ = datasets.canonical_from(frame, dataset)
        if rows is None:  # pragma: no cover - the same file imported before
            raise ValidationError({"file": problems[0]["message"]})
    with transaction.atomic():
        if rows is not None:
            RowData.objects.create(dataset=dataset, upload=content, canonical=m.to_parquet(rows))
            Dataset.objects.filter(pk=dataset.pk).update(
                status=Dataset.Status.READY, disposed_at=None
            )
        Analysis.objects.filter(pk=analysis.pk).update(status=Analysis.Status.QUEUED)
        audit.record("evidence.analysis.rerun", actor=actor, obj=analysis)
        _enqueue(analysis)
    return analysis


def public_summary(result: dict) -> dict:
    """The disclosure-controlled figures as text, for showing outside the analyst role."""
    from .. import presenters
    from .safety import controlled

    if result.get("type") == "pack":
        from .safety import view_of

        view = view_of(result, analyst=False)
        tables = presenters.pack_tables(view)
        with_summary = [t for t, raw in zip(tables, view["tables"], strict=True) if raw["summary"]]
        first = (with_summary or tables or [None])[0]
        return {
            "readings": presenters.readings(view),
            "table": {"head": first["head"], "rows": first["rows"], "numeric": first["numeric"]}
            if first
            else None,
            "caption": first["caption"] if first else "",
            "suppressed_groups": [],
            "method": result.get("method", ""),
        }
    view = controlled(result)
    return {
        "readings": presenters.readings(view),
        "table": presenters.table(view),
        "ratios": presenters.ratio_table(view),
        "suppressed_groups": view.get("suppressed_groups", []),
        "method": result.get("method", ""),
    }


# --- service analyses (pure: a canonical frame in, JSON aggregates out) ----------------


def run_service(
    frame: pd.DataFrame,
    dataset_kind: str,
    kind: str,
    group: str,
    *,
    missing_bands: str = "",
    detail: str = "",
) -> dict:
    sch = SERVICE_SCHEMAS[dataset_kind]
    proportion = sch.statistic == "proportion"
    if detail and kind in ("by-group", "standardised"):
        frame = levels.apply(frame, group, detail, proportion=proportion)
    scale = 100 if proportion else 1000
    base = {
        "measure": sch.numerator_label,
        "denominator_label": sch.denominator_label,
        "statistic": "Percentage" if proportion else "Rate per 1,000",
        "unit": "%" if proportion else " per 1,000",
        "scale": scale,
        "proportion": proportion,
        "confidence": "95%",
        "outcome_phrase": OUTCOME_PHRASE.get(dataset_kind, ""),
    }
    if kind == "by-group":
        out = _by_group(frame, group, sch.by_name[group].label, proportion, scale)
        return {**base, **out, **_detail_note(out, group, detail)}
    if kind == "standardised":
        label = sch.by_name[group].label
        out = _standardised(frame, group, label, missing_bands)
        return {**base, **out, **_detail_note(out, group, detail)}
    if kind == "deprivation":
        return {**base, **_deprivation(frame, proportion, scale)}
    if kind == "funnel":
        if not proportion and frame.get("age_band") is not None and frame["age_band"].notna().all():
            return {**base, **_dsr_funnel(frame, missing_bands)}
        return {**base, **_funnel(frame, proportion, scale)}
    raise ValueError(f"Unknown analysis {kind}")


def _detail_note(out: dict, group: str, detail: str) -> dict:
    note = levels.describe(group, detail) if detail else ""
    return {"method": f"{out['method']}; {note}", "detail": detail} if note else {}


def _group_rows(frame: pd.DataFrame, column: str, proportion: bool, scale: int) -> list[dict]:
    sums = frame.groupby(column, dropna=False)[["numerator", "denominator"]].sum()
    rows = [
        {
            "group": str(key),
            "numerator": float(sums.loc[key, "numerator"]),
            "denominator": float(sums.loc[key, "denominator"]),
            "comparable": str(key) not in MISSING_VALUES,
        }
        for key in _order(column, list(sums.index))
    ]
    figures.fill(rows, proportion=proportion, scale=scale)
    return rows


def _reference(column: str, rows: list[dict]) -> str | None:
    comparable = [r for r in rows if r["comparable"] and r["numerator"]]
    if not comparable:
        return None
    for wanted in (REFERENCE_GROUP.get(column), levels.REFERENCE_DETAILED.get(column)):
        if wanted and any(r["group"] == wanted for r in comparable):
            return wanted
    return max(comparable, key=lambda r: r["denominator"])["group"]


def _by_group(frame, column, label, proportion, scale) -> dict:
    rows = _group_rows(frame, column, proportion, scale)
    reference = _reference(column, rows)
    return {
        "type": "groups",
        "group_column": column,
        "group_label": label,
        "rows": rows,
        "reference": reference,
        "ratios": figures.ratios(rows, reference) if proportion and reference else [],
        "method": "Wilson score intervals; relative likelihood with Katz log intervals"
        if proportion
        else "Crude rates: exact Poisson below 10 events, Byar's from 10",
    }


def _standardised(frame, column, label, missing_bands: str = "") -> dict:
    per_band = frame.groupby([column, "age_band"])[["numerator", "denominator"]].sum()
    rows = []
    for key in _order(column, list(frame[column].dropna().unique())):
        part = per_band.loc[key]
        rows.append(
            {
                "group": str(key),
                "numerator": float(part["numerator"].sum()),
                "denominator": float(part["denominator"].sum()),
                "comparable": str(key) not in MISSING_VALUES,
                "bands": [
                    [str(b), float(part.loc[b, "numerator"]), float(part.loc[b, "denominator"])]
                    for b in part.index
                ],
            }
        )
    figures.check_bands(rows, missing=missing_bands)
    _standard, method = figures.standard_for(sorted({b for r in rows for b, _n, _d in r["bands"]}))
    figures.fill_dsr(rows, scale=1000)
    return {
        "type": "groups",
        "group_column": column,
        "group_label": label,
        "rows": rows,
        "reference": _reference(column, rows),
        "ratios": [],
        "statistic": "Age-standardised rate per 1,000",
        "standard": method,
        "method": f"Directly standardised rates ({method}), Dobson intervals"
        + ("; missing age bands treated as zero" if missing_bands else ""),
    }


def _deprivation(frame, proportion, scale) -> dict:
    rows = _group_rows(frame, "deprivation_decile", proportion, scale)
    block = figures.deprivation(rows, proportion=proportion, scale=scale)
    if block is None:
        raise ValueError(
            "Inequality by deprivation needs at least two deciles with people in them."
        )
    return {
        "type": "deprivation",
        "group_column": "deprivation_decile",
        "group_label": "Deprivation decile",
        "rows": rows,
        "reference": None,
        "ratios": [],
        "sii": block,
        "method": "Slope and relative index of inequality (weighted least squares on relative "
        f"rank; limits from {figures.SII_REPETITIONS:,} seeded simulations)",
    }


def _funnel(frame, proportion: bool, scale: int) -> dict:
    rows = _group_rows(frame, "area", proportion, scale)
    statistic = "proportion" if proportion else "rate"
    block = figures.funnel(rows, statistic=statistic, scale=scale)
    if block is None:
        raise ValueError("A funnel plot needs at least two areas with people in them.")
    return {
        "type": "funnel",
        "group_column": "area",
        "group_label": "Area",
        "rows": rows,
        "reference": None,
        "ratios": [],
        "funnel": block,
        "method": "Wilson-consistent funnel limits at 95% and 99.8% around the overall proportion"
        if proportion
        else "Exact Poisson funnel limits at 95% and 99.8% around the overall crude rate",
    }


def _dsr_funnel(frame, missing_bands: str = "") -> dict:
    """Areas' age-standardised rates against funnel limits around the overall DSR."""
    out = _standardised(frame, "area", "Area", missing_bands)
    block = figures.funnel(out["rows"], statistic="dsr", scale=1000)
    if block is None:
        raise ValueError(
            "A funnel plot of age-standardised rates needs at least two areas with 10 or "
            "more events."
        )
    return {
        **out,
        "type": "funnel",
        "funnel": block,
        "method": out["method"] + "; exact Poisson funnel limits at 95% and 99.8% around "
        "the overall rate (population derived from each DSR)",
    }
