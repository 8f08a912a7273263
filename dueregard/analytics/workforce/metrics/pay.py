"""Pay gaps: the six gender pay gap figures (SI 2017/353) and ethnicity and disability
pay gaps against a reference group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..codes import ETHNIC_CATEGORIES, MISSING
from .measures import _gap, _mean, _weighted_median, round1
from .tables import _attrs, _label, _order

MIN_PAY_GROUP = 10


def quartile_shares(values: Any, male: Any, female: Any) -> tuple[np.ndarray, np.ndarray]:
    """Men and women in each pay quartile (counts, possibly fractional).

    People are ranked by hourly rate and split into four equal-sized bands (boundaries at
    N/4, N/2, 3N/4, fractional when N is not a multiple of 4). People sharing a rate that
    straddles a boundary are shared between the bands in their rate's male/female
    proportion (SI 2017/353 guidance).
    """
    values = np.asarray(values, dtype=np.float64)
    male = np.asarray(male, dtype=np.float64)
    female = np.asarray(female, dtype=np.float64)
    order = np.argsort(values, kind="stable")
    male, female = male[order], female[order]
    size = male + female
    end = np.cumsum(size)
    start = end - size
    total = end[-1] if end.size else 0.0
    men, women = np.zeros(4), np.zeros(4)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(size > 0, male / size, 0.0)
    for q in range(4):
        lo, hi = total * q / 4, total * (q + 1) / 4
        overlap = np.clip(np.minimum(end, hi) - np.maximum(start, lo), 0, None)
        men[q] = np.sum(overlap * share)
        women[q] = np.sum(overlap * (1 - share))
    return men, women


def gender_pay_gap(
    pay: pd.DataFrame, bonus: pd.DataFrame | None, relevant: Mapping[str, float]
) -> pd.DataFrame:
    """The six gender pay gap figures (one decimal place) from per-rate counts.

    ``pay``: rows (group, hourly, n) for Male/Female full-pay relevant employees;
    ``bonus``: rows (group, bonus_pay, n) of those paid a bonus; ``relevant``: number of
    relevant employees by sex (the denominators of the % paid a bonus).
    """

    def part(frame: pd.DataFrame | None, sex: str, col: str) -> tuple[np.ndarray, np.ndarray]:
        if frame is None or frame.empty:
            return np.array([]), np.array([])
        f = frame[frame["group"] == sex]
        return f[col].to_numpy(np.float64), f["n"].to_numpy(np.float64)

    mv, mc = part(pay, "Male", "hourly")
    fv, fc = part(pay, "Female", "hourly")
    rows = [
        ("Mean hourly pay gap (%)", _gap(_mean(mv, mc), _mean(fv, fc))),
        ("Median hourly pay gap (%)", _gap(_weighted_median(mv, mc), _weighted_median(fv, fc))),
    ]
    bmv, bmc = part(bonus, "Male", "bonus_pay")
    bfv, bfc = part(bonus, "Female", "bonus_pay")
    rows += [
        ("Mean bonus gap (%)", _gap(_mean(bmv, bmc), _mean(bfv, bfc))),
        ("Median bonus gap (%)", _gap(_weighted_median(bmv, bmc), _weighted_median(bfv, bfc))),
        (
            "Men paid a bonus (%)",
            100 * bmc.sum() / relevant.get("Male", np.nan) if relevant.get("Male") else np.nan,
        ),
        (
            "Women paid a bonus (%)",
            100 * bfc.sum() / relevant.get("Female", np.nan) if relevant.get("Female") else np.nan,
        ),
    ]
    rates = np.union1d(mv, fv)
    m = np.zeros(rates.size)
    f = np.zeros(rates.size)
    m[np.searchsorted(rates, mv)] = mc
    f[np.searchsorted(rates, fv)] = fc
    men, women = quartile_shares(rates, m, f)
    names = ("Lower", "Lower middle", "Upper middle", "Top")
    for q, name in enumerate(names):
        size = men[q] + women[q]
        rows.append((f"{name} quartile: men (%)", 100 * men[q] / size if size else np.nan))
        rows.append((f"{name} quartile: women (%)", 100 * women[q] / size if size else np.nan))
    frame = pd.DataFrame(rows, columns=["measure", "value"])
    frame["value"] = round1(frame["value"].to_numpy())
    frame.attrs = {
        "title": "Gender pay gap (SI 2017/353): the six figures",
        "counts": [],
        "statistic_of": {},
    }
    return frame


def _pay_groups(pay: pd.DataFrame, grouping: str, reference: str) -> pd.DataFrame:
    """Ethnicity / disability pay gaps against ``reference``; groups under 10 merged into
    their broad group (ethnicity) or withheld."""
    f = pay[pay["grouping"] == grouping]
    sizes = f.groupby("group")["n"].sum()
    undisclosed = float(sizes[[x for x in sizes.index if x in MISSING]].sum())
    units: list[tuple[str, list[str]]] = []
    if grouping == "ethnic_category":
        pending: dict[str, list[str]] = {}
        for code in ETHNIC_CATEGORIES:
            if code not in sizes.index:
                continue
            if sizes[code] >= MIN_PAY_GROUP or code == reference:
                units.append((_label(grouping, code), [code]))
            else:
                broad = ETHNIC_CATEGORIES[code][1]
                pending.setdefault(broad, []).append(code)
        for broad, codes in pending.items():
            units.append((f"{broad} (merged: {', '.join(codes)})", codes))
    else:
        units = [(g, [g]) for g in _order(grouping, list(sizes.index)) if g not in MISSING]

    # Each unit's rows selected by numpy on the groups' codes, in the rows' order.
    code_of, names = pd.factorize(f["group"])
    hourly, count = f["hourly"].to_numpy(float), f["n"].to_numpy(float)

    def stats(codes: list[str]) -> tuple[float, float, float]:
        keep = np.isin(code_of, [i for i, name in enumerate(names) if name in codes])
        v, c = hourly[keep], count[keep]
        return c.sum(), _mean(v, c), _weighted_median(v, c)

    ref_codes = next((c for label, c in units if reference in c), [reference])
    rn, rmean, rmedian = stats(ref_codes)
    rows = []
    for label, codes in units:
        n, mean, median = stats(codes)
        shown = n >= MIN_PAY_GROUP and rn >= MIN_PAY_GROUP
        rows.append(
            {
                "group": label,
                "people": n,
                "mean_hourly": round(mean, 2) if shown else np.nan,
                "median_hourly": round(median, 2) if shown else np.nan,
                "mean_gap_pct": float(round1(_gap(rmean, mean))) if shown else np.nan,
                "median_gap_pct": float(round1(_gap(rmedian, median))) if shown else np.nan,
                "reference": reference in codes,
                "note": "" if shown else f"withheld: fewer than {MIN_PAY_GROUP} people",
            }
        )
    # Each figure in its own column: the people who did not disclose are counted, with
    # no figure in the gap columns (a share of staff is not a pay gap).
    rows.append(
        {
            "group": "Did not disclose",
            "people": undisclosed,
            "mean_hourly": np.nan,
            "median_hourly": np.nan,
            "mean_gap_pct": np.nan,
            "median_gap_pct": np.nan,
            "reference": False,
            "note": "no pay gap: the group is not known",
        }
    )
    return pd.DataFrame(rows)


def pay_gap_tables(aggs: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The gender pay gap figures and the ethnicity and disability pay gaps."""
    tables: dict[str, pd.DataFrame] = {}
    pay = aggs["pay"]
    bonus = aggs.get("bonus")
    staff = aggs["staff"]
    relevant = staff[staff["grouping"] == "sex"].groupby("group")["n"].sum().to_dict()
    tables["gender_pay_gap"] = gender_pay_gap(
        pay[pay["grouping"] == "sex"],
        bonus[bonus["grouping"] == "sex"] if bonus is not None else None,
        relevant,
    )
    for grouping, ref, title in (
        ("ethnic_category", "A", "Ethnicity pay gap against White British"),
        ("disability", "Non-disabled", "Disability pay gap against non-disabled staff"),
    ):
        if (pay["grouping"] == grouping).any():
            t = _pay_groups(pay, grouping, ref)
            tables[f"{grouping.split('_')[0]}_pay_gap"] = _attrs(
                t,
                f"{title} (hourly pay, full-pay relevant staff; groups under "
                f"{MIN_PAY_GROUP} merged or withheld)",
                ["people"],
                statistic_of={
                    k: ["people"]
                    for k in ("mean_hourly", "median_hourly", "mean_gap_pct", "median_gap_pct")
                },
            )
    return tables
