"""What a result may show outside the analyst role: disclosure-controlled aggregates.

Counts 1–7 are suppressed, others rounded to 5, secondary-safe against the totals
(``dueregard.analytics.disclosure``); percentages are recomputed from the rounded counts;
any statistic built on a suppressed count is blanked, and so are the ratios and chart
points that use it.
"""

from __future__ import annotations

import copy

import numpy as np

from dueregard.analytics.disclosure import primary_suppression, suppress_counts, suppress_table

from . import figures

SMALL = "small"  # hidden: the count itself is small (1 to 7)
PROTECT = "protect"  # hidden to protect another row's small count


def _published(num: np.ndarray, den: np.ndarray, proportion: bool):
    """Published numerators and denominators (nan where hidden), and why each row is
    hidden ("" when shown)."""
    if proportion:
        table = suppress_table(np.c_[num, np.maximum(den - num, 0)])
        pub_num, pub_den = table.published[:, 0], table.row_totals
        hidden = table.suppressed.any(axis=1) | table.row_totals_suppressed
        small = table.primary.any(axis=1) | primary_suppression(den)
    else:
        nums, dens = suppress_counts(num), suppress_counts(den)
        pub_num, pub_den = nums.published[0], dens.published[0]
        hidden = nums.suppressed[0] | dens.suppressed[0]
        small = nums.primary[0] | dens.primary[0]
    reason = np.where(hidden, np.where(small, SMALL, PROTECT), "")
    return pub_num, pub_den, hidden, reason


def controlled(result: dict) -> dict:
    """A copy of ``result`` safe to show outside the analyst role (``controlled: True``):
    counts suppressed (1–7) and rounded (to 5) secondary-safe, and every figure beside
    them recomputed from the published counts (``figures``)."""
    out = copy.deepcopy(result)
    out["controlled"] = True
    rows = out.get("rows") or []
    if not rows:
        return out
    proportion = bool(result.get("proportion"))
    scale = result.get("scale", 100 if proportion else 1000)
    num = np.array([round(r["numerator"] or 0) for r in rows], dtype=float)
    den = np.array([round(r["denominator"] or 0) for r in rows], dtype=float)
    pub_num, pub_den, hidden, reason = _published(num, den, proportion)
    for i, r in enumerate(rows):
        r["suppressed"] = bool(hidden[i])
        r["hidden_reason"] = str(reason[i])
        r["numerator"] = None if hidden[i] or np.isnan(pub_num[i]) else float(pub_num[i])
        r["denominator"] = None if hidden[i] or np.isnan(pub_den[i]) else float(pub_den[i])
    if "bands" in (rows[0] if rows else {}):
        for r in rows:
            if r["suppressed"]:
                r["numerator"] = None
        figures.fill_dsr(rows, scale=scale, rounded=True)
    elif result.get("statistic", "").startswith("Age-standardised"):
        for r in rows:  # stored before band counts were kept: cannot be recomputed
            r["value"] = r["lower"] = r["upper"] = None
    else:
        figures.fill(rows, proportion=proportion, scale=scale)
    for r in rows:
        r.pop("bands", None)
        r.pop("funnel_x", None)
    out["ratios"] = (
        figures.ratios(rows, result.get("reference")) if proportion and result.get("ratios") else []
    )
    if result.get("sii"):
        out["sii"] = figures.deprivation(rows, proportion=proportion, scale=scale)
    if result.get("funnel"):
        statistic = result["funnel"].get("statistic", "proportion")
        out["funnel"] = figures.funnel(rows, statistic=statistic, scale=scale)
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
