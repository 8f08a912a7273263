"""Plain pandas / numpy implementations the statistics benchmark times against ours."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from bench._stats_common import LEVELS


def pandas_wilson(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({"value": df.x / df.n})
    for c in LEVELS:
        z = sps.norm.ppf(0.5 + c / 2)
        centre = 2 * df.x + z * z
        spread = z * np.sqrt(z * z + 4 * df.x * (1 - df.x / df.n))
        denom = 2 * (df.n + z * z)
        out[f"lo{c}"] = (centre - spread) / denom
        out[f"hi{c}"] = (centre + spread) / denom
    return out


def pandas_rates(df: pd.DataFrame, multiplier: float = 100_000) -> pd.DataFrame:
    out = pd.DataFrame({"value": df.x / df.n * multiplier})
    small = df.x < 10
    for c in LEVELS:
        z = sps.norm.ppf(0.5 + c / 2)
        a = 1 - c
        exact_lo = sps.chi2.ppf(a / 2, 2 * df.x) / 2
        exact_hi = sps.chi2.ppf(1 - a / 2, 2 * df.x + 2) / 2
        byars_lo = df.x * (1 - 1 / (9 * df.x) - z / (3 * np.sqrt(df.x))) ** 3
        byars_hi = (df.x + 1) * (1 - 1 / (9 * (df.x + 1)) + z / (3 * np.sqrt(df.x + 1))) ** 3
        out[f"lo{c}"] = np.where(small, exact_lo, byars_lo) / df.n * multiplier
        out[f"hi{c}"] = np.where(small, exact_hi, byars_hi) / df.n * multiplier
    return out


def pandas_dsr(df: pd.DataFrame, multiplier: float = 100_000) -> pd.DataFrame:
    g = (
        df.assign(
            wr=df.esp * df["count"] / df["pop"],
            wv=df.esp**2 * df["count"] / df["pop"] ** 2,
        )
        .groupby("area")
        .agg(total=("count", "sum"), wr=("wr", "sum"), wv=("wv", "sum"), w=("esp", "sum"))
    )
    value = g.wr / g.w
    var = g.wv / g.w**2
    out = pd.DataFrame({"value": value * multiplier})
    for c in LEVELS:
        z = sps.norm.ppf(0.5 + c / 2)
        o = g.total
        lo = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
        hi = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
        out[f"lo{c}"] = (value + np.sqrt(var / o) * (lo - o)) * multiplier
        out[f"hi{c}"] = (value + np.sqrt(var / o) * (hi - o)) * multiplier
    return out


def numpy_sii_loop(frame: pd.DataFrame, reps: int, seed: int) -> pd.DataFrame:
    """A straightforward implementation: one group at a time, replicates vectorised."""
    rng = np.random.default_rng(seed)
    rows = []
    for key, g in frame.groupby("group", sort=False):
        g = g.sort_values("Decile")
        y, pop, se = g.LifeExp.to_numpy(), g.Pop.to_numpy(float), g.SE.to_numpy()
        w = pop / pop.sum()
        rank = np.cumsum(w) - w / 2
        if len(y) < 2:
            rows.append((key, np.nan, np.nan, np.nan))
            continue

        def slope(values, w=w, rank=rank):
            rbar = (w * rank).sum()
            ybar = values @ w
            return ((values - ybar[..., None]) * (w * (rank - rbar))).sum(-1) / (
                (w * (rank - rbar) ** 2).sum()
            )

        draws = y + se * rng.standard_normal((reps, len(y)))
        sims = slope(draws)
        lo, hi = np.percentile(sims, [2.5, 97.5])
        rows.append((key, float(slope(y[None, :])[0]), lo, hi))
    return pd.DataFrame(rows, columns=["group", "sii", "lo", "hi"])
