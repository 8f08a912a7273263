"""Workforce files and metric packs, through ``dueregard.analytics.workforce``.

The workforce package owns the schemas, the ESR/recruitment header aliases, the label
and code maps, the importer (all-or-nothing, with a quality report) and the metric packs
(WRES, WDES, pay gaps, recruitment funnel) and their disclosure control
(``outputs.publish``). This adapter fits them to the workspace: one dataset is one file,
so a pack runs on what that file holds (a staff snapshot gives WRES 1 and 9, WDES 1 and
10 and the pay gaps; a recruitment file WRES 2, WDES 2 and the funnel for every
characteristic; a staff survey WRES 5–8 and WDES 4–9).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from dueregard.analytics.workforce import WorkforceInputError, read_input
from dueregard.analytics.workforce import outputs as wf_outputs
from dueregard.analytics.workforce.codes import CHARACTERISTICS, NOT_DECLARED, UNKNOWN, normalise
from dueregard.analytics.workforce.codes import code_maps as wf_code_maps
from dueregard.analytics.workforce.metrics import run_pack
from dueregard.analytics.workforce.schemas import SCHEMAS as WF_SCHEMAS

from .schemas import Column, Schema

# Workspace kind -> workforce input kind.
KINDS = {
    "wf-staff": "staff",
    "wf-recruitment": "recruitment",
    "wf-cases": "cases",
    "wf-training": "training",
    "wf-survey": "survey",
    "wf-reference": "reference",
}
# Workforce characteristic column -> framework characteristic code.
FRAMEWORK_CODE = {
    "age_band": "age",
    "disability": "disability",
    "gender_identity": "gender-reassignment",
    "marital_status": "marriage-civil-partnership",
    "ethnic_category": "race",
    "religion": "religion-belief",
    "sex": "sex",
    "sexual_orientation": "sexual-orientation",
}
ETHNIC_NAMES = {
    "A": "A White British",
    "B": "B White Irish",
    "C": "C Any other White background",
    "D": "D White and Black Caribbean",
    "E": "E White and Black African",
    "F": "F White and Asian",
    "G": "G Any other mixed background",
    "H": "H Indian",
    "J": "J Pakistani",
    "K": "K Bangladeshi",
    "L": "L Any other Asian background",
    "M": "M Caribbean",
    "N": "N African",
    "P": "P Any other Black background",
    "R": "R Chinese",
    "S": "S Any other ethnic group",
}


@dataclass(frozen=True)
class PackKind:
    code: str
    title: str
    description: str
    needs_group: bool = False
    statistics: tuple[str, ...] = ()


PACKS = {
    "wres": PackKind("wres", "WRES indicators", "Workforce Race Equality Standard indicators."),
    "wdes": PackKind(
        "wdes", "WDES metrics", "Workforce Disability Equality Standard metrics (its own)."
    ),
    "paygap": PackKind(
        "paygap",
        "Pay gaps",
        "Gender pay gap (six figures), ethnicity and disability pay gaps against a reference.",
    ),
    "representation": PackKind(
        "representation",
        "Representation",
        "The workforce against a reference population (percentage-point differences with "
        "intervals); add a reference population file.",
    ),
    "recruitment": PackKind(
        "recruitment",
        "Recruitment funnel",
        "Applied, shortlisted and appointed for every characteristic, with relative "
        "likelihoods against the reference group.",
    ),
}
METRIC_OF = {"recruitment": "funnel"}  # workspace pack -> workforce metric name
PACKS_FOR = {
    "staff": ("wres", "wdes", "paygap", "representation"),
    "recruitment": ("wres", "wdes", "recruitment"),
    "survey": ("wres", "wdes"),
}
# Other workforce files a pack may combine with the analysed one (same reporting year):
# formal cases and training need the staff snapshot as their denominator, representation a
# reference population.
COMBINABLE = {
    "staff": ("recruitment", "cases", "training", "survey", "reference"),
    "recruitment": ("staff", "survey"),
    "survey": ("staff", "recruitment"),
}
PACK_CHARACTERISTICS = {
    "wres": ["race"],
    "wdes": ["disability"],
    "paygap": ["sex", "race", "disability"],
}


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def schema(code: str) -> Schema | None:
    kind = KINDS.get(code)
    if kind is None:
        return None
    wf = WF_SCHEMAS[kind]
    columns = tuple(
        Column(
            c.name,
            CHARACTERISTICS[c.name].name if c.name in CHARACTERISTICS else _label(c.name),
            "wf-characteristic" if c.name in CHARACTERISTICS or c.kind == "grade" else "wf",
            required=c.required,
            aliases=tuple(c.aliases),
            characteristic=FRAMEWORK_CODE.get(c.name, ""),
        )
        for c in wf.columns
    )
    return Schema(
        code=code,
        title=f"Workforce: {wf.title}",
        description=wf.notes or wf.title,
        columns=columns,
        numerator_label="Staff",
        denominator_label="",
        statistic="pack",
        workforce=kind,
    )


def kind_choices() -> list[tuple[str, str]]:
    return [(code, schema(code).title) for code in KINDS]


def canonical_values(column: str) -> tuple[str, ...]:
    if column == "pay_grade":
        from dueregard.analytics.workforce.codes import PAY_GRADES

        return (*PAY_GRADES, UNKNOWN)
    values = CHARACTERISTICS[column].values if column in CHARACTERISTICS else ()
    return (*values, NOT_DECLARED, UNKNOWN)


def value_label(column: str, value: str) -> str:
    return ETHNIC_NAMES.get(value, value) if column == "ethnic_category" else value


def guess_value(column: str, raw: str) -> str | None:
    found = wf_code_maps().get(column, {}).get(normalise(raw))
    if found is None and column in CHARACTERISTICS and CHARACTERISTICS[column].open_values:
        return raw.strip() or UNKNOWN
    return found


def _import(frame: pd.DataFrame, dataset, *, allow_unmapped: bool):
    kind = KINDS[dataset.kind]
    mapping = {header: canonical for canonical, header in dataset.mapping.items() if header}
    codes = {c: {raw: v for raw, v in m.items() if v} for c, m in dataset.code_maps.items()}
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return read_input(
        table,
        kind,
        mapping=mapping,
        codes=codes,
        allow_unmapped=allow_unmapped,
        period=dataset.period or None,
    )


def quality_report(frame: pd.DataFrame, dataset, sch: Schema) -> dict:
    """The workforce importer's own quality report, in the workspace's layout."""
    from .mapping import file_columns

    report = {"rows": int(len(frame)), "missing_required": [], "columns": [], "ignored": []}
    report["file_columns"] = file_columns(frame, sch, dataset.mapping)
    used = set(dataset.mapping.values())
    report["ignored"] = [h for h in frame.columns if h not in used]
    report["missing_required"] = [
        c.label for c in sch.columns if c.required and not dataset.mapping.get(c.name)
    ]
    if report["missing_required"]:
        return report
    try:
        imported = _import(frame, dataset, allow_unmapped=True)
    except WorkforceInputError as exc:
        report["problems"] = [str(p) for p in exc.problems][:20]
        return report
    for q in imported.quality:
        report["columns"].append(
            {
                "column": q["column"],
                "label": q["characteristic"],
                "header": dataset.mapping.get(q["column"], ""),
                "declared": q["declared"],
                "not_declared": q["not_declared"],
                "unknown": q["unknown"],
                "unmapped": q["unmapped"],
                "unmapped_labels": list(q.get("unmapped_values", []))[:20],
                "declared_percent": q["declared_pct"],
            }
        )
    return report


def to_canonical(frame: pd.DataFrame, dataset) -> tuple[pd.DataFrame | None, list[dict], int]:
    """All or nothing, by the workforce importer: rows, or every problem and where."""
    try:
        imported = _import(frame, dataset, allow_unmapped=False)
    except WorkforceInputError as exc:
        listed = []
        for p in exc.problems:
            rows = p.rows[:10] or [None]
            for row in rows:
                # the importer numbers the frame's records from 1; these pages show the
                # file's line, as every other import here does (the header is line 1)
                line = row + 1 if row is not None else None
                listed.append({"row": line, "column": p.column or "", "message": p.message})
        total = sum(max(p.count, 1) for p in exc.problems)
        return None, listed[:100], total
    return imported.table.to_pandas(), [], 0


def combinable(dataset_kind: str) -> tuple[str, ...]:
    return tuple(f"wf-{k}" for k in COMBINABLE.get(KINDS.get(dataset_kind, ""), ()))


def analysis_kinds(dataset_kind: str) -> list[PackKind]:
    return [PACKS[p] for p in PACKS_FOR.get(KINDS.get(dataset_kind, ""), ())]


def characteristics(dataset_kind: str, kind: str, group: str) -> list[str]:
    if kind in PACK_CHARACTERISTICS:
        return list(PACK_CHARACTERISTICS[kind])
    sch = schema(dataset_kind)
    return [c.characteristic for c in sch.columns if c.characteristic] if sch else []


def _cell(value):
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return "Yes" if value else "No"
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return str(value)


def _tables(result) -> list[dict]:
    out = []
    for name, frame in result.tables.items():
        attrs = frame.attrs
        summary = attrs.get("summary")
        out.append(
            {
                "name": name,
                "title": attrs.get("title", name),
                "note": attrs.get("note", ""),
                "columns": [str(c) for c in frame.columns],
                "rows": [[_cell(v) for v in row] for row in frame.itertuples(index=False)],
                "summary": {k: _cell(v) for k, v in summary.items()} if summary else None,
            }
        )
    return out


def run(frames: dict, dataset_kind: str, kind: str, parameters: dict) -> dict:
    """``frames``: workforce input kind -> canonical rows (the analysed file first)."""
    wf_kind = KINDS[dataset_kind]
    period = parameters.get("period") or "2025-26"
    if kind == "representation" and "reference" not in frames:
        raise ValueError("Representation needs a reference population file: add one.")
    inputs = {k: pa.Table.from_pandas(f, preserve_index=False) for k, f in frames.items()}
    try:
        metric = METRIC_OF.get(kind, kind)
        result = run_pack(inputs, period=period, metrics=(metric,))
    except (KeyError, TypeError) as exc:
        raise ValueError(f"This file does not hold what the {kind} pack needs ({exc}).") from exc
    if not result.tables:
        raise ValueError(f"This {wf_kind} file gives none of the {PACKS[kind].title}.")
    published = wf_outputs.publish(result, disclosure=True)
    return {
        "type": "pack",
        "pack": kind,
        "measure": PACKS[kind].title,
        "period": result.meta.get("period"),
        "standards": result.meta.get("standards"),
        "tables": _tables(result),
        "published": _tables(published),
        "disclosure": published.meta.get("disclosure", ""),
        "method": "dueregard.analytics.workforce (Ibis on DuckDB); relative likelihoods with "
        "Katz 95% intervals and the 0.80–1.25 band",
    }


_RL = re.compile(
    r"relative likelihood of (?P<who>.+?) (?P<what>being .+?|entering .+?|accessing .+?) "
    r"compared to (?P<ref>.+?) = ",
    re.IGNORECASE,
)


def board_readings(table: dict) -> list[str]:
    """WRES 9 / WDES 10: the board against the workforce, in percentage points."""
    cols = table.get("columns", [])
    if "difference_pp" not in cols or "population" not in cols:
        return []
    pct = next((c for c in cols if c.endswith(" %")), None)
    out = []
    for row in table["rows"]:
        cell = dict(zip(cols, row, strict=True))
        diff = cell.get("difference_pp")
        if not isinstance(diff, (int, float)) or not isinstance(cell.get(pct), (int, float)):
            continue
        group = pct[:-2]
        direction = "above" if diff >= 0 else "below"
        out.append(
            f"{cell['population']}: {cell[pct]:.1f}% {group}, {abs(diff):.1f} percentage "
            f"points {direction} the workforce."
        )
    return out


def hidden(table: dict) -> bool:
    """The package's disclosure control withheld this table's summary (small numbers)."""
    return "not shown: small numbers" in table.get("title", "")


def reading(table: dict) -> str | None:
    """A plain-language sentence from a pack table's relative-likelihood summary."""
    s = table.get("summary")
    if not s or s.get("relative_likelihood") in (None, "*") or hidden(table):
        return None
    try:
        value, lo, hi = (float(s[k]) for k in ("relative_likelihood", "lower95", "upper95"))
    except (TypeError, ValueError):
        return None
    match = _RL.search(table["title"])
    from .figures import parity

    band = parity(value, lo, hi, s.get("outside_0_80_1_25") in ("Yes", True))
    if not match:
        return f"{table['title'].split(' = ')[0]}: {value:.2f} (95% CI {lo:.2f} to {hi:.2f}).{band}"
    who = match["who"][0].upper() + match["who"][1:]
    what = match["what"].replace("being ", "to be ", 1)
    what = re.sub(r"^(entering|accessing)", lambda m: "to " + m[1][:-3], what)
    return (
        f"{who} were {value:.2f} times as likely as {match['ref']} {what} "
        f"(95% CI {lo:.2f} to {hi:.2f}).{band}"
    )
