"""The two floors the workforce pack is measured against, each hand-written in DuckDB SQL.

* :func:`run_duckdb_scan` — DuckDB reads every column the pack uses and decodes every value
  (no mapping, no metrics): the floor no implementation can beat. Issue 24's target is the
  pack within 1.5× of it.
* :func:`run_duckdb_counts` — the same files counted the way the pack counts them, by the
  raw values, with nothing else: no label mapping, no checks of any cell, no repeated-id
  checks, no quality report, no statistics (ADR 0054). Staff by every characteristic with
  the bank and board flags, by band, and per hourly rate and bonus; applications by stage;
  cases and training joined to the staff record; survey answers gathered per respondent.
  Whatever the pack does beyond this is the work of mapping and validating. Its results are
  not compared with the pack's (they are counts of raw labels, not of groups), only timed:
  it says how much of the scan ratio no implementation that counts these families on
  DuckDB can avoid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

KINDS = ("staff", "recruitment", "cases", "training", "survey", "reference")


def _columns(con: Any, d: Path, fmt: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Each file as a view named after its kind; per kind: the view and canonical name →
    quoted header. The SQL below is built only from these (S608: no value is pasted in)."""
    from dueregard.analytics.workforce.schemas import SCHEMAS, match_columns

    out = {}
    for k in KINDS:
        path = str(d / f"{k}.{fmt}")
        rel = con.read_csv(path, all_varchar=True) if fmt == "csv" else con.read_parquet(path)
        rel.create_view(k)
        found, _ = match_columns(list(rel.columns), SCHEMAS[k])
        out[k] = (k, {c: '"' + h.replace('"', '""') + '"' for c, h in found.items()})
    return out


def run_duckdb_scan(d: Path, fmt: str) -> dict[str, Any]:
    """The floor: DuckDB reads the same columns and decodes every value."""
    import duckdb

    con = duckdb.connect()
    out = {}
    for k, (source, cols) in _columns(con, d, fmt).items():
        # decode every value of every column used (counts alone come from Parquet metadata)
        lengths = ", ".join(f"max(length(CAST({c} AS VARCHAR)))" for c in cols.values())
        out[k] = con.sql(f"SELECT {lengths} FROM {source}").fetchall()  # noqa: S608
    return out


def _number(col: str) -> str:
    return f"TRY_CAST({col} AS DOUBLE)"


def _staff_sql(source: str, c: dict[str, str]) -> str:
    from dueregard.analytics.workforce.codes import CHARACTERISTICS
    from dueregard.analytics.workforce.metrics import PAY_GROUPINGS

    chars = [c[n] for n in CHARACTERISTICS if n in c]
    flags = [c[n] for n in ("bank", "board_member", "board_voting", "board_executive") if n in c]
    sets = [(g, *flags) for g in chars]
    sets.append(
        tuple(
            c[n]
            for n in ("bank", "staff_group", "pay_grade", "ethnic_category", "disability")
            if n in c
        )
    )
    extra = []
    pay = [c[n] for n in PAY_GROUPINGS if n in c]  # characteristics read as they are
    if {"period_pay", "weekly_hours"} <= c.keys():
        days = _number(c["days_in_period"]) if "days_in_period" in c else "30.0"
        hourly = (
            f"floor({_number(c['period_pay'])} * 7.0 / {days} / {_number(c['weekly_hours'])}"
            " * 100.0 + 0.5) / 100.0"
        )
        extra.append(f"CASE WHEN {_number(c['weekly_hours'])} > 0 THEN {hourly} END AS hourly")
        sets += [(g, "hourly") for g in pay]
    if "bonus_pay" in c:
        bonus = _number(c["bonus_pay"])
        extra.append(f"CASE WHEN {bonus} > 0 THEN {bonus} END AS bonus")
        sets += [(g, "bonus") for g in pay]
    keys = sorted({k for s in sets for k in s})
    grouping = ", ".join("(" + ", ".join(s) + ")" for s in sets)
    return (
        f"SELECT {', '.join(keys)}, count(*) AS n FROM "  # noqa: S608
        f"(SELECT *{''.join(', ' + e for e in extra)} FROM {source}) "
        f"GROUP BY GROUPING SETS ({grouping})"
    )


def _by_characteristic_sql(source: str, c: dict[str, str], keys: list[str]) -> str:
    from dueregard.analytics.workforce.codes import CHARACTERISTICS

    sets = [(c[n], *keys) for n in CHARACTERISTICS if n in c]
    cols = sorted({k for s in sets for k in s})
    grouping = ", ".join("(" + ", ".join(s) + ")" for s in sets)
    return (
        f"SELECT {', '.join(cols)}, count(*) AS n FROM {source} GROUP BY GROUPING SETS ({grouping})"  # noqa: S608
    )


def run_duckdb_counts(d: Path, fmt: str) -> dict[str, Any]:
    """The pack's counting alone, on the raw values (see the module docstring)."""
    import duckdb

    con = duckdb.connect()
    cols = _columns(con, d, fmt)
    staff_source, s = cols["staff"]
    out: dict[str, Any] = {}
    out["staff"] = con.sql(_staff_sql(staff_source, s)).to_arrow_table()
    source, r = cols["recruitment"]
    out["recruitment"] = con.sql(_by_characteristic_sql(source, r, [r["stage"]])).to_arrow_table()
    # the people the other files name, once, keyed by a 64-bit hash of the id
    group = [s[n] for n in ("ethnic_category", "disability") if n in s]
    con.execute(
        f"CREATE TEMP TABLE people AS SELECT hash({s['person_id']}) AS person, "  # noqa: S608
        f"{', '.join(group)} FROM {staff_source}"
    )
    source, k = cols["cases"]
    out["cases"] = con.sql(
        f"SELECT {', '.join('p.' + g for g in group)}, c.{k['case_type']}, count(*) AS n "  # noqa: S608
        f"FROM {source} c JOIN people p ON p.person = hash(c.{k['person_id']}) GROUP BY ALL"
    ).to_arrow_table()
    source, k = cols["training"]
    out["training"] = con.sql(
        f"SELECT {', '.join('p.' + g for g in group)}, count(*) AS n FROM "  # noqa: S608
        f"(SELECT DISTINCT hash({k['person_id']}) AS person FROM {source}) t "
        "JOIN people p USING (person) GROUP BY ALL"
    ).to_arrow_table()
    source, k = cols["survey"]
    chars = [k[n] for n in ("ethnic_category", "disability") if n in k]
    out["survey"] = con.sql(
        f"WITH r AS (SELECT {', '.join(f'any_value({g}) AS {g}' for g in chars)}, "  # noqa: S608
        f"bit_or(1::UBIGINT << (hash({k['question']}, {k['answer']}) % 64)) AS items "
        f"FROM {source} GROUP BY hash({k['respondent_id']})) "
        f"SELECT {', '.join(chars)}, items, count(*) AS n FROM r "
        f"GROUP BY GROUPING SETS ({', '.join(f'({g}, items)' for g in chars)})"
    ).to_arrow_table()
    return out
