"""``python -m bench [section ...]``: run the benchmark sections and print one table."""

from __future__ import annotations

import importlib
import sys
import traceback

from bench import SECTIONS
from bench._table import render


def main(argv: list[str]) -> int:
    wanted = [a if a.startswith("bench.") else f"bench.{a}" for a in argv]
    unknown = [w for w in wanted if w not in SECTIONS]
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}; registered: {', '.join(SECTIONS)}")
        return 2
    rows: list[dict] = []
    for name in wanted or SECTIONS:
        try:
            rows.extend(importlib.import_module(name).run())
        except Exception as exc:  # one broken section must not hide the others
            traceback.print_exc()
            rows.append(
                {
                    "benchmark": name,
                    "measure": "section failed",
                    "status": "FAIL",
                    "results": f"{type(exc).__name__}: {exc}",
                }
            )
    print(render(rows))
    print(summary(rows))
    # exit 0 only when every target holds: one that failed or could not be measured here
    # (its reference implementation absent) has not been shown to hold
    return 1 if any(r.get("status") == "FAIL" or _unmeasured(r) for r in rows) else 0


def _unmeasured(row: dict) -> bool:
    return row.get("status") == "n/a" and bool(row.get("target"))


def summary(rows: list[dict]) -> str:
    """One closing line: how many targets hold, and which do not."""
    judged = [r for r in rows if r.get("status") in ("PASS", "FAIL")]
    failed = [r for r in judged if r["status"] == "FAIL"]
    line = f"targets: {len(judged) - len(failed)} of {len(judged)} hold"
    if failed:
        names = "; ".join(f"{r.get('benchmark', '?')} ({r.get('measure', '')})" for r in failed)
        line += f" — NOT holding: {names}"
    # a target that could not be measured here (e.g. R not installed) is said plainly
    unmeasured = [r for r in rows if _unmeasured(r)]
    if unmeasured:
        names = "; ".join(
            f"{r.get('benchmark', '?')} ({r.get('results') or r.get('dueregard', '')})"
            for r in unmeasured
        )
        line += f"\ntargets NOT MEASURED on this machine: {names}"
    return line


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
