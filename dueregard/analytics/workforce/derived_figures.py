"""Derived figures of the workforce tables under disclosure control.

Every percentage, ratio, relative likelihood, Wilson limit, percentage-point difference
and table summary printed beside the published counts is recomputed here from those
published counts (:mod:`dueregard.analytics.derived`), or suppressed when it rests on a
suppressed count. Which counts a figure is built from comes from the table's ``attrs``
(``pct_of``, ``statistic_of``) and its column names (``<num>_per_<den>``, the
relative-likelihood columns); a ratio named otherwise is recognised from the exact
figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import derived

SYMBOL = "*"
_RL_COLS = ("relative_likelihood", "lower95", "upper95", "outside_0_80_1_25")
# Relative-likelihood column prefixes of the funnel table -> (numerator, denominator).
_RL_PREFIXES = {
    "shortlisting_": ("shortlisted", "applied"),
    "appointment_": ("appointed", "shortlisted"),
}
_WILSON = ("pct", "pct_lower95", "pct_upper95")


def show(value: float, hidden: bool) -> Any:
    return SYMBOL if hidden or not np.isfinite(value) else float(value)


def _ratio_columns(frame: pd.DataFrame, counts: list[str], attrs: dict) -> dict[str, tuple]:
    """Derived columns that are one count over another: ``<num>_per_<den>`` and the
    ``statistic_of`` columns over two counts that the exact figures show to be a ratio."""
    found: dict[str, tuple[str, str]] = {}
    for col in frame.columns:
        num, _, den = str(col).partition("_per_")
        if den and num in counts and den in counts:
            found[col] = (num, den)
    for col, deps in attrs.get("statistic_of", {}).items():
        pair = [d for d in deps if d in counts]
        if col in found or col not in frame.columns or len(pair) != 2:
            continue
        values = pd.to_numeric(frame[col], errors="coerce").to_numpy(float)
        for num, den in (pair, pair[::-1]):
            with np.errstate(invalid="ignore", divide="ignore"):
                exact = frame[num].to_numpy(float) / frame[den].to_numpy(float)
            both = np.isfinite(values) & np.isfinite(exact)
            if both.any() and np.allclose(values[both], exact[both]):
                found[col] = (num, den)
                break
    return found


def _reference_rows(frame: pd.DataFrame) -> pd.Series:
    """Each row's reference row label (within its characteristic block), or None."""
    if "reference" not in frame.columns:
        return pd.Series(None, index=frame.index, dtype=object)
    blocks = (
        frame["characteristic"]
        if "characteristic" in frame.columns
        else pd.Series(0, index=frame.index)
    )
    refs = {
        b: i for i, b in zip(frame.index, blocks, strict=True) if bool(frame.at[i, "reference"])
    }
    return pd.Series([refs.get(b) for b in blocks], index=frame.index, dtype=object)


@dataclass
class _Table:
    frame: pd.DataFrame  # exact
    out: pd.DataFrame  # as published (object cells)
    published: pd.DataFrame  # published counts (float, nan where hidden)
    hidden: pd.DataFrame
    attrs: dict
    handled: set[str] = field(default_factory=set)

    def gone(self, i, *cols) -> bool:
        return any(bool(self.hidden.at[i, c]) for c in cols if c in self.hidden.columns)


def derive(
    frame: pd.DataFrame,
    out: pd.DataFrame,
    published: pd.DataFrame,
    hidden: pd.DataFrame,
    attrs: dict,
) -> None:
    """Every derived figure recomputed from the published counts (:mod:`..derived`), or
    suppressed when it rests on a suppressed count; so no figure printed beside a rounded
    count gives the exact count back."""
    t = _Table(frame, out, published, hidden, attrs)
    ratios = _rates(t)
    _likelihoods(t, ratios)
    _wilson(t)
    _differences(t)
    for col, deps in attrs.get("statistic_of", {}).items():
        if col in frame.columns and col not in t.handled:
            mask = hidden[[d for d in deps if d in hidden.columns]].any(axis=1)
            out.loc[mask, col] = SYMBOL
    _summary(frame, published, hidden, attrs, ratios)


def _rates(t: _Table) -> dict[str, tuple[str, str]]:
    frame, out, published, attrs, gone = t.frame, t.out, t.published, t.attrs, t.gone
    counts = list(published.columns)
    for col, (num, den) in attrs.get("pct_of", {}).items():
        if col in frame.columns:
            pct = derived.ratio(published[num], published[den], scale=100)
            out[col] = [show(p, gone(i, num, den)) for i, p in zip(frame.index, pct, strict=True)]
            t.handled.add(col)
    ratios = _ratio_columns(frame, counts, attrs)
    for col, (num, den) in ratios.items():
        value = derived.ratio(published[num], published[den])
        out[col] = [show(v, gone(i, num, den)) for i, v in zip(frame.index, value, strict=True)]
        t.handled.add(col)
    return ratios


