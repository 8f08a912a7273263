"""Statistics benchmark rows for disaggregated selection rates and relative likelihood
(1e6 applicants × 17 ethnic groups) against Fairlearn, Aequitas, PHStatsMethods and pandas
— the fairness toolkits' own ground."""

from __future__ import annotations

import contextlib
import io
import time

import numpy as np
import pandas as pd
from scipy import stats as sps

from bench._stats_common import _results, _row, best_of, close, fmt, scaled, speedup_row
from dueregard.analytics.stats import grouped


def selection_rows(data, phs) -> list[dict]:
    rows: list[dict] = []
    from aequitas.bias import Bias
    from aequitas.group import Group
    from fairlearn.metrics import MetricFrame, selection_rate

    app = data["applicants"]
    ours_s, ours = best_of(
        lambda: grouped.proportion(app, "appointed", "shortlisted", by="ethnic_group"), repeat=5
    )
    pd_s, pd_res = best_of(lambda: app.groupby("ethnic_group").appointed.mean(), repeat=5)
    y = app.appointed.to_numpy()
    sensitive = app.ethnic_group.to_numpy()
    start = time.perf_counter()
    mf = MetricFrame(metrics=selection_rate, y_true=y, y_pred=y, sensitive_features=sensitive)
    fl_rates = mf.by_group
    fl_s = time.perf_counter() - start
    aeq_input = pd.DataFrame(
        {"score": y, "label_value": y, "ethnic_group": app.ethnic_group.astype(object)}
    )
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        xtab, _ = Group().get_crosstabs(aeq_input)
    aeq_s = time.perf_counter() - start
    aeq_rates = xtab.set_index("attribute_value")["pprev"]
    phs_s, phs_res, _, _ = scaled(
        lambda: phs.ph_proportion(app, "appointed", "shortlisted", group_cols="ethnic_group"),
        lambda: phs.ph_proportion(app, "appointed", "shortlisted", group_cols="ethnic_group"),
        1,
    )
    keys = list(ours["ethnic_group"])
    checks = {
        "pandas": close(pd_res.loc[keys], ours["value"], rtol=1e-12),
        "Fairlearn": close(fl_rates.loc[keys], ours["value"], rtol=1e-12),
        "Aequitas": close(aeq_rates.loc[keys], ours["value"], rtol=1e-12),
        "PHStatsMethods": close(
            phs_res.set_index("ethnic_group").loc[keys, "Value"], ours["value"], rtol=1e-12
        )
        and close(phs_res.set_index("ethnic_group").loc[keys, "lower_95_ci"], ours["lowercl"]),
    }
    selection = "selection rates, 1e6 applicants × 17 groups (with Wilson CIs)"
    rows.append(
        _toolkits_row(selection, ours_s, pd_s, fl_s, aeq_s, checks, fmt(phs_s, ours=ours_s))
    )
    rows.append(speedup_row(selection, "Fairlearn", fl_s / ours_s, "Fairlearn selection rates"))

    reference = "A"
    ours_s, ours = best_of(
        lambda: grouped.relative_likelihood(
            app, "appointed", "shortlisted", "ethnic_group", reference=reference
        ),
        repeat=5,
    )

    def pandas_rl():
        s = app.groupby("ethnic_group").appointed.agg(["sum", "count"])
        p = s["sum"] / s["count"]
        ratio = p / p[reference]
        se = np.sqrt(
            1 / s["sum"] - 1 / s["count"] + 1 / s["sum"][reference] - 1 / s["count"][reference]
        )
        z = sps.norm.ppf(0.975)
        return pd.DataFrame(
            {"value": ratio, "lo": ratio * np.exp(-z * se), "hi": ratio * np.exp(z * se)}
        )

    pd_s, pd_res = best_of(pandas_rl, repeat=5)
    start = time.perf_counter()
    mf = MetricFrame(metrics=selection_rate, y_true=y, y_pred=y, sensitive_features=sensitive)
    fl_ratio = mf.by_group / mf.by_group[reference]
    fl_s = time.perf_counter() - start
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # Aequitas prints progress
        xtab, _ = Group().get_crosstabs(aeq_input)
        disparity = Bias().get_disparity_predefined_groups(
            xtab, original_df=aeq_input, ref_groups_dict={"ethnic_group": reference}
        )
    aeq_s = time.perf_counter() - start
    aeq_ratio = disparity.set_index("attribute_value")["pprev_disparity"]
    keys = list(ours["ethnic_group"])
    checks = {
        "pandas": close(pd_res.loc[keys, "value"], ours["value"], rtol=1e-12)
        and close(pd_res.loc[keys, "lo"], ours["lowercl"], rtol=1e-12),
        "Fairlearn": close(fl_ratio.loc[keys], ours["value"], rtol=1e-12),
        "Aequitas": close(aeq_ratio.loc[keys], ours["value"], rtol=1e-12),
    }
    rows.append(
        _toolkits_row(
            "relative likelihood vs group A, 1e6 × 17 (Katz CI, Fisher, χ²)",
            ours_s,
            pd_s,
            fl_s,
            aeq_s,
            checks,
            "n/a (no ratio)",
        )
    )
    return rows


def _toolkits_row(benchmark, ours_s, pd_s, fl_s, aeq_s, checks, phs_cell) -> dict:
    """One row against pandas and the fairness toolkits (no target: the results must be
    equal; the speed-up targets are rows of their own)."""
    return _row(
        benchmark,
        dueregard=fmt(ours_s),
        PHStatsMethods=phs_cell,
        pandas=fmt(pd_s, ours=ours_s),
        Fairlearn=fmt(fl_s, ours=ours_s),
        Aequitas=fmt(aeq_s, ours=ours_s),
        **{"R live": "not timed", "R published": "—"},
        target="—",
        status="PASS" if all(checks.values()) else "FAIL",
        results=_results(checks),
    )
