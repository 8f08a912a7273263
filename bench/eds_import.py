"""Benchmark: the EDS report importer's parse grows linearly with the text.

Parses (``parse_report`` + ``check_report``) the seed report once, 10 times and 100 times
over, and a crafted text repeating one outcome heading (the shape that made the parser
quadratic), and checks that the time per 100 kB stays flat: the 100× time must be under
``1.5 × 100`` times the 1× time (linear, with room for noise). The seed is read from
``../shared/seeds`` (skipped when absent).

Run with ``python -m bench eds_import`` or ``python bench/eds_import.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dueregard.eds.importing.parser import check_report, parse_report  # noqa: E402
from dueregard.frameworks.definitions import load_eds  # noqa: E402

SEED = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "seeds"
    / "eds-2012-report-leicestershire-partnership.txt"
)
FACTORS = (1, 10, 100)
SLACK = 1.5  # the 100× time may be at most 1.5 × 100 × the 1× time


def _seconds(text: str, framework) -> float:
    best = float("inf")
    for _ in range(2 if len(text) < 2_000_000 else 1):
        start = time.perf_counter()
        check_report(parse_report(text, framework), framework)
        best = min(best, time.perf_counter() - start)
    return best


def _series(label: str, unit: str, framework) -> list[dict]:
    times = {k: _seconds("\n".join([unit] * k), framework) for k in FACTORS}
    return [
        {
            "benchmark": f"EDS import parse, {label}",
            "measure": f"{len(unit) / 1000:,.0f} kB × {k}",
            "value": f"{times[k]:.2f} s",
            **_judged(times[k] / max(times[1], 1e-6), k),
            "results": f"{times[k] / (len(unit) * k / 100_000):.3f} s per 100 kB",
        }
        for k in FACTORS
    ]


def _judged(growth: float, k: int) -> dict:
    """Each larger text is judged against its own linear bound (the 1× row is the base)."""
    if k == 1:
        return {"target": "", "status": "n/a"}
    return {
        "target": f"≤ {SLACK * k:.0f} × the 1× time",
        "margin": f"{SLACK * k / growth:.2f}×",
        "status": "PASS" if growth <= SLACK * k else "FAIL",
    }


def run() -> list[dict]:
    framework = load_eds("eds-2011")
    rows = []
    if SEED.exists():
        rows += _series("seed report", SEED.read_text(encoding="utf-8"), framework)
    else:
        rows.append({"note": f"seed report not found at {SEED}: seed series skipped"})
    heading = "1.1 Services are commissioned, procured, designed and delivered\n" * 100
    rows += _series("one heading repeated", heading, framework)
    return rows


if __name__ == "__main__":
    from bench._table import render

    print(render(run()))
