"""Benchmark section: the statistics engine against the other implementations.

All contenders run in this one process on the same seeded inputs, and every contender's
numbers are checked against ours. Rows:

* 1e6 proportions, 95% and 99.8% Wilson limits;
* 1e6 crude rates, exact/Byar's limits at both levels;
* DSRs for 10,000 areas × 19 age bands (ESP2013, Dobson limits, both levels);
* the table API (``grouped.*``) against the array API on the same rows;
* SII/RII for the 724 groups of LE_testdata.csv at 100,000 repetitions;
* disaggregated selection rates and relative likelihood on 1e6 applicants × 17 groups.

Contenders: PHStatsMethods (row-by-row; timed on a subsample and scaled linearly when the
full run would take long, marked ``*``), Fairlearn ``MetricFrame`` and Aequitas where they
compute the same thing, a plain pandas/numpy implementation (``bench/_stats_contenders``),
and R PHEindicatormethods when ``Rscript`` and the package are installed (otherwise that
column says so; the published R speeds from the reference README are shown for
information). Inputs, targets and timing helpers: ``bench/_stats_common``.
"""

from __future__ import annotations

import os
import time
import warnings

import numpy as np
import pandas as pd

from bench._stats_common import (
    FULL_RUN_BUDGET,
    LEVELS,
    N_AREAS,
    N_REPS,
    N_ROWS,
    ORACLE,
    R_PUBLISHED,
    SEED,
    SUBSAMPLE,
    TARGETS,
    _r_cell,
    _r_speedup_row,
    _results,
    _row,
    _status,
    _table_api_row,
    best_of,
    close,
    fmt,
    inputs,
    life_expectancy,
    r_available,
    scaled,
    speedup_row,
)
from bench._stats_contenders import numpy_sii_loop, pandas_dsr, pandas_rates, pandas_wilson
from bench._stats_selection import selection_rows
from dueregard.analytics.stats import dsr, grouped, proportion, rate, sii


def run() -> list[dict]:
    warnings.filterwarnings("ignore")
    try:
        import PHStatsMethods as phs
    except ImportError as exc:  # the contenders come from requirements/bench.txt
        return run_without_contenders(f"{exc} (`make bench` installs requirements/bench.txt)")

    data = inputs()
    r_reason = r_available()
    rows = [
        *_proportion_rows(data, phs, r_reason),
        *_rate_rows(data, phs, r_reason),
        *_dsr_rows(data, phs, r_reason),
        *_table_api_rows(data),
        *_sii_rows(r_reason),
        *selection_rows(data, phs),
    ]
    if r_reason is not None:  # no R here: drop the live column, keep the published one
        for row in rows:
            row.pop("R live", None)
    return rows + [{"note": n} for n in _notes(r_reason)]


def _proportion_rows(data, phs, r_reason) -> list[dict]:
    rows: list[dict] = []
    factor = N_ROWS / SUBSAMPLE
    prop = data["prop"]
    x, n = prop.x.to_numpy(), prop.n.to_numpy()
    ours_s, ours = best_of(lambda: proportion(x, n, confidence=LEVELS), repeat=7)
    pd_s, pd_res = best_of(lambda: pandas_wilson(prop), repeat=3)
    sub = prop.iloc[:SUBSAMPLE]
    phs_s, phs_res, phs_star, phs_sub = scaled(
        lambda: phs.ph_proportion(sub, "x", "n", confidence=list(LEVELS)),
        lambda: phs.ph_proportion(prop, "x", "n", confidence=list(LEVELS)),
        factor,
    )
    k = SUBSAMPLE if phs_sub else N_ROWS
    checks = {
        "pandas": all(
            close(pd_res[f"{s}{c}"], ours[col])
            for c, (lo, hi) in zip(
                LEVELS,
                (("lower95_0cl", "upper95_0cl"), ("lower99_8cl", "upper99_8cl")),
                strict=True,
            )
            for s, col in (("lo", lo), ("hi", hi))
        ),
        "PHStatsMethods": close(phs_res["Value"], ours["value"][:k])
        and close(phs_res["lower_99_8_ci"], ours["lower99_8cl"][:k])
        and close(phs_res["upper_95_ci"], ours["upper95_0cl"][:k]),
    }
    r_cell, r_s = _r_cell(r_reason, "proportions", {"prop": prop}, ours, checks)
    ok = all(checks.values())
    rows.append(
        _row(
            "1e6 proportions, Wilson, 95% + 99.8%",
            dueregard=fmt(ours_s),
            PHStatsMethods=fmt(phs_s, star=phs_star, ours=ours_s),
            pandas=fmt(pd_s, ours=ours_s),
            Fairlearn="n/a (no CIs)",
            Aequitas="n/a (no CIs)",
            **{"R live": r_cell, "R published": R_PUBLISHED["proportions"]},
            target=f"≤ {TARGETS['proportions']} s",
            margin=f"{TARGETS['proportions'] / ours_s:.2f}×",
            status=_status(ours_s, TARGETS["proportions"], ok),
            results=_results(checks),
        )
    )
    rows.append(_r_speedup_row("proportions", r_reason, r_s, ours_s))
    rows.append(
        speedup_row(
            "1e6 proportions, Wilson, 95% + 99.8%",
            "PHStatsMethods",
            phs_s / ours_s,
            "PHStatsMethods proportions",
        )
    )
    return rows


