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
    """One figure as published: itself, or the symbol where it is hidden or not finite."""
    return _shown([value], np.array([hidden]))[0]


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


#: Columns whose values split a table into blocks, each with its own reference row and
#: its own disclosure-control table (e.g. each formal process × characteristic).
BLOCKS = ("process", "characteristic", "indicator", "cluster")


def _reference_rows(frame: pd.DataFrame) -> np.ndarray:
    """Each row's reference row position (the last reference row of its block: the same
    process, characteristic, indicator and cluster), or -1."""
    if "reference" not in frame.columns:
        return np.full(len(frame), -1)
    cols = [c for c in BLOCKS if c in frame.columns]
    blocks = (
        list(zip(*(frame[c].tolist() for c in cols), strict=True)) if cols else [()] * len(frame)
    )
    refs = {
        b: i for i, (b, r) in enumerate(zip(blocks, frame["reference"].tolist(), strict=True)) if r
    }
    return np.array([refs.get(b, -1) for b in blocks], dtype=np.intp)


@dataclass
class Counts:
    """A table's published counts by row position: ``published`` (float, nan where
    hidden) and ``hidden`` (bool), one column per name in ``names``."""

    names: list[str]
    published: np.ndarray
    hidden: np.ndarray
    _gone: dict[tuple, np.ndarray] = field(default_factory=dict, repr=False)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.published[:, self.names.index(name)]

    def gone(self, *names: str) -> np.ndarray:
        """Rows where a figure resting on ``names`` rests on a hidden count (names that
        are not counts are ignored); computed once per set of names."""
        if names not in self._gone:
            cols = [j for j, c in enumerate(self.names) if c in names]
            self._gone[names] = self.hidden[:, cols].any(axis=1)
        return self._gone[names]


def _shown(values: Any, gone: np.ndarray) -> list:
    """:func:`show` of every row: the figure, or the symbol where it is hidden or not
    finite."""
    values = np.asarray(values, dtype=float)
    keep = (np.isfinite(values) & ~gone).tolist()
    return [v if k else SYMBOL for v, k in zip(values.tolist(), keep, strict=True)]


@dataclass
class _Table:
    frame: pd.DataFrame  # exact
    out: pd.DataFrame  # as published (object cells)
    counts: Counts
    attrs: dict
    handled: set[str] = field(default_factory=set)


def derive(frame: pd.DataFrame, out: pd.DataFrame, counts: Counts, attrs: dict) -> None:
    """Every derived figure recomputed from the published counts (:mod:`..derived`), or
    suppressed when it rests on a suppressed count; so no figure printed beside a rounded
    count gives the exact count back."""
    t = _Table(frame, out, counts, attrs)
    ratios = _rates(t)
    _likelihoods(t, ratios)
    _wilson(t)
    _differences(t)
    for col, deps in attrs.get("statistic_of", {}).items():
        if col in frame.columns and col not in t.handled:
            mask = counts.gone(*deps)
            if mask.any():
                out.iloc[np.flatnonzero(mask), out.columns.get_loc(col)] = SYMBOL
    _summary(t, ratios)


def _rates(t: _Table) -> dict[str, tuple[str, str]]:
    frame, out, counts, attrs = t.frame, t.out, t.counts, t.attrs
    for col, (num, den) in attrs.get("pct_of", {}).items():
        if col in frame.columns:
            pct = derived.ratio(counts[num], counts[den], scale=100)
            out[col] = _shown(pct, counts.gone(num, den))
            t.handled.add(col)
    ratios = _ratio_columns(frame, counts.names, attrs)
    for col, (num, den) in ratios.items():
        value = derived.ratio(counts[num], counts[den])
        out[col] = _shown(value, counts.gone(num, den))
        t.handled.add(col)
    return ratios


