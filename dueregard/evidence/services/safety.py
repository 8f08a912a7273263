"""What a result may show outside the analyst role: disclosure-controlled aggregates.

Counts 1–7 are suppressed, others rounded to 5, secondary-safe against the totals
(``dueregard.analytics.disclosure``); percentages are recomputed from the rounded counts;
any statistic built on a suppressed count is blanked, and so are the ratios and chart
points that use it.
"""

from __future__ import annotations

import copy

import numpy as np

from dueregard.analytics.disclosure import round_counts, suppress_counts, suppress_table


def controlled(result: dict) -> dict:
    """A copy of ``result`` safe to show outside the analyst role (``controlled: True``)."""
    out = copy.deepcopy(result)
    out["controlled"] = True
    rows = out.get("rows") or []
    if not rows:
        return out
    num = np.array([round(r["numerator"] or 0) for r in rows], dtype=float)
    den = np.array([round(r["denominator"] or 0) for r in rows], dtype=float)
    if result.get("proportion"):
        table = suppress_table(np.c_[num, np.maximum(den - num, 0)])
        pub_num = table.published[:, 0]
        pub_den = table.row_totals
        hidden = table.suppressed.any(axis=1) | table.row_totals_suppressed
    else:
        table = suppress_counts(num)
        pub_num = table.published[0]
        pub_den = round_counts(den)
        hidden = table.suppressed[0]
    for i, r in enumerate(rows):
        r["suppressed"] = bool(hidden[i])
        r["numerator"] = None if np.isnan(pub_num[i]) or hidden[i] else float(pub_num[i])
        r["denominator"] = None if np.isnan(pub_den[i]) or hidden[i] else float(pub_den[i])
        if hidden[i]:
            r["value"] = r["lower"] = r["upper"] = None
        elif result.get("proportion") and r["denominator"]:
            r["value"] = r["numerator"] / r["denominator"] * result.get("scale", 100)
    gone = {r["group"] for r in rows if r["suppressed"]}
    out["ratios"] = [
        x for x in out.get("ratios", []) if x["group"] not in gone and x["reference"] not in gone
    ]
    out["suppressed_groups"] = [r["group"] for r in rows if r["suppressed"]]
    return out


def view_of(result: dict, *, analyst: bool) -> dict:
    """The full aggregates for analysts; the disclosure-controlled ones for everyone else."""
    if result.get("type") == "pack":  # the workforce package's own disclosure control
        out = {k: v for k, v in result.items() if k != "published"}
        out["tables"] = copy.deepcopy(result["tables"] if analyst else result["published"])
        out["controlled"] = not analyst
        return out
    if analyst:
        out = copy.deepcopy(result)
        out["controlled"] = False
        for r in out.get("rows", []):
            r.setdefault("suppressed", False)
        out.setdefault("suppressed_groups", [])
        return out
    return controlled(result)
