"""Benchmark: optimal mentoring matching, 2,000 leaders × 2,000 partners, 5% conflicts.

Times :func:`dueregard.mentoring.services.matching.match` end to end (score matrices, hard
rules, assignment, explanations), checks its optimum against
``scipy.optimize.linear_sum_assignment`` called directly on the same score matrix, and
reports how far a greedy matching falls short.

Run with ``python -m bench.matching`` or ``python bench/matching.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402

from dueregard.mentoring.services.matching import (  # noqa: E402
    FORMATS,
    Leader,
    Partner,
    Weights,
    allowed_matrix,
    greedy_matching,
    match,
    score_matrices,
)

N_LEADERS = 2_000
N_PARTNERS = 2_000
CONFLICT_RATE = 0.05
TARGET_SECONDS = 5.0
SEED = 20261123
TOPICS = [f"topic {k:02d}" for k in range(40)]
SLOTS = [f"{day} {part}" for day in ("Mon", "Tue", "Wed", "Thu", "Fri") for part in ("am", "pm")]


def instance(
    n_leaders: int = N_LEADERS,
    n_partners: int = N_PARTNERS,
    conflict_rate: float = CONFLICT_RATE,
    seed: int = SEED,
) -> tuple[list[Leader], list[Partner]]:
    """A seeded random programme; each partner declares conflicts with ~5% of leaders."""
    rng = np.random.default_rng(seed)

    def topics() -> frozenset[str]:
        return frozenset(rng.choice(TOPICS, size=rng.integers(2, 7), replace=False).tolist())

    def slots() -> frozenset[str]:
        return frozenset(rng.choice(SLOTS, size=rng.integers(1, 5), replace=False).tolist())

    leaders = [
        Leader(
            f"L{k}",
            topics=topics(),
            availability=slots(),
            format=str(rng.choice(FORMATS)),
        )
        for k in range(n_leaders)
    ]
    conflicts = rng.random((n_partners, n_leaders)) < conflict_rate
    partners = [
        Partner(
            f"P{k}",
            topics=topics(),
            availability=slots(),
            format=str(rng.choice(FORMATS)),
            conflicts=frozenset(f"L{j}" for j in np.flatnonzero(conflicts[k]).tolist()),
        )
        for k in range(n_partners)
    ]
    return leaders, partners


def run(n_leaders: int = N_LEADERS, n_partners: int = N_PARTNERS, seed: int = SEED) -> list[dict]:
    """One row per check (time, optimality, greedy gap), each with a PASS/FAIL status."""
    leaders, partners = instance(n_leaders, n_partners, seed=seed)
    weights = Weights()
    label = f"mentoring matching {n_leaders:,}×{n_partners:,}, {CONFLICT_RATE:.0%} conflicts"

    start = time.perf_counter()
    result = match(leaders, partners, weights, seed=seed)
    seconds = time.perf_counter() - start

    # The same matrix, solved directly: forbidden arcs get a prohibitive cost.
    scores = score_matrices(leaders, partners, weights).total
    allowed, _ = allowed_matrix(leaders, partners)
    cost = np.where(allowed, -scores, 1e9)
    rows, cols = linear_sum_assignment(cost)
    ok = allowed[rows, cols]
    direct_pairs, direct_score = int(ok.sum()), float(scores[rows[ok], cols[ok]].sum())
    upper = float(np.where(allowed, scores, -np.inf).max(axis=1).sum())  # row-wise bound
    optimal = len(result.pairs) == direct_pairs and abs(result.total_score - direct_score) <= (
        1e-9 * max(1.0, direct_score)
    )

    g_rows, g_cols = greedy_matching(scores, allowed)
    greedy_pairs, greedy_total = len(g_rows), float(scores[g_rows, g_cols].sum())
    gap = result.total_score - greedy_total

    return [
        {
            "benchmark": label,
            "measure": "time, end to end",
            "value": f"{seconds:.2f} s",
            "target": f"≤ {TARGET_SECONDS:g} s",
            "status": "PASS" if seconds <= TARGET_SECONDS else "FAIL",
        },
        {
            "benchmark": label,
            "measure": "optimum vs linear_sum_assignment",
            "value": (
                f"{len(result.pairs)} pairs, {result.total_score:.6f} vs "
                f"{direct_pairs} pairs, {direct_score:.6f} (row bound {upper:.2f})"
            ),
            "target": "equal",
            "status": "PASS" if optimal else "FAIL",
        },
        {
            "benchmark": label,
            "measure": "greedy score gap",
            "value": (
                f"greedy {greedy_pairs} pairs, {greedy_total:.3f}: "
                f"{gap:.3f} below ({gap / result.total_score:.2%})"
            ),
            "target": "greedy ≤ optimum",
            "status": "PASS"
            if (greedy_pairs, greedy_total) <= (len(result.pairs), result.total_score + 1e-9)
            else "FAIL",
        },
    ]


def _print(rows: list[dict]) -> None:
    columns = ["measure", "value", "target", "status"]
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    print(rows[0]["benchmark"])
    print("  ".join(c.ljust(widths[c]) for c in columns))
    print("  ".join("-" * widths[c] for c in columns))
    for r in rows:
        print("  ".join(str(r[c]).ljust(widths[c]) for c in columns))


if __name__ == "__main__":
    results = run()
    _print(results)
    sys.exit(0 if all(r["status"] == "PASS" for r in results) else 1)
