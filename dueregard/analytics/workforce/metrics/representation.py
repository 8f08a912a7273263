"""Representation of each group in the workforce against a reference population
(percentage-point differences with Newcombe intervals)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..codes import GROUPINGS, MISSING, UNKNOWN, code_maps, normalise
from .measures import _wilson
from .tables import _attrs, _label, _nested, _order

_REF_CHARACTERISTICS = {
    "ethnicity": "ethnic_broad",
    "ethnic group": "ethnic_broad",
    "race": "ethnic_broad",
    "ethnic broad": "ethnic_broad",
    "ethnic category": "ethnic_category",
    "sex": "sex",
    "gender": "sex",
    "disability": "disability",
    "age": "age_band",
    "age band": "age_band",
    "religion": "religion",
    "religion or belief": "religion",
    "sexual orientation": "sexual_orientation",
    "marital status": "marital_status",
}


def _reference_groups(ref: pd.DataFrame) -> pd.DataFrame:
    maps = code_maps()
    rows = []
    for (char, group), count in ref.groupby(["characteristic", "group"])["count"].sum().items():
        col = _REF_CHARACTERISTICS.get(normalise(char), normalise(char).replace(" ", "_"))
        label = normalise(group)
        if col == "ethnic_broad":
            first = label.split(" ")[0] if label else ""
            value = {
                "white": "White",
                "mixed": "Mixed",
                "asian": "Asian",
                "black": "Black",
                "other": "Other",
                "arab": "Other",
            }.get(first, UNKNOWN)
        elif col == "age_band":
            value = str(group).strip()
        else:
            value = maps.get(col, {}).get(label, UNKNOWN)
        rows.append((col, value, float(count)))
    f = pd.DataFrame(rows, columns=["grouping", "group", "count"])
    return f.groupby(["grouping", "group"], as_index=False)["count"].sum()


def _representation(staff: pd.DataFrame, ref: pd.DataFrame) -> pd.DataFrame:
    refg = _reference_groups(ref)
    heads = _nested(staff, ["grouping", "group"])
    counts: dict[str, dict[str, float]] = {}
    for grouping, group, count in zip(
        refg["grouping"].tolist(), refg["group"].tolist(), refg["count"].tolist(), strict=True
    ):
        counts.setdefault(grouping, {})[group] = count
    rows = []
    for grouping, rp in counts.items():
        st = heads.get(grouping, {})
        known_st = {g: v for g, v in st.items() if g not in MISSING}
        known_rp = {g: v for g, v in rp.items() if g not in MISSING}
        groups = _order(grouping, sorted(set(known_st) | set(known_rp)))
        if not groups or sum(known_st.values()) == 0 or sum(known_rp.values()) == 0:
            continue
        x1 = np.array([known_st.get(g, 0.0) for g in groups], dtype=np.float64)
        x2 = np.array([known_rp.get(g, 0.0) for g in groups], dtype=np.float64)
        n1 = np.full(len(groups), x1.sum())
        n2 = np.full(len(groups), x2.sum())
        w1, w2 = _wilson(x1, n1), _wilson(x2, n2)
        d = w1["pct"] - w2["pct"]
        # Newcombe (1998) hybrid score interval for a difference of proportions.
        lo = d - np.sqrt(
            (w1["pct"] - w1["pct_lower95"]) ** 2 + (w2["pct_upper95"] - w2["pct"]) ** 2
        )
        hi = d + np.sqrt(
            (w1["pct_upper95"] - w1["pct"]) ** 2 + (w2["pct"] - w2["pct_lower95"]) ** 2
        )
        unknown = float(sum(v for g, v in st.items() if g in MISSING))
        for i, g in enumerate(groups):
            rows.append(
                {
                    "characteristic": GROUPINGS.get(grouping, (grouping,))[0],
                    "group": _label(grouping, g),
                    "staff": x1[i],
                    "staff_known": n1[i],
                    "staff_pct": w1["pct"][i],
                    "reference_pct": w2["pct"][i],
                    "difference_pp": d[i],
                    "difference_lower95": lo[i],
                    "difference_upper95": hi[i],
                    "significant": bool(lo[i] > 0 or hi[i] < 0),
                    "staff_unknown": unknown,
                }
            )
    t = pd.DataFrame(rows)
    return _attrs(
        t,
        "Representation against the reference population (percentage-point "
        "differences, Newcombe hybrid score 95% CI; unknowns excluded and counted)",
        ["staff", "staff_known", "staff_unknown"],
        pct_of={"staff_pct": ("staff", "staff_known")},
        statistic_of={
            k: ["staff"] for k in ("difference_pp", "difference_lower95", "difference_upper95")
        },
    )
