"""Shared table building: group order and labels, reference groups, comparison tables
with relative likelihoods, and the ``attrs`` that disclosure control reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..codes import ETHNIC_CATEGORIES, GROUPINGS, MISSING, NOT_DECLARED, UNKNOWN
from .measures import likelihoods


def _order(grouping: str, groups: Sequence[str]) -> list[str]:
    groups = [g for g in groups if g is not None]
    if grouping == "ethnic_category":
        canon = list(ETHNIC_CATEGORIES)
    elif grouping == "ethnic_group":
        canon = ["White", "BME"]
    elif grouping == "ethnic_broad":
        canon = ["White", "Mixed", "Asian", "Black", "Other"]
    elif grouping == "disability":
        canon = ["Disabled", "Non-disabled"]
    elif grouping == "sex":
        canon = ["Female", "Male", "Other"]
    else:
        canon = []
    declared = [g for g in canon if g in groups] + sorted(
        g for g in groups if g not in canon and g not in MISSING
    )
    return declared + [g for g in (NOT_DECLARED, UNKNOWN) if g in groups]


def _reference_of(grouping: str, groups: Sequence[str], counts: np.ndarray) -> str | None:
    """The reference group of ``grouping``: its standard reference if it has a count,
    else the declared group with the most (the first of equals); None if none declared."""
    declared = [(g, v) for g, v in zip(groups, counts, strict=True) if g not in MISSING]
    ref = GROUPINGS.get(grouping, (None, None))[1]
    if ref is not None and any(g == ref and v > 0 for g, v in declared):
        return ref
    if not declared:
        return None
    best, top = declared[0]
    for g, v in declared[1:]:
        if v > top:
            best, top = g, v
    return str(best)


def _label(grouping: str, group: str) -> str:
    if grouping == "ethnic_category" and group in ETHNIC_CATEGORIES:
        return f"{group} {ETHNIC_CATEGORIES[group][0]}"
    return group


def _sums(frame: pd.DataFrame, keys: Sequence[str], values: Sequence[str]) -> dict[tuple, list]:
    """``{key tuple: [sum of each value]}`` in order of first appearance, as
    ``frame.groupby(keys, sort=False)[values].sum()`` gives them: rows with a missing key
    are dropped and missing values add nothing. Plain Python over the few rows of an
    aggregate costs far less than a pandas groupby."""
    out: dict[tuple, list] = {}
    key_cols = [frame[k].tolist() for k in keys]
    value_cols = [frame[v].tolist() for v in values]
    for key, vals in zip(zip(*key_cols, strict=True), zip(*value_cols, strict=True), strict=True):
        if any(pd.isna(k) for k in key):
            continue
        acc = out.get(key)
        if acc is None:
            acc = out[key] = [0] * len(values)
        for i, v in enumerate(vals):
            if not pd.isna(v):
                acc[i] += v
    return out


def _nested(frame: pd.DataFrame, keys: list[str], value: str = "n") -> dict:
    """{k1: {k2: … sum}} of ``value`` — plain dicts, so the loops avoid pandas overhead."""
    out: dict = {}
    for key, (v,) in _sums(frame, keys, [value]).items():
        d = out
        for k in key[:-1]:
            d = d.setdefault(k, {})
        d[key[-1]] = float(v)
    return out


def _pivot(frame: pd.DataFrame, grouping: str, values: Sequence[str]) -> pd.DataFrame:
    """``values`` summed per group of ``grouping``, a row per group in :func:`_order`."""
    sums = {
        group: v
        for (g, group), v in _sums(frame, ["grouping", "group"], values).items()
        if g == grouping
    }
    order = _order(grouping, list(sums))
    return pd.DataFrame(
        {
            c: np.array(
                [sums[g][i] for g in order],
                dtype=np.int64 if frame[c].dtype.kind in "iub" else np.float64,
            )
            for i, c in enumerate(values)
        },
        index=pd.Index(order, dtype=object, name="group"),
    )


def _frame_of(parts: Mapping[str, list]) -> pd.DataFrame:
    """One frame from columns given in chunks (lists of labels or numpy arrays): built
    once, it costs less than a small frame per chunk concatenated."""
    if not parts:
        pd.concat([])  # no chunks: the same error as concatenating no tables
    return pd.DataFrame(
        {
            k: (
                [v for chunk in chunks for v in chunk]
                if isinstance(chunks[0], list)
                else np.concatenate(chunks)
            )
            for k, chunks in parts.items()
        }
    )


def _attrs(
    frame: pd.DataFrame,
    title: str,
    counts: Sequence[str],
    statistic_of: Mapping[str, Sequence[str]] | None = None,
    pct_of: Mapping[str, tuple[str, str]] | None = None,
    note: str = "",
) -> pd.DataFrame:
    frame.attrs = {
        "title": title,
        "counts": list(counts),
        "statistic_of": dict(statistic_of or {}),
        "pct_of": dict(pct_of or {}),
        "note": note,
    }
    return frame


_RL_COLS = ("relative_likelihood", "lower95", "upper95", "outside_0_80_1_25")


def _comparison_columns(
    groups: list[str],
    grouping: str,
    num: str,
    den: str,
    x: np.ndarray,
    n: np.ndarray,
    ref: str | None,
) -> dict[str, Any]:
    """Columns per group with num/den, rate and relative likelihood vs ``ref`` (numpy)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(n > 0, x / np.where(n > 0, n, 1.0), np.nan)
    cols: dict[str, Any] = {
        "group": [_label(grouping, g) for g in groups],
        "reference": np.array([g == ref for g in groups]),
        den: n,
        num: x,
        f"{num}_per_{den}": rate,
    }
    rl = {k: np.full(len(groups), np.nan) for k in _RL_COLS[:3]}
    flag = np.full(len(groups), None, dtype=object)
    if ref is not None and ref in groups:
        idx = np.array([i for i, g in enumerate(groups) if g not in MISSING], dtype=np.int64)
        r = groups.index(ref)
        res = likelihoods(x[idx], n[idx], np.full(idx.size, x[r]), np.full(idx.size, n[r]))
        for k in _RL_COLS[:3]:
            rl[k][idx] = res[k]
        flag[idx] = res[_RL_COLS[3]]
    cols.update(rl)
    cols[_RL_COLS[3]] = flag
    return cols