def _rate_rows(data, phs, r_reason) -> list[dict]:
    rows: list[dict] = []
    factor = N_ROWS / SUBSAMPLE
    rates = data["rate"]
    ex, py = rates.x.to_numpy(), rates.n.to_numpy()
    ours_s, ours = best_of(lambda: rate(ex, py, confidence=LEVELS), repeat=7)
    pd_s, pd_res = best_of(lambda: pandas_rates(rates), repeat=2)
    sub = rates.iloc[:SUBSAMPLE]
    phs_s, phs_res, phs_star, phs_sub = scaled(
        lambda: phs.ph_rate(sub, "x", "n", confidence=list(LEVELS)),
        lambda: phs.ph_rate(rates, "x", "n", confidence=list(LEVELS)),
        factor,
    )
    k = SUBSAMPLE if phs_sub else N_ROWS
    checks = {
        "pandas": close(pd_res["lo0.95"], ours["lower95_0cl"])
        and close(pd_res["hi0.998"], ours["upper99_8cl"]),
        "PHStatsMethods": close(phs_res["Value"], ours["value"][:k])
        and close(phs_res["lower_95_ci"], ours["lower95_0cl"][:k])
        and close(phs_res["upper_99_8_ci"], ours["upper99_8cl"][:k]),
    }
    r_cell, r_s = _r_cell(r_reason, "rates", {"rate": rates}, ours, checks)
    ok = all(checks.values())
    rows.append(
        _row(
            "1e6 rates, exact <10 / Byar's, 95% + 99.8%",
            dueregard=fmt(ours_s),
            PHStatsMethods=fmt(phs_s, star=phs_star, ours=ours_s),
            pandas=fmt(pd_s, ours=ours_s),
            Fairlearn="n/a",
            Aequitas="n/a",
            **{"R live": r_cell, "R published": R_PUBLISHED["rates"]},
            target=f"≤ {TARGETS['rates']} s",
            margin=f"{TARGETS['rates'] / ours_s:.2f}×",
            status=_status(ours_s, TARGETS["rates"], ok),
            results=_results(checks),
        )
    )
    rows.append(_r_speedup_row("rates", r_reason, r_s, ours_s))
    return rows


