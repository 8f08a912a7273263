"""The recruitment funnel and the likelihood of entering formal processes, for every
characteristic against its reference group."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..codes import GROUPINGS
from .tables import (
    _RL_COLS,
    _attrs,
    _comparison_columns,
    _frame_of,
    _nested,
    _order,
    _order_groupings,
    _reference_of,
    _sums,
)


def funnel_tables(aggs: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``funnel`` (from recruitment) and ``formal_processes`` (from cases and staff)."""
    tables: dict[str, pd.DataFrame] = {}
    rec = aggs.get("recruitment")
    if rec is not None:
        tables["funnel"] = _funnel(rec)
    cases, staff = aggs.get("cases"), aggs.get("staff")
    if cases is not None and staff is not None:
        tables["formal_processes"] = _formal_processes(cases, staff)
    return tables


def _funnel(rec: pd.DataFrame) -> pd.DataFrame:
    # One frame built from columns, as in _formal_processes.
    parts: dict[str, list] = {}
    stages = ["applied", "shortlisted", "appointed"]
    sums: dict[str, dict] = {}
    for (grouping, group), v in _sums(rec, ["grouping", "group"], stages).items():
        sums.setdefault(grouping, {})[group] = v
    for grouping in _order_groupings(rec["grouping"].unique()):
        per = sums.get(grouping, {})
        groups = _order(grouping, list(per))
        applied, shortlisted, appointed = (
            np.array([per[g][i] for g in groups], dtype=np.float64) for i in range(3)
        )
        ref = _reference_of(grouping, groups, applied)
        a = _comparison_columns(
            groups, grouping, "shortlisted", "applied", shortlisted, applied, ref
        )
        b = _comparison_columns(
            groups, grouping, "appointed", "shortlisted", appointed, shortlisted, ref
        )
        cols = {"characteristic": [GROUPINGS[grouping][0]] * len(groups)}
        cols.update({f"shortlisting_{k}" if k in _RL_COLS else k: v for k, v in a.items()})
        for k in ("appointed", "appointed_per_shortlisted", *_RL_COLS):
            cols[f"appointment_{k}" if k in _RL_COLS else k] = b[k]
        for k, v in cols.items():
            parts.setdefault(k, []).append(v)
    funnel = _frame_of(parts)
    return _attrs(
        funnel,
        "Recruitment funnel (applied → shortlisted → appointed) for every "
        "characteristic: relative likelihood of each group against the "
        "reference group (Katz 95% CI; 0.80–1.25 band)",
        ["applied", "shortlisted", "appointed"],
        statistic_of={
            "shortlisted_per_applied": ["shortlisted", "applied"],
            "appointed_per_shortlisted": ["appointed", "shortlisted"],
        },
    )


def _formal_processes(cases: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    # One frame built from columns: these ~30 small tables cost more as frames.
    parts: dict[str, list] = {}
    heads_all = _nested(staff, ["grouping", "group"])
    ent_all = _nested(cases, ["process", "grouping", "group"])
    for process in ("disciplinary", "capability", "capability (ill health)"):
        for grouping in _order_groupings(heads_all):
            heads = heads_all.get(grouping, {})
            ent = ent_all.get(process, {}).get(grouping, {})
            groups = _order(grouping, list(set(heads) | set(ent)))
            n = np.array([heads.get(g, 0.0) for g in groups], dtype=np.float64)
            x = np.array([ent.get(g, 0.0) for g in groups], dtype=np.float64)
            ref = _reference_of(grouping, groups, n)
            cols = _comparison_columns(groups, grouping, "entered", "staff", x, n, ref)
            parts.setdefault("process", []).append([process] * len(groups))
            parts.setdefault("characteristic", []).append([GROUPINGS[grouping][0]] * len(groups))
            for k, v in cols.items():
                parts.setdefault(k, []).append(v)
    formal = _frame_of(parts)
    return _attrs(
        formal,
        "Likelihood of entering formal processes (two-year rolling) for every "
        "characteristic against the reference group (Katz 95% CI; 0.80–1.25 band)",
        ["staff", "entered"],
        statistic_of={"entered_per_staff": ["staff", "entered"]},
    )
