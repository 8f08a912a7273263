"""Shared parts of the statistics benchmark (bench/stats.py): its seeded inputs, targets,
timing helpers, result checks, table rows and R PHEindicatormethods (run through
``Rscript`` when it is installed)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dueregard.analytics.stats import esp2013

SEED = 20261123

N_ROWS = 1_000_000

N_AREAS = 10_000

N_REPS = 100_000

LEVELS = (0.95, 0.998)

SUBSAMPLE = 10_000  # rows given to row-by-row contenders before scaling

FULL_RUN_BUDGET = 20.0  # seconds: run a slow contender in full if it would take less

ORACLE = Path(__file__).resolve().parents[1] / "../shared/oracles/phe"

ETHNIC_GROUPS = list("ABCDEFGHJKLMNPRS") + ["Z"]  # NHS ethnic category codes, Z not stated

TARGETS = {
    "proportions": 0.05,
    "rates": 0.2,
    "dsr": 0.3,
    "sii": 2.0,
}

#: Proportions and rates at least this many times faster than R PHEindicatormethods timed
#: in the same run on the same rows (issue 24).
R_SPEEDUP_TARGET = 10.0

#: The table API (``grouped.*``, aggregating a long table) within this factor of the array
#: API given the same rows (issue 24).
TABLE_API_FACTOR = 2.0

SPEEDUP_TARGETS = {"PHStatsMethods proportions": 1000.0, "Fairlearn selection rates": 10.0}

# Published reference speeds (../shared/oracles/phe/README.md; R 4.2, 2 cores, v2.0.0).
R_PUBLISHED = {
    "proportions": "0.31 s",
    "rates": "1.85 s",
    "dsr": "3.4 s",
    "sii": "≈ 210 s (0.29 s/group)",
}

COLUMNS = [
    "dueregard",
    "PHStatsMethods",
    "pandas",
    "Fairlearn",
    "Aequitas",
    "R live",
    "R published",
]


def best_of(fn: Callable[[], Any], repeat: int = 5, warmup: bool = True) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls (after one warm-up call) and the result.

    The median, not the fastest: the machine is shared, and the median is what a run
    can be expected to take (issue 24)."""
    result = fn() if warmup else None
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), result


def paired(
    fn_a: Callable[[], Any], fn_b: Callable[[], Any], repeat: int = 7
) -> tuple[float, float, float, Any, Any]:
    """Time two implementations back to back, alternating, after one warm-up call each.

    Returns (median seconds of a, of b, median of the per-pair ratios b / a, results):
    a ratio of neighbouring calls shares the machine's load of the moment, so it holds
    on a busy machine where absolute times do not."""
    res_a, res_b = fn_a(), fn_b()
    times_a, times_b, ratios = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        res_a = fn_a()
        mid = time.perf_counter()
        res_b = fn_b()
        end = time.perf_counter()
        times_a.append(mid - start)
        times_b.append(end - mid)
        ratios.append((end - mid) / (mid - start))
    return (
        float(np.median(times_a)),
        float(np.median(times_b)),
        float(np.median(ratios)),
        res_a,
        res_b,
    )


def scaled(fn_sub: Callable[[], Any], fn_full: Callable[[], Any], factor: float):
    """Time a slow contender: on the subsample, then in full if that fits the budget.

    Returns (seconds, result, was_scaled, result_is_subsample).
    """
    start = time.perf_counter()
    sub = fn_sub()
    sub_seconds = time.perf_counter() - start
    if sub_seconds * factor <= FULL_RUN_BUDGET:
        start = time.perf_counter()
        full = fn_full()
        return time.perf_counter() - start, full, False, False
    return sub_seconds * factor, sub, True, True


def fmt(seconds: float | None, *, star: bool = False, ours: float | None = None) -> str:
    if seconds is None:
        return "—"
    text = f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"
    if star:
        text += "*"
    if ours:
        ratio = seconds / ours
        text += f" ({ratio:,.1f}×)" if ratio < 10 else f" ({ratio:,.0f}×)"
    return text


def close(a, b, rtol: float = 1e-9) -> bool:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=0, equal_nan=True))


