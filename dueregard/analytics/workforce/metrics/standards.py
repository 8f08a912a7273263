"""WRES indicators 1-9 and WDES metrics 1-10 from the versioned definitions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..codes import MISSING, NOT_DECLARED, PAY_GRADES, UNKNOWN
from ..definitions import Standard
from ..importers import Period
from .measures import _mean, _wilson, likelihoods
from .queries import _survey_long
from .tables import _RL_COLS, _attrs, _pivot, _sums, _two_group_rl


def _standard_tables(
    std: Standard, aggs: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, pd.DataFrame]:
    """Every table of ``std`` (WRES or WDES) that the aggregates allow, in the standard's
    order."""
    tables: dict[str, pd.DataFrame] = {}
    for build in (_pay_bands, _appointed, _formal_process, _training, _survey, _engagement, _board):
        tables.update(build(std, aggs, period))
    return tables


def _pay_bands(
    std: Standard, aggs: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, pd.DataFrame]:
    """Indicator (WRES) or metric (WDES) 1: staff in each pay band, clinical and non-clinical."""
    g, grp, ref = std.grouping, std.group, std.reference
    name = std.name
    tables: dict[str, pd.DataFrame] = {}
    bands = aggs.get("bands")
    if bands is not None:
        b = bands[~bands["bank"]] if std.exclude_bank else bands
        cols = [grp, ref, UNKNOWN] if name == "WDES" else [ref, grp, UNKNOWN]
        # Staff per (cluster, pay band, group), not declared counted as unknown.
        known_cluster = bool(b["clinical"].notna().any())
        keys = ["clinical", "pay_grade", g] if known_cluster else ["pay_grade", g]
        counts: dict[tuple, dict[str, Any]] = {}
        for (*band, group), (n,) in _sums(b, keys, ["n"]).items():
            per = counts.setdefault(tuple(band), {})
            col = UNKNOWN if group in MISSING else group
            per[col] = per.get(col, 0) + n
        rows = []
        for clinical in (False, True) if known_cluster else (None,):
            cluster = (
                "All staff" if clinical is None else ("Clinical" if clinical else "Non-clinical")
            )
            for grade in PAY_GRADES:
                per = counts.get((clinical, grade) if known_cluster else (grade,))
                if per is not None:
                    rows.append(
                        {
                            "cluster": cluster,
                            "pay_grade": grade,
                            **{c: int(per.get(c, 0)) for c in cols},
                        }
                    )
        t = pd.DataFrame(rows, columns=["cluster", "pay_grade", *cols])
        t["Total"] = t[cols].sum(axis=1)
        pct = {}
        for c in cols:
            t[f"{c} %"] = np.where(t["Total"] > 0, 100 * t[c] / t["Total"].replace(0, 1), np.nan)
            pct[f"{c} %"] = (c, "Total")
        tables[f"{name.lower()}1"] = _attrs(
            t,
            f"{name} {'metric' if name == 'WDES' else 'indicator'} 1: staff in each pay band"
            f" by {'disability' if name == 'WDES' else 'ethnicity'}, clinical and non-clinical"
            + (" (bank staff excluded)" if std.exclude_bank else ""),
            [*cols, "Total"],
            pct_of=pct,
        )
        whole = t[[*cols, "Total"]].sum().to_frame().T.astype(int)
        whole.insert(0, "population", "Whole workforce")
        for c in cols:
            whole[f"{c} %"] = np.where(
                whole["Total"] > 0, 100 * whole[c] / whole["Total"].replace(0, 1), np.nan
            )
        what = "disability" if name == "WDES" else "ethnicity"
        tables[f"{name.lower()}1_all"] = _attrs(
            whole,
            f"{name} {'metric' if name == 'WDES' else 'indicator'} 1: the whole workforce by "
            f"{what} (count and percentage of all staff)"
            + (" (bank staff excluded)" if std.exclude_bank else ""),
            [*cols, "Total"],
            pct_of=pct,
        )
    return tables


def _appointed(
    std: Standard, aggs: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, pd.DataFrame]:
    """2: the likelihood of being appointed from shortlisting."""
    g, grp, ref = std.grouping, std.group, std.reference
    name = std.name
    tables: dict[str, pd.DataFrame] = {}
    rec = aggs.get("recruitment")
    if rec is not None and (rec["grouping"] == g).any():
        per = _pivot(rec, g, ["applied", "shortlisted", "appointed"])
        per.loc[UNKNOWN] = (
            per.loc[[x for x in per.index if x in MISSING]].sum()
            if any(x in per.index for x in MISSING)
            else 0
        )
        per = per.loc[[x for x in per.index if x != NOT_DECLARED]]
        a = per.reindex([ref, grp]).fillna(0)
        res = likelihoods(
            [a.loc[ref, "appointed"]],
            [a.loc[ref, "shortlisted"]],
            [a.loc[grp, "appointed"]],
            [a.loc[grp, "shortlisted"]],
        )
        t = per.reset_index().rename(columns={"index": "group", "group": "group"})
        t.columns = ["group", *per.columns]
        t["appointed_from_shortlisting"] = np.where(
            t["shortlisted"] > 0, t["appointed"] / t["shortlisted"].replace(0, 1), np.nan
        )
        summary = {k: res[k][0] for k in _RL_COLS}
        outside = " — outside 0.80–1.25" if summary["outside_0_80_1_25"] else ""
        t.attrs = {}
        tables[f"{name.lower()}2"] = _attrs(
            t,
            f"{name} 2: relative likelihood of {ref.lower()} applicants being appointed "
            f"from shortlisting compared to {grp if grp == 'BME' else grp.lower()} applicants"
            f" = {summary['relative_likelihood']:.3f} (95% CI {summary['lower95']:.3f}–"
            f"{summary['upper95']:.3f}){outside}",
            ["applied", "shortlisted", "appointed"],
            statistic_of={"appointed_from_shortlisting": ["appointed", "shortlisted"]},
            note="Unknown includes not declared; excluded from the ratio.",
        )
        tables[f"{name.lower()}2"].attrs["summary"] = summary
    return tables


def _formal_process(
    std: Standard, aggs: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, pd.DataFrame]:
    """3: the likelihood of entering the formal disciplinary or capability process."""
    g, grp, ref = std.grouping, std.group, std.reference
    name = std.name
    tables: dict[str, pd.DataFrame] = {}
    staff = aggs.get("staff")
    if staff is not None and aggs.get("cases") is not None:
        st = staff[staff["grouping"] == g]
        if std.exclude_bank:
            st = st[~st["bank"]]
        heads = st.groupby("group")["n"].sum()
        cs = aggs["cases"]
        cs = cs[(cs["grouping"] == g) & (cs["process"] == std.case_type)]
        entered = cs.groupby("group")["n"].sum()
        t = _two_group_rl(heads, entered, grp, ref, "staff", "entered")
        what = (
            "entering the formal disciplinary process"
            if std.case_type == "disciplinary"
            else "entering the formal capability process (performance only)"
        )
        tables[f"{name.lower()}3"] = _attrs(
            t["table"],
            f"{name} 3: relative likelihood of {grp if grp == 'BME' else grp.lower()}"
            f" staff {what} compared to {ref.lower()} staff, two-year rolling "
            f"({period.window(std.window_years)[0]:%d %B %Y} to {period.end:%d %B %Y})"
            + t["summary_text"],
            ["staff", "entered"],
            statistic_of={"entered_per_staff": ["staff", "entered"]},
        )
        tables[f"{name.lower()}3"].attrs["summary"] = t["summary"]
    return tables


def _training(
    std: Standard, aggs: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, pd.DataFrame]:
    """WRES 4: the likelihood of accessing non-mandatory training and CPD."""
    g, grp, ref = std.grouping, std.group, std.reference
    name = std.name
    tables: dict[str, pd.DataFrame] = {}
    staff = aggs.get("staff")
    if name == "WRES" and staff is not None and aggs.get("training") is not None:
        st = staff[staff["grouping"] == g]
        heads = st.groupby("group")["n"].sum()
        tr = aggs["training"]
        accessed = tr[tr["grouping"] == g].groupby("group")["n"].sum()
        t = _two_group_rl(heads, accessed, ref, grp, "staff", "accessed")
        tables["wres4"] = _attrs(
            t["table"],
            "WRES 4: relative likelihood of White staff accessing non-mandatory "
            "training and CPD compared to BME staff" + t["summary_text"],
            ["staff", "accessed"],
            statistic_of={"accessed_per_staff": ["staff", "accessed"]},
        )
        tables["wres4"].attrs["summary"] = t["summary"]
    return tables


def _survey(
    std: Standard, aggs: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, pd.DataFrame]:
    """The NHS Staff Survey indicators (WRES 5-8, WDES 4-8)."""
    grp, ref = std.group, std.reference
    name = std.name
    tables: dict[str, pd.DataFrame] = {}
    sv = aggs.get("survey")
    if sv is not None and not sv.empty and "standard" not in sv.columns:
        sv = _survey_long(sv, [std])
    if sv is not None and not sv.empty:
        sums = _sums(sv, ["standard", "item", "group"], ["positive", "answered"])
        rows = []
        for item in std.survey:
            for group in [grp, ref] if item.groups is None else list(item.groups):
                positive, answered = sums.get((name, item.code, group), (0, 0))
                rows.append(
                    {
                        "indicator": item.code,
                        "title": item.title,
                        "group": group,
                        "positive": int(positive),
                        "answered": int(answered),
                    }
                )
        t = pd.DataFrame(rows)
        if not t.empty:
            w = _wilson(t["positive"], t["answered"])
            for k, v in w.items():
                t[k] = v
        number = "5-8" if name == "WRES" else "4-8"
        tables[f"{name.lower()}_survey"] = _attrs(
            t,
            f"{name} {number}: NHS Staff Survey percentages by group (Wilson 95% CI)",
            ["positive", "answered"],
            statistic_of={
                k: ["positive", "answered"] for k in ("pct", "pct_lower95", "pct_upper95")
            },
        )
    return tables


def _engagement(
    std: Standard, aggs: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, pd.DataFrame]:
    """WDES 9: the staff engagement score."""
    g, grp, ref = std.grouping, std.group, std.reference
    name = std.name
    tables: dict[str, pd.DataFrame] = {}
    eng = aggs.get("engagement")
    if name == "WDES" and eng is not None and not eng.empty:
        rows = []
        for group in [grp, ref]:
            e = eng[(eng["grouping"] == g) & (eng["group"] == group)]
            v, c = e["answer_value"].to_numpy(float), e["n"].to_numpy(float)
            rows.append(
                {
                    "group": group,
                    "respondents": int(c.sum()),
                    "engagement_score": round(_mean(v, c), 2) if c.sum() else np.nan,
                }
            )
        t = pd.DataFrame(rows)
        tables["wdes9"] = _attrs(
            t,
            "WDES 9a: staff engagement score (0–10) by group",
            ["respondents"],
            statistic_of={"engagement_score": ["respondents"]},
            note="WDES 9b, how the organisation hears disabled staff's voices, is the "
            "organisation's own narrative: it is written, not computed.",
        )
    return tables


def _board(
    std: Standard, aggs: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, pd.DataFrame]:
    """WRES 9 and WDES 10: the board against the overall workforce."""
    g, grp = std.grouping, std.group
    name = std.name
    tables: dict[str, pd.DataFrame] = {}
    staff = aggs.get("staff")
    if staff is not None:
        # Staff per group in each population: the board's voting, executive and all
        # members (a flag counts as pandas' astype(bool) counts it) and the whole workforce.
        populations = (
            "Board: voting members",
            "Board: executive members",
            "Board: all members",
            "Overall workforce",
        )
        sums: list[dict[str, Any]] = [{} for _ in populations]
        given = False
        for grouping, bank, voting, executive, member, group, n in zip(
            *(
                staff[c].tolist()
                for c in (
                    "grouping",
                    "bank",
                    "board_voting",
                    "board_executive",
                    "board_member",
                    "group",
                    "n",
                )
            ),
            strict=True,
        ):
            if pd.isna(grouping) or grouping != g or (std.exclude_bank and bank):
                continue
            member_of = (bool(voting), bool(executive), bool(member), True)
            given = given or any(member_of[:3])
            if pd.isna(group):
                continue
            for s, m in zip(sums, member_of, strict=True):
                if m:
                    s[group] = s.get(group, 0) + (0 if pd.isna(n) else n)
        note = (
            ""
            if given
            else "No board membership was given in the staff file, so the board rows are "
            "omitted; add the board member, voting and executive columns to compare."
        )
        rows = []
        for label, s in zip(populations, sums, strict=True):
            if not given and label != populations[-1]:
                continue
            known = int(sum(v for x, v in s.items() if x not in MISSING))
            n_grp = int(s.get(grp, 0))
            rows.append(
                {
                    "population": label,
                    grp: n_grp,
                    "known": known,
                    "unknown": int(sum(v for x, v in s.items() if x in MISSING)),
                    f"{grp} %": 100 * n_grp / known if known else np.nan,
                }
            )
        t = pd.DataFrame(rows)
        overall = t[f"{grp} %"].iloc[-1]
        t["difference_pp"] = t[f"{grp} %"] - overall
        t.loc[t.index[-1], "difference_pp"] = np.nan
        number = 9 if name == "WRES" else 10
        tables[f"{name.lower()}{number}"] = _attrs(
            t,
            f"{name} {number}: percentage difference between the board's {grp} membership "
            "and the overall workforce (percentage points; unknown excluded)",
            [grp, "known", "unknown"],
            pct_of={f"{grp} %": (grp, "known")},
            statistic_of={"difference_pp": [grp, "known"]},
            note=note,
        )
    return tables
