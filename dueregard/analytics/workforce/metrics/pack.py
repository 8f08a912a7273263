"""Step 2 and the whole pack: :func:`finish` turns the aggregates into the published
tables; :func:`run_pack` runs both steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..definitions import Standard, get_standard
from ..importers import Period
from .funnel import funnel_tables
from .pay import pay_gap_tables
from .queries import collect
from .representation import _representation
from .standards import _standard_tables
from .tables import (
    PackResult,
)

METRICS = ("wres", "wdes", "paygap", "representation", "funnel")


def finish(
    aggs: Mapping[str, pd.DataFrame],
    *,
    period: Period | str,
    metrics: Sequence[str] = METRICS,
    reference: pd.DataFrame | None = None,
    standards: Sequence[Standard] | None = None,
) -> PackResult:
    """Build the result tables from the aggregates (any engine) — pure numpy/pandas."""
    if isinstance(period, str):
        period = Period.parse(period)
    standards = standards or [get_standard("WRES"), get_standard("WDES")]
    by_name = {s.name.lower(): s for s in standards}
    result = PackResult(
        meta={
            "period": period.label,
            "snapshot": period.end.isoformat(),
            "standards": {s.name: s.version for s in standards},
        }
    )
    tables = result.tables
    for m in ("wres", "wdes"):
        if m in metrics and m in by_name:
            tables.update(_standard_tables(by_name[m], aggs, period))
    if "paygap" in metrics and aggs.get("pay") is not None:
        tables.update(pay_gap_tables(aggs))
    if "representation" in metrics and reference is not None and aggs.get("staff") is not None:
        tables["representation"] = _representation(aggs["staff"], reference)
    if "funnel" in metrics:
        tables.update(funnel_tables(aggs))
    return result


def run_pack(
    inputs: Mapping[str, Any],
    *,
    period: Period | str,
    metrics: Sequence[str] = METRICS,
    engine: str = "duckdb",
    con: Any = None,
    progress: Any = None,
) -> PackResult:
    """Import-free entry point: canonical tables in, result tables out."""
    if isinstance(period, str):
        period = Period.parse(period)
    ref = inputs.get("reference")
    if ref is not None and hasattr(ref, "table"):
        ref = ref.table
    if ref is not None and not isinstance(ref, pd.DataFrame):
        ref = ref.to_pandas()
    engine_inputs = {k: v for k, v in inputs.items() if k != "reference" and v is not None}
    aggs = collect(engine_inputs, period=period, engine=engine, con=con, progress=progress)
    result = finish(aggs, period=period, metrics=metrics, reference=ref)
    result.meta["engine"] = engine
    result.meta["generated"] = dt.date.today().isoformat()
    return result