def _dsr_rows(data, phs, r_reason) -> list[dict]:
    rows: list[dict] = []
    frame = data["dsr"]
    cols = {c: frame[c].to_numpy() for c in ("area", "count", "pop", "esp")}
    ours_s, ours = best_of(
        lambda: dsr(
            cols["count"], cols["pop"], cols["esp"], groups=cols["area"], confidence=LEVELS
        ),
        repeat=7,
    )
    pd_s, pd_res = best_of(lambda: pandas_dsr(frame), repeat=3)
    sub_frame = frame[frame.area < N_AREAS // 10]
    phs_s, phs_res, phs_star, phs_sub = scaled(
        lambda: phs.ph_dsr(
            sub_frame,
            "count",
            "pop",
            "esp",
            group_cols="area",
            euro_standard_pops=False,
            confidence=list(LEVELS),
        ),
        lambda: phs.ph_dsr(
            frame,
            "count",
            "pop",
            "esp",
            group_cols="area",
            euro_standard_pops=False,
            confidence=list(LEVELS),
        ),
        10,
    )
    k = len(phs_res)
    checks = {
        "pandas": close(pd_res["value"], ours["value"])
        and close(pd_res["lo0.998"], ours["lower99_8cl"]),
        "PHStatsMethods": close(phs_res.sort_values("area")["Value"], ours["value"][:k])
        and close(phs_res.sort_values("area")["upper_95_ci"], ours["upper95_0cl"][:k]),
    }
    r_cell, _ = _r_cell(r_reason, "dsr", {"dsr": frame}, ours, checks)
    ok = all(checks.values())
    rows.append(
        _row(
            f"DSR, {N_AREAS:,} areas × 19 bands, Dobson, 95% + 99.8%",
            dueregard=fmt(ours_s),
            PHStatsMethods=fmt(phs_s, star=phs_star, ours=ours_s),
            pandas=fmt(pd_s, ours=ours_s),
            Fairlearn="n/a",
            Aequitas="n/a",
            **{"R live": r_cell, "R published": R_PUBLISHED["dsr"]},
            target=f"≤ {TARGETS['dsr']} s",
            margin=f"{TARGETS['dsr'] / ours_s:.2f}×",
            status=_status(ours_s, TARGETS["dsr"], ok),
            results=_results(checks),
        )
    )
    return rows


def _table_api_rows(data) -> list[dict]:
    """The table API against the array API on the same rows: DSR on the long table,
    proportions and rates on a table of one row per area (1e6 areas)."""
    frame = data["dsr"]
    cols = {c: frame[c].to_numpy() for c in ("area", "count", "pop", "esp")}
    rows = [
        _table_api_row(
            f"table API grouped.dsr vs array dsr, {N_AREAS:,} areas × 19 bands",
            lambda: dsr(
                cols["count"], cols["pop"], cols["esp"], groups=cols["area"], confidence=LEVELS
            ),
            lambda: grouped.dsr(
                frame,
                "count",
                "pop",
                "ageband",
                by="area",
                standard_population="esp",
                confidence=LEVELS,
            ),
        )
    ]
    areas = np.random.default_rng(SEED).permutation(N_ROWS)
    for array_fn, grouped_fn, key in (
        (proportion, grouped.proportion, "prop"),
        (rate, grouped.rate, "rate"),
    ):
        table = data[key].assign(area=areas)
        x, n = table.x.to_numpy(), table.n.to_numpy()
        name = array_fn.__name__
        rows.append(
            _table_api_row(
                f"table API grouped.{name} vs array {name}, 1e6 areas",
                lambda f=array_fn, x=x, n=n: f(x, n, confidence=LEVELS),
                lambda g=grouped_fn, t=table: g(t, "x", "n", by="area", confidence=LEVELS),
                order=np.argsort(areas),
            )
        )
    return rows


def _sii_rows(r_reason) -> list[dict]:
    rows: list[dict] = []
    le = life_expectancy()
    if le is None:
        rows.append(
            _row(
                "SII, LE_testdata.csv",
                status="n/a",
                results=f"skipped: {ORACLE / 'LE_testdata.csv'} absent",
            )
        )
    else:
        ours_s, ours = _sii_timed(le, repeat=2)
        n_groups = ours.nrows
        first = le[le.group.isin(pd.unique(le.group)[:24])]
        start = time.perf_counter()
        loop = numpy_sii_loop(first, N_REPS, SEED)
        loop_s = (time.perf_counter() - start) * n_groups / 24
        ours_first = ours.select(np.arange(24))
        reported = ours_first["reported"]
        checks = {
            "pandas": close(loop.sii[reported], ours_first["value"][reported], rtol=1e-9)
            and close(loop.lo[reported], ours_first["lowercl"][reported], rtol=0.05)
            and close(loop.hi[reported], ours_first["uppercl"][reported], rtol=0.05),
        }
        r_cell, _ = _r_cell(
            r_reason, "sii", {"sii": first}, ours_first, checks, scale=n_groups / 24
        )
        ok = all(checks.values())
        rows.append(
            _row(
                f"SII + RII, {n_groups} groups × {N_REPS:,} repetitions (LE_testdata)",
                dueregard=fmt(ours_s),
                PHStatsMethods="n/a (no SII)",
                pandas=fmt(loop_s, star=True, ours=ours_s),
                Fairlearn="n/a",
                Aequitas="n/a",
                **{"R live": r_cell, "R published": R_PUBLISHED["sii"]},
                target=f"≤ {TARGETS['sii']} s",
                margin=f"{TARGETS['sii'] / ours_s:.2f}×",
                status=_status(ours_s, TARGETS["sii"], ok),
                results=_results(checks, simulated=True),
            )
        )
    return rows


def _notes(r_reason) -> list[str]:
    return [
        f"Times are the median of several runs on this machine ({os.cpu_count()} CPUs "
        "visible; table-API ratios are medians of back-to-back pairs); "
        "(N×) = contender time / dueregard time. The inputs are seeded "
        f"(seed {SEED}) and shared by all contenders.",
        f"* timed on a subsample ({SUBSAMPLE:,} rows; 1,000 areas for DSR; 24 of the SII "
        "groups) and scaled linearly, because the full run would take over "
        f"{FULL_RUN_BUDGET:g} s; results compared on that subsample.",
        "Contenders: PHStatsMethods 0.1.16 (row-by-row pandas apply; it rejects zero counts "
        "in ph_rate, so the rate inputs start at 1); pandas = a plain pandas/scipy "
        "implementation (for SII, a per-group numpy loop with vectorised replicates); "
        "Fairlearn 0.15.0 MetricFrame(selection_rate); Aequitas 0.42.0 Group/Bias "
        "(Aequitas 1.1.0 requires pandas<3 and 1.0.0 pulls in PyTorch/CUDA, so neither can "
        "share this environment's pandas 3.1.1).",
        "Results: every contender's numbers are compared with ours (1e-9 relative for "
        "deterministic values, 1e-12 for the simple ratios, 5% for simulated SII limits).",
        (
            f"R PHEindicatormethods not run ({r_reason}), so there is no live R column. "
            if r_reason
            else "R live = PHEindicatormethods timed through Rscript on the same inputs. "
        )
        + "R published = reference speeds from ../shared/oracles/phe/README.md "
        "(R 4.2, 2 cores, v2.0.0), for information only.",
    ]


def run_without_contenders(why: str) -> list[dict]:
    """The rows that need no other Python implementation — our own targets, the table API
    against the array API, SII, and the same-run comparison with R — when the contenders
    are not installed (e.g. ``python -m bench stats`` in the application's environment)."""
    data = inputs()
    r_reason = r_available()
    rows: list[dict] = []
    for what, key, fn in (("proportions", "prop", proportion), ("rates", "rate", rate)):
        frame = data[key]
        x, n = frame.x.to_numpy(), frame.n.to_numpy()
        ours_s, ours = best_of(lambda fn=fn, x=x, n=n: fn(x, n, confidence=LEVELS), repeat=7)
        checks: dict[str, bool] = {}
        r_cell, r_s = _r_cell(r_reason, what, {key: frame}, ours, checks)
        rows.append(
            _row(
                f"1e6 {what}, 95% + 99.8%",
                dueregard=fmt(ours_s),
                **{"R live": r_cell, "R published": R_PUBLISHED[what]},
                target=f"≤ {TARGETS[what]} s",
                margin=f"{TARGETS[what] / ours_s:.2f}×",
                status=_status(ours_s, TARGETS[what], all(checks.values())),
                results=_results(checks) if checks else "—",
            )
        )
        rows.append(_r_speedup_row(what, r_reason, r_s, ours_s))
    rows += _table_api_rows(data)
    le = life_expectancy()
    if le is not None:
        ours_s, ours = _sii_timed(le, repeat=3)
        rows.append(
            _row(
                f"SII + RII, {ours.nrows} groups × {N_REPS:,} repetitions (LE_testdata)",
                dueregard=fmt(ours_s),
                target=f"≤ {TARGETS['sii']} s",
                margin=f"{TARGETS['sii'] / ours_s:.2f}×",
                status=_status(ours_s, TARGETS["sii"], True),
            )
        )
    rows.append(
        _row(
            "contenders (PHStatsMethods, Fairlearn, Aequitas)",
            "not run",
            status="n/a",
            results=f"not installed: {why}",
        )
    )
    if r_reason is not None:
        for row in rows:
            row.pop("R live", None)
    return rows + [
        {"note": f"stats: median times; R PHEindicatormethods: {r_reason or 'timed live'}."}
    ]


def _sii_timed(le: pd.DataFrame, repeat: int):
    """Our SII on LE_testdata (after a short warm-up run): (median seconds, result)."""
    arrays = (le.LifeExp.to_numpy(), le.Pop.to_numpy(float), le.Decile.to_numpy(float))
    groups, se = le.group.to_numpy(), le.SE.to_numpy()
    sii(*arrays, groups=groups, se=se, repetitions=1000)  # warm-up
    return best_of(
        lambda: sii(*arrays, groups=groups, se=se, repetitions=N_REPS, seed=SEED),
        repeat=repeat,
        warmup=False,
    )