def _likelihoods(t: _Table, ratios: dict[str, tuple[str, str]]) -> None:
    frame, out, counts = t.frame, t.out, t.counts
    refs = _reference_rows(frame)
    has_ref = refs >= 0
    per = [c for c in ratios if "_per_" in c and not c.startswith(tuple(_RL_PREFIXES))]
    prefixes = {"": ratios[per[0]] if len(per) == 1 else None, **_RL_PREFIXES}
    for prefix, pair in prefixes.items():
        cols = [f"{prefix}{k}" for k in _RL_COLS]
        if pair is None or cols[0] not in frame.columns:
            continue
        num, den = pair
        x, n, gone = counts[num], counts[den], counts.gone(num, den)
        ref_num = np.where(has_ref, x[refs], np.nan)
        ref_den = np.where(has_ref, n[refs], np.nan)
        hide = (gone | (has_ref & gone[refs])).tolist()
        rl = derived.likelihood(x, n, ref_num, ref_den)
        for col, key in zip(cols, ("value", "lower", "upper", "outside_band"), strict=True):
            out[col] = [
                SYMBOL
                if h
                else (None if v is None or (isinstance(v, float) and not np.isfinite(v)) else v)
                for h, v in zip(hide, rl[key], strict=True)
            ]
            t.handled.add(col)


def _wilson(t: _Table) -> None:
    """Survey percentages and their Wilson limits."""
    frame, out, counts = t.frame, t.out, t.counts
    deps = t.attrs.get("statistic_of", {}).get("pct", [])
    if not all(c in frame.columns for c in _WILSON) or len(deps) != 2:
        return
    value, lower, upper = derived.proportion_interval(counts[deps[0]], counts[deps[1]])
    gone = counts.gone(*deps)
    for col, v in zip(_WILSON, (value, lower, upper), strict=True):
        out[col] = _shown(v, gone)
        t.handled.add(col)


def _differences(t: _Table) -> None:
    """Percentage-point differences: the board against the workforce (WRES 9, WDES 10),
    the workforce against a reference population."""
    frame, out, handled = t.frame, t.out, t.handled
    if "difference_pp" in frame.columns and any(c.endswith(" %") for c in handled):
        pct_col = next(c for c in handled if c.endswith(" %"))
        overall = np.flatnonzero(frame["difference_pp"].isna().to_numpy())
        if len(overall):
            last = int(overall[-1])
            pct = out[pct_col].tolist()
            base = pct[last]
            out["difference_pp"] = [
                None
                if i == last
                else (SYMBOL if base == SYMBOL or p == SYMBOL else float(p) - float(base))
                for i, p in enumerate(pct)
            ]
            handled.add("difference_pp")
    if "staff_pct" in handled and "reference_pct" in frame.columns:
        diff = pd.to_numeric(out["staff_pct"], errors="coerce") - frame["reference_pct"]
        out["difference_pp"] = _shown(diff, t.counts.gone("staff"))
        for col in ("difference_lower95", "difference_upper95"):
            out[col] = SYMBOL  # the exact staff counts' interval: not published
        handled |= {"difference_pp", "difference_lower95", "difference_upper95"}


def _summary(t: _Table, ratios: dict[str, tuple[str, str]]) -> None:
    """A table's one-figure summary (its title's relative likelihood) recomputed from the
    published counts of the two rows it compares (found from the exact figures): the
    first pair of rows (in row order) whose exact relative likelihood is the summary's."""
    frame, attrs, counts = t.frame, t.attrs, t.counts
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
        with np.errstate(invalid="ignore", divide="ignore"):
            p = x / n
            rl = np.where(x[None, :] != 0, p[:, None] / p[None, :], np.nan)
        ok = (n[:, None] > 0) & (n[None, :] > 0) & ~np.eye(len(x), dtype=bool)
        gone = counts.gone(num, den)
        skipped = -1  # a row whose further pairs are passed over
        for i, j in zip(*np.nonzero(ok & np.isclose(rl, target)), strict=True):
            if i == skipped:
                continue
            skipped = i
            if gone[i] or gone[j]:
                continue
            r = derived.likelihood(counts[num][i], counts[den][i], counts[num][j], counts[den][j])
            value, lo, hi = (float(r[k][0]) for k in ("value", "lower", "upper"))
            if not np.isfinite(value):
                continue
            outside = bool(r["outside_band"][0])
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
