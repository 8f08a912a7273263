"""Command line: ``dueregard analyse …`` and ``dueregard synth workforce …``.

Also ``python -m dueregard.analytics``. Exit codes:

* 0 — done;
* 2 — usage error (unknown option, missing input the metric needs, bad period);
* 3 — the input files have problems (the whole report is printed; nothing was used);
* 4 — the engine is unavailable (e.g. ``--engine spark`` without PySpark or Java);
* 1 — an unexpected internal error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["main"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INPUT, EXIT_ENGINE = 0, 1, 2, 3, 4
INPUTS = ("staff", "recruitment", "cases", "training", "survey", "reference")
NEEDS = {
    "wres": ("staff",),
    "wdes": ("staff",),
    "paygap": ("staff",),
    "representation": ("staff", "reference"),
    "funnel": ("recruitment",),
    "all": ("staff",),
}


class Progress:
    """A simple progress bar on stderr (no dependency)."""

    def __init__(self, total: int, *, quiet: bool = False, width: int = 30) -> None:
        self.total, self.done, self.quiet, self.width = max(total, 1), 0, quiet, width
        self.start = time.perf_counter()

    def step(self, label: str) -> None:
        self.done = min(self.done + 1, self.total)
        if self.quiet:
            return
        filled = int(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.perf_counter() - self.start
        sys.stderr.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40} {elapsed:5.1f}s")
        if self.done == self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dueregard", description="dueregard analytics")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("analyse", help="compute workforce equality metrics from files")
    a.add_argument("metric", choices=sorted(NEEDS), help="which metrics (all: every one)")
    for name in INPUTS:
        a.add_argument(f"--{name}", metavar="FILE", help=f"{name} file (CSV, XLSX or Parquet)")
    a.add_argument("--period", required=True, help="reporting year, e.g. 2025-26")
    a.add_argument("--out", required=True, help="output file: .xlsx, .csv, .json or .html")
    a.add_argument(
        "--format",
        choices=("xlsx", "csv", "json", "html"),
        help="output format (default: from --out's suffix)",
    )
    a.add_argument(
        "--engine",
        default="duckdb",
        choices=("duckdb", "spark"),
        help="query engine (default duckdb; spark runs the same definitions)",
    )
    a.add_argument(
        "--no-disclosure",
        action="store_true",
        help="turn disclosure control OFF: unrounded small numbers, for the "
        "analyst's own use only — never publish or share the output",
    )
    a.add_argument(
        "--allow-unmapped",
        action="store_true",
        help="treat labels no map knows as Unknown (listed in the quality report)",
    )
    a.add_argument("--mapping", metavar="JSON", help="extra column mapping {header: column}")
    a.add_argument(
        "--codes",
        metavar="JSON",
        help="extra label maps {column: {label: canonical value}}; occupation codes that say "
        'neither: {"occupation_code": {"X1A": "clinical"}}',
    )
    a.add_argument("--quiet", action="store_true", help="no progress bar")
    a.add_argument("--debug", action="store_true", help="show tracebacks")
    s = sub.add_parser("synth", help="write synthetic data")
    s.add_argument("what", choices=("workforce",))
    s.add_argument("--staff", type=int, default=20000, help="number of staff (default 20000)")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--period", default="2025-26")
    s.add_argument("--out", required=True, help="output directory")
    s.add_argument("--format", default="csv", choices=("csv", "parquet", "xlsx"))
    return p


def _load_json(path: str | None, what: str) -> Any:
    if not path:
        return None
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _Usage(f"cannot read {what} file {path}: {exc}") from exc


class _Usage(Exception):
    pass


def _unreadable(path: str, exc: Exception):
    """One message naming the file, in the person's terms (the readers' own exception text
    — ArrowInvalid, BadZipFile — speaks of their internals)."""
    kind = {".xlsx": "an Excel (XLSX)", ".parquet": "a Parquet", ".csv": "a CSV"}.get(
        Path(path).suffix.lower(), "a CSV, XLSX or Parquet"
    )
    from .workforce.importers.files import InputProblem

    return InputProblem(
        Path(path).name,
        None,
        f"cannot be read as {kind} file — it may be damaged, protected by a password, or "
        "another kind of file renamed; save it again in that format",
    )


def _analyse(args: argparse.Namespace) -> int:
    # Imported here: keeps `dueregard --help` fast (pandas, Ibis).
    from .workforce import Period, WorkforceInputError, read_input
    from .workforce.metrics import METRICS, finish
    from .workforce.outputs import publish, publish_quality, write

    try:
        period = Period.parse(args.period)
    except ValueError as exc:
        raise _Usage(str(exc)) from exc
    fmt = (args.format or Path(args.out).suffix.lstrip(".") or "xlsx").lower()
    if fmt not in ("xlsx", "csv", "json", "html"):
        raise _Usage(
            f"cannot write {args.out}: the output must end in .xlsx, .csv, .json or .html "
            "(or give --format)"
        )
    missing = [n for n in NEEDS[args.metric] if not getattr(args, n)]
    if missing:
        raise _Usage(f"'{args.metric}' needs --{' --'.join(missing)}")
    mapping = _load_json(args.mapping, "mapping")
    codes = _load_json(args.codes, "codes")
    given = [n for n in INPUTS if getattr(args, n)]
    progress = Progress(len(given) + 4, quiet=args.quiet)
    problems, imported = [], {}
    for name in given:
        try:
            imported[name] = read_input(
                getattr(args, name),
                name,
                mapping=mapping,
                codes=codes,
                allow_unmapped=args.allow_unmapped,
                period=period,
            )
        except WorkforceInputError as exc:
            problems += exc.problems
        except Exception as exc:  # noqa: BLE001 - any reader's failure is the file's problem
            problems.append(_unreadable(getattr(args, name), exc))
        progress.step(f"read {name}")
    if problems:
        progress.quiet = True
        raise WorkforceInputError(problems)
    metrics = METRICS if args.metric == "all" else (args.metric,)
    if args.engine == "spark":
        try:
            # Imported here: keeps `dueregard --help` fast (pandas, Ibis).
            from .workforce.spark import spark_available

            ok, why = spark_available()
        except ImportError as exc:  # pragma: no cover - pyspark not installed
            ok, why = False, str(exc)
        if not ok:
            print(f"dueregard: the Spark engine is unavailable: {why}", file=sys.stderr)
            return EXIT_ENGINE
    # Imported here: keeps `dueregard --help` fast (pandas, Ibis).
    from .workforce.metrics import collect

    tables = {k: v for k, v in imported.items() if k != "reference"}
    aggs = collect(tables, period=period, engine=args.engine)
    progress.step("aggregate")
    ref = imported["reference"].table.to_pandas() if "reference" in imported else None
    result = finish(aggs, period=period, metrics=metrics, reference=ref)
    result.meta["engine"] = args.engine
    result.meta["inputs"] = {k: v.source for k, v in imported.items()}
    progress.step("statistics")
    disclosure = not args.no_disclosure
    published = publish(result, disclosure=disclosure)
    quality = publish_quality(
        [q for v in imported.values() for q in v.quality], disclosure=disclosure
    )
    progress.step("disclosure control")
    try:
        files = write(published, args.out, args.format, quality)
    except OSError as exc:
        raise _Usage(f"cannot write {args.out}: {exc.strerror or exc}") from exc
    progress.step("write")
    if not args.quiet:
        for f in files:
            print(f"wrote {f}")
        if not disclosure:
            print(
                "WARNING: disclosure control is OFF — for the analyst's own use only; "
                "do not publish or share.",
                file=sys.stderr,
            )
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    debug = getattr(args, "debug", False)
    try:
        if args.command == "synth":
            # Imported here: keeps `dueregard --help` fast (pandas, Ibis).
            from .synth import write_workforce

            paths = write_workforce(
                args.out, staff=args.staff, seed=args.seed, fmt=args.format, period=args.period
            )
            for p in paths.values():
                print(f"wrote {p}")
            return EXIT_OK
        return _analyse(args)
    except _Usage as exc:
        print(f"dueregard: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        # Imported here: keeps `dueregard --help` fast (pandas, Ibis).
        from .workforce import WorkforceInputError

        if isinstance(exc, WorkforceInputError):
            print(f"\ndueregard: {exc}", file=sys.stderr)
            return EXIT_INPUT
        if debug:
            raise
        print(
            f"dueregard: internal error: {type(exc).__name__}: {exc} (use --debug for details)",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