def _likelihoods(t: _Table, ratios: dict[str, tuple[str, str]]) -> None:
    frame, out, published, gone = t.frame, t.out, t.published, t.gone
    refs = _reference_rows(frame)
    per = [c for c in ratios if "_per_" in c and not c.startswith(tuple(_RL_PREFIXES))]
    prefixes = {"": ratios[per[0]] if len(per) == 1 else None, **_RL_PREFIXES}
    for prefix, pair in prefixes.items():
        cols = [f"{prefix}{k}" for k in _RL_COLS]
        if pair is None or cols[0] not in frame.columns:
            continue
        num, den = pair
        ref_num = [published.at[r, num] if r is not None else np.nan for r in refs]
        ref_den = [published.at[r, den] if r is not None else np.nan for r in refs]
        rl = derived.likelihood(published[num], published[den], ref_num, ref_den)
        for col, key in zip(cols, ("value", "lower", "upper", "outside_band"), strict=True):
            values = rl[key]
            out[col] = [
                SYMBOL
                if gone(i, num, den) or (r is not None and gone(r, num, den))
                else (None if v is None or (isinstance(v, float) and not np.isfinite(v)) else v)
                for i, r, v in zip(frame.index, refs, values, strict=True)
            ]
            t.handled.add(col)


def _wilson(t: _Table) -> None:
    """Survey percentages and their Wilson limits."""
    frame, out, published, gone = t.frame, t.out, t.published, t.gone
    deps = t.attrs.get("statistic_of", {}).get("pct", [])
    if not all(c in frame.columns for c in _WILSON) or len(deps) != 2:
        return
    value, lower, upper = derived.proportion_interval(published[deps[0]], published[deps[1]])
    for col, v in zip(_WILSON, (value, lower, upper), strict=True):
        out[col] = [show(x, gone(i, *deps)) for i, x in zip(frame.index, v, strict=True)]
        t.handled.add(col)


def _differences(t: _Table) -> None:
    """Percentage-point differences: the board against the workforce (WRES 9, WDES 10),
    the workforce against a reference population."""
    frame, out, gone, handled = t.frame, t.out, t.gone, t.handled
    if "difference_pp" in frame.columns and any(c.endswith(" %") for c in handled):
        pct_col = next(c for c in handled if c.endswith(" %"))
        overall = [i for i in frame.index if pd.isna(frame.at[i, "difference_pp"])]
        if overall:
            base = out.at[overall[-1], pct_col]
            out["difference_pp"] = [
                None
                if i == overall[-1]
                else (
                    SYMBOL
                    if base == SYMBOL or out.at[i, pct_col] == SYMBOL
                    else float(out.at[i, pct_col]) - float(base)
                )
                for i in frame.index
            ]
            handled.add("difference_pp")
    if "staff_pct" in handled and "reference_pct" in frame.columns:
        diff = pd.to_numeric(out["staff_pct"], errors="coerce") - frame["reference_pct"]
        out["difference_pp"] = [show(d, gone(i, "staff")) for i, d in diff.items()]
        for col in ("difference_lower95", "difference_upper95"):
            out[col] = SYMBOL  # the exact staff counts' interval: not published
        handled |= {"difference_pp", "difference_lower95", "difference_upper95"}


def _summary(frame, published, hidden, attrs, ratios) -> None:
    """A table's one-figure summary (its title's relative likelihood) recomputed from the
    published counts of the two rows it compares (found from the exact figures)."""
    summary = attrs.get("summary")
    if summary is None:
        return
    target = float(summary.get("relative_likelihood", np.nan))
    title = attrs["title"].split(" = ")[0]
    if not np.isfinite(target):
        attrs["title"] = title
        return
    for num, den in ratios.values():
        x, n = frame[num].to_numpy(float), frame[den].to_numpy(float)
        for i in range(len(frame)):
            for j in range(len(frame)):
                if i == j or n[i] <= 0 or n[j] <= 0:
                    continue
                if not np.isclose((x[i] / n[i]) / (x[j] / n[j]) if x[j] else np.nan, target):
                    continue
                rows = [frame.index[i], frame.index[j]]
                if hidden.loc[rows, [num, den]].to_numpy().any():
                    break
                rl = derived.likelihood(
                    published.at[rows[0], num],
                    published.at[rows[0], den],
                    published.at[rows[1], num],
                    published.at[rows[1], den],
                )
                value, lo, hi = (float(rl[k][0]) for k in ("value", "lower", "upper"))
                if not np.isfinite(value):
                    break
                outside = bool(rl["outside_band"][0])
                attrs["summary"] = {
                    "relative_likelihood": value,
                    "lower95": lo,
                    "upper95": hi,
                    "outside_0_80_1_25": outside,
                }
                attrs["title"] = f"{title} = {value:.2f} (95% CI {lo:.2f}–{hi:.2f})" + (
                    " — outside 0.80–1.25" if outside else ""
                )
                return
    attrs["summary"] = {k: np.nan for k in _RL_COLS}
    attrs["title"] = title + " — not shown: small numbers"