@dataclass
class PackResult:
    """Named result tables (pandas, with ``attrs`` for disclosure) and metadata."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


def _two_group_rl(
    heads: pd.Series, events: pd.Series, group: str, ref: str, den: str, num: str
) -> dict[str, Any]:
    idx = _order("x", list(set(heads.index) | set(events.index)))
    known = [x for x in idx if x not in MISSING]
    unknown = [x for x in idx if x in MISSING]
    order = [x for x in (group, ref) if x in known] + [x for x in known if x not in (group, ref)]
    t = pd.DataFrame(
        {
            den: heads.reindex(order + unknown).fillna(0).to_numpy(),
            num: events.reindex(order + unknown).fillna(0).to_numpy(),
        },
        index=order + unknown,
    )
    if unknown:
        t.loc[UNKNOWN] = t.loc[unknown].sum()
        t = t.loc[[x for x in t.index if x != NOT_DECLARED]]
    t[f"{num}_per_{den}"] = np.where(t[den] > 0, t[num] / t[den].replace(0, 1), np.nan)
    g = t.reindex([group, ref]).fillna(0)
    res = likelihoods(
        [g.loc[group, num]], [g.loc[group, den]], [g.loc[ref, num]], [g.loc[ref, den]]
    )
    summary = {k: res[k][0] for k in _RL_COLS}
    text = ""
    if np.isfinite(summary["relative_likelihood"]):
        text = (
            f" = {summary['relative_likelihood']:.3f} (95% CI {summary['lower95']:.3f}–"
            f"{summary['upper95']:.3f})"
            + (" — outside 0.80–1.25" if summary["outside_0_80_1_25"] else "")
        )
    t.index.name = "group"
    return {"table": t.reset_index(), "summary": summary, "summary_text": text}


def _order_groupings(names: Any) -> list[str]:
    return [g for g in GROUPINGS if g in set(names)]