def r_available() -> str | None:
    """None when R PHEindicatormethods can run, else why not."""
    if shutil.which("Rscript") is None:
        return "Rscript not found"
    probe = subprocess.run(
        ["Rscript", "-e", "suppressMessages(library(PHEindicatormethods))"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if probe.returncode != 0:
        return "R package PHEindicatormethods not installed"
    return None


def run_r(
    task: str, frames: dict[str, pd.DataFrame]
) -> tuple[float | None, pd.DataFrame | None, str]:
    """Run one task of bench/r_phe.R on CSV copies of the inputs: (seconds, output, error)."""
    script = Path(__file__).with_name("r_phe.R")
    with tempfile.TemporaryDirectory() as tmp:
        for name, frame in frames.items():
            frame.to_csv(Path(tmp, f"{name}.csv"), index=False)
        proc = subprocess.run(
            ["Rscript", str(script), task, tmp],
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
        if proc.returncode != 0:
            return None, None, (proc.stderr.strip().splitlines() or ["Rscript failed"])[-1]
        seconds = float(proc.stdout.strip().splitlines()[-1])
        return seconds, pd.read_csv(Path(tmp, "out.csv")), ""


def inputs() -> dict[str, Any]:
    rng = np.random.default_rng(SEED)
    n = rng.integers(1, 10_000, N_ROWS).astype(np.float64)
    x = rng.binomial(n.astype(np.int64), rng.uniform(0.01, 0.99, N_ROWS)).astype(np.float64)
    # counts from 1 (PHStatsMethods 0.1.16 rejects zero counts); ~8% below 10 (exact path)
    events = (rng.poisson(rng.gamma(2.0, 20.0, N_ROWS)) + 1).astype(np.float64)
    person_years = rng.integers(1_000, 1_000_000, N_ROWS).astype(np.float64)
    band_rate = np.geomspace(2e-4, 1.5e-1, 19)
    pop = rng.integers(200, 20_000, (N_AREAS, 19)).astype(np.float64)
    deaths = rng.poisson(pop * band_rate * rng.uniform(0.6, 1.4, (N_AREAS, 1))).astype(float)
    dsr_frame = pd.DataFrame(
        {
            "area": np.repeat(np.arange(N_AREAS), 19),
            "ageband": np.tile(np.arange(19), N_AREAS),
            "count": deaths.ravel(),
            "pop": pop.ravel(),
            "esp": np.tile(esp2013(), N_AREAS),
        }
    )
    group = rng.integers(0, len(ETHNIC_GROUPS), N_ROWS)
    chance = np.linspace(0.18, 0.34, len(ETHNIC_GROUPS))[group]
    applicants = pd.DataFrame(
        {
            "ethnic_group": pd.array(np.array(ETHNIC_GROUPS)[group], dtype="str"),
            "appointed": (rng.random(N_ROWS) < chance).astype(np.int64),
            "shortlisted": np.ones(N_ROWS, dtype=np.int64),
        }
    )
    return {
        "prop": pd.DataFrame({"x": x, "n": n}),
        "rate": pd.DataFrame({"x": events, "n": person_years}),
        "dsr": dsr_frame,
        "applicants": applicants,
    }


def life_expectancy() -> pd.DataFrame | None:
    path = ORACLE / "LE_testdata.csv"
    if not path.exists():
        return None
    frame = pd.read_csv(path)
    frame["group"] = frame.GeoCode + "|" + frame.Sex.astype(str)
    return frame


def _row(benchmark: str, measure: str = "time", **cells: str) -> dict[str, str]:
    row = {"benchmark": benchmark, "measure": measure}
    for col in COLUMNS:
        row[col] = cells.pop(col, "")
    row.update(cells)
    return row


def _status(seconds: float, target: float, ok: bool) -> str:
    return "PASS" if ok and seconds <= target else "FAIL"


def _table_api_row(
    benchmark: str,
    array_fn: Callable[[], Any],
    table_fn: Callable[[], Any],
    order: np.ndarray | None = None,
) -> dict[str, str]:
    """The table API against the array API on the same rows, timed back to back."""
    array_s, table_s, factor, array_res, table_res = paired(array_fn, table_fn, repeat=7)
    expected = array_res["value"] if order is None else array_res["value"][order]
    same = close(table_res["value"], expected, rtol=1e-12)
    return _row(
        benchmark,
        "table ÷ array (median of paired runs)",
        dueregard=f"{fmt(table_s)} vs {fmt(array_s)}: {factor:.2f}×",
        target=f"≤ {TABLE_API_FACTOR:g}× array API",
        margin=f"{TABLE_API_FACTOR / factor:.2f}×",
        status="PASS" if same and factor <= TABLE_API_FACTOR else "FAIL",
        results="equal" if same else "DIFFERENT",
    )


def _results(checks: dict[str, bool], *, simulated: bool = False) -> str:
    failed = [k for k, v in checks.items() if not v]
    if failed:
        return "DIFFERENT: " + ", ".join(failed)
    what = "SII equal, simulated limits within 5%" if simulated else "all equal"
    return f"{what} ({', '.join(checks)})"


def _r_cell(
    reason: str | None,
    task: str,
    frames: dict[str, pd.DataFrame],
    ours,
    checks: dict[str, bool],
    scale: float = 1.0,
) -> str:
    """Time R PHEindicatormethods on the same inputs, or say why not: (cell, seconds)."""
    if reason is not None:
        return "skipped", None
    seconds, out, error = run_r(task, frames)
    if seconds is None:
        return f"error: {error[:40]}", None
    value = out["value"].to_numpy() if task != "sii" else out["sii"].to_numpy()
    mine = ours["value"][: len(value)]
    checks["R"] = close(value, mine, rtol=1e-8)
    return fmt(seconds * scale, star=scale != 1.0), seconds * scale


def _r_speedup_row(what: str, reason: str | None, r_seconds, ours_seconds: float) -> dict:
    """The "≥ 10× R PHEindicatormethods in the same run" target: never a pass without R."""
    benchmark = f"1e6 {what}: speed-up vs R PHEindicatormethods (same run)"
    target = f"≥ {R_SPEEDUP_TARGET:g}×"
    if r_seconds is None:
        why = reason or "R failed"
        return _row(
            benchmark,
            "speed-up vs R",
            dueregard=f"NOT MEASURED ({why})",
            target=target,
            margin="n/a",
            status="n/a",
            results=f"target NOT verified on this machine: {why}",
        )
    speedup = r_seconds / ours_seconds
    return _row(
        benchmark,
        "speed-up vs R",
        dueregard=f"{speedup:,.1f}× (R {fmt(r_seconds)}, ours {fmt(ours_seconds)})",
        target=target,
        margin=f"{speedup / R_SPEEDUP_TARGET:.2f}×",
        status="PASS" if speedup >= R_SPEEDUP_TARGET else "FAIL",
    )


def speedup_row(benchmark: str, contender: str, speedup: float, target: str) -> dict:
    """The "at least N× faster than <contender>" row (N from :data:`SPEEDUP_TARGETS`)."""
    needed = SPEEDUP_TARGETS[target]
    return _row(
        benchmark,
        f"speed-up vs {contender}",
        dueregard=f"{speedup:,.0f}×",
        target=f"≥ {needed:,.0f}×",
        status="PASS" if speedup >= needed else "FAIL",
    )
