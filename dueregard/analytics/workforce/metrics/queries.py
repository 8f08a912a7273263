"""Step 1: the Ibis queries that only count, and running them on DuckDB or Spark."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import pandas as pd

from ... import engine as engines
from ..codes import GROUPINGS, UNKNOWN
from ..definitions import Standard, get_standard
from ..importers import Period
from . import compiled_sql, survey_flags
from .tables import _sums

PAY_GROUPINGS = ("sex", "ethnic_category", "disability")
SURVEY_GROUPINGS = ("ethnic_group", "disability")


def _present(t: Any, names: Sequence[str]) -> list[str]:
    cols = set(t.columns)
    return [n for n in names if n in cols]


#: How grouped counts are built: "union" (one GROUP BY per grouping, unioned — fastest on
#: DuckDB, which runs each over dictionary-encoded columns) or "unpivot" (one GROUP BY of
#: the unpivoted table — one shuffle on Spark instead of one per grouping).
STRATEGY = {"duckdb": "union", "spark": "unpivot"}


def _by_every(
    t: Any, groupings: Sequence[str], keys: Sequence[str], strategy: str = "union", **aggs: Any
) -> Any:
    """Counts per (grouping, group, keys…) for every grouping, as one query."""
    # Imported here: Ibis and DuckDB are slow to import.
    import ibis

    groupings = list(groupings)
    if not groupings:
        raise ValueError("no grouping columns")
    if strategy == "unpivot":
        cast = {g: t[g].cast("string") for g in groupings}
        long = t.mutate(**cast).pivot_longer(groupings, names_to="grouping", values_to="group")
        return long.group_by(["grouping", "group", *keys]).agg(
            **{k: f(long) for k, f in aggs.items()}
        )
    parts = [
        t.group_by(
            [ibis.literal(g).name("grouping"), t[g].cast("string").name("group"), *keys]
        ).agg(**{k: f(t) for k, f in aggs.items()})
        for g in groupings
    ]
    return ibis.union(*parts) if len(parts) > 1 else parts[0]


def queries(
    tables: Mapping[str, Any],
    period: Period,
    standards: Sequence[Standard],
    strategy: str = "union",
) -> dict[str, Any]:
    """Ibis expressions (counts only) for every metric the given tables allow.

    Hourly pay is taken to the nearest penny (``floor(x * 100 + 0.5) / 100``, the same
    IEEE operations on every engine) so the per-rate counts stay few and exact.
    """
    # Imported here: Ibis and DuckDB are slow to import.
    import ibis

    _by = partial(_by_every, strategy=strategy)

    out: dict[str, Any] = {}
    staff = tables.get("staff")
    if staff is not None:
        groupings = _present(staff, GROUPINGS)
        out["staff"] = _by(
            staff,
            groupings,
            ["bank", "board_member", "board_voting", "board_executive"],
            n=lambda t: t.count(),
        )
        out["bands"] = staff.group_by(
            ["bank", "clinical", "pay_grade", "ethnic_group", "disability"]
        ).agg(n=staff.count())
        if "period_pay" in staff.columns and "weekly_hours" in staff.columns:
            days = staff.days_in_period if "days_in_period" in staff.columns else None
            days = days.cast("float64") if days is not None else ibis.literal(30.0)
            paid = staff.filter(
                staff.full_pay_relevant
                & staff.period_pay.notnull()
                & (staff.weekly_hours > 0)
                & (days > 0)
            )
            days = (
                paid.days_in_period.cast("float64")
                if "days_in_period" in paid.columns
                else ibis.literal(30.0)
            )
            hourly = paid.mutate(
                hourly=((paid.period_pay * 7.0 / days / paid.weekly_hours) * 100.0 + 0.5).floor()
                / 100.0
            )
            out["pay"] = _by(
                hourly, _present(hourly, PAY_GROUPINGS), ["hourly"], n=lambda t: t.count()
            )
        if "bonus_pay" in staff.columns:
            bonus = staff.filter(staff.bonus_pay > 0)
            out["bonus"] = _by(
                bonus, _present(bonus, PAY_GROUPINGS), ["bonus_pay"], n=lambda t: t.count()
            )
    rec = tables.get("recruitment")
    if rec is not None:
        out["recruitment"] = _by(
            rec,
            _present(rec, GROUPINGS),
            [],
            applied=lambda t: t.count(),
            shortlisted=lambda t: t.shortlisted.cast("int64").sum(),
            appointed=lambda t: t.appointed.cast("int64").sum(),
        )
    if staff is not None:
        person_groups = staff.select("person_id", *_present(staff, GROUPINGS))
        cases = tables.get("cases")
        if cases is not None:
            windows = {s.case_type: s for s in standards}
            years = max([s.window_years for s in standards] or [2])
            lo, hi = period.window(years)
            c = cases.filter(cases.start_date.between(lo, hi))
            excluded = next(
                (s.case_reason_excluded for s in standards if s.case_reason_excluded), None
            )
            process = c.case_type
            if excluded:
                ill = c.reason.fill_null("").lower().re_search(excluded)
                process = ibis.ifelse(
                    (c.case_type == "capability") & ill, "capability (ill health)", c.case_type
                )
            c = c.mutate(process=process).select("person_id", "process").distinct()
            j = c.left_join(person_groups, c.person_id == person_groups.person_id)
            j = j.select(
                c.process,
                *[
                    person_groups[g].fill_null(UNKNOWN).name(g)
                    for g in person_groups.columns
                    if g != "person_id"
                ],
            )
            out["cases"] = _by(j, _present(j, GROUPINGS), ["process"], n=lambda t: t.count())
            del windows
        training = tables.get("training")
        if training is not None:
            years = max([s.training_window_years for s in standards] or [1])
            lo, hi = period.window(years)
            tr = training.filter(training.date.between(lo, hi)).select("person_id").distinct()
            j = tr.join(person_groups, tr.person_id == person_groups.person_id)
            j = j.select(*[person_groups[g] for g in person_groups.columns if g != "person_id"])
            out["training"] = _by(j, _present(j, GROUPINGS), [], n=lambda t: t.count())
    survey = tables.get("survey")
    if survey is not None:
        # One pass: what each row says of the survey items as bits, summed per respondent
        # (:mod:`.survey_flags`), then respondents counted per (groups, sums);
        # collect() widens that to sums per item and finish() reads each standard's.
        plan, keys = _survey_plan(standards, survey.columns)
        if plan is not None:
            s = survey.filter(
                (survey.answer_norm != "") & survey.question.isin(list(plan.questions))
            ).mutate(**survey_flags.row_bits(survey, plan))
            rid = "respondent_key" if "respondent_key" in survey.columns else "respondent_id"
            per = s.group_by([rid, *keys]).agg(
                rows=s.count(), **{c: s[c].sum() for c in plan.columns}
            )
            out["survey"] = per.group_by([*keys, *plan.columns, "rows"]).agg(n=per.count())
        eq = [s.engagement_question for s in standards if s.engagement_question]
        if eq:
            e = survey.filter(survey.question.isin(eq) & survey.answer_value.notnull())
            out["engagement"] = _by(
                e, _present(e, SURVEY_GROUPINGS), ["answer_value"], n=lambda t: t.count()
            )
    return out


def _survey_items(standards: Sequence[Standard], columns: Sequence[str]):
    for std in standards:
        if std.grouping not in columns:
            continue
        for i, item in enumerate(std.survey):
            yield f"{std.name.lower()}_{i}", std, item


def _survey_plan(
    standards: Sequence[Standard], columns: Sequence[str]
) -> tuple[survey_flags.Layout | None, list[str]]:
    """The survey's bits (None: no item to count) and the groups it is counted by — one
    answer for the query that sums the bits and for :func:`collect`, which widens them."""
    items = list(_survey_items(standards, columns))
    keys = [g for g in SURVEY_GROUPINGS if g in columns]
    return (survey_flags.layout(items) if items else None), keys


def _survey_long(wide: pd.DataFrame, standards: Sequence[Standard]) -> pd.DataFrame:
    """(standard, item, group, positive, answered) from the one-pass survey aggregate."""
    rows = []
    for key, std, item in _survey_items(standards, wide.columns):
        if f"a_{key}" not in wide.columns:
            continue
        sums = _sums(wide, [std.grouping], [f"p_{key}", f"a_{key}"])
        for group in sorted(sums):
            positive, answered = sums[group]
            rows.append((std.name, item.code, group[0], int(positive), int(answered)))
    return pd.DataFrame(rows, columns=["standard", "item", "group", "positive", "answered"])


def _register(con: Any, engine: str, name: str, table: Any) -> Any:
    """Make an Arrow table queryable by ``con``: a temporary view on Spark."""
    if engine == "spark":
        # Imported here: only when this kind of table is used.
        import pyarrow as pa

        session = con._session
        plain = pa.table(
            {
                c: (col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col)
                for c, col in zip(table.column_names, table.columns, strict=True)
            }
        )
        from ..spark import spark_frame

        spark_frame(session, plain).createOrReplaceTempView(name)
        return con.table(name)
    return con.create_table(name, table, temp=True, overwrite=True)


#: Compiled DuckDB queries per digest (:mod:`.compiled_sql`) for this process.
_COMPILED: dict[str, compiled_sql.Compiled] = {}


def _compiled(
    arrow: Mapping[str, Any], period: Period, standards: Sequence[Standard], strategy: str
) -> compiled_sql.Compiled:
    """``(name, SQL)`` for every query, over tables named ``dueregard_<kind>``: from
    memory, else from the disk cache, else built and compiled with Ibis (and stored)."""
    key = compiled_sql.digest(arrow, period, standards, strategy)
    hit = _COMPILED.get(key) or compiled_sql.load(key)
    if hit is None:
        # Imported here: Ibis is slow to import, and a cached compilation needs none.
        import ibis

        tables = {
            k: ibis.table(ibis.Schema.from_pyarrow(t.schema), name=f"dueregard_{k}")
            for k, t in arrow.items()
        }
        exprs = queries(tables, period, standards, strategy)
        hit = [(name, ibis.duckdb.compile(expr.as_table())) for name, expr in exprs.items()]
        compiled_sql.store(key, hit)
    if len(_COMPILED) > 32:
        _COMPILED.clear()
    _COMPILED[key] = hit
    return hit


def _to_frame(table: Any) -> pd.DataFrame:
    """An aggregate as pandas, with the dtypes Ibis gives (``con.execute``): text as
    ``str``, sums as int64; whole numbers and booleans with a missing value as float and
    object."""
    # Imported here: only this path needs it.
    import pyarrow as pa

    columns = {}
    for name, col in zip(table.column_names, table.columns, strict=True):
        kind = col.type
        if pa.types.is_dictionary(kind):
            col = col.cast(kind.value_type)
        elif pa.types.is_decimal(kind) and not col.null_count:
            col = col.cast(pa.int64())  # DuckDB's SUM of BIGINTs is a HUGEINT; Ibis says int64
        kind = col.type
        numeric = pa.types.is_integer(kind) or pa.types.is_floating(kind)
        text = pa.types.is_string(kind) or pa.types.is_large_string(kind)
        if col.null_count and (pa.types.is_decimal(kind) or pa.types.is_boolean(kind)):
            series = pd.Series(col.to_pylist(), dtype=object)
        elif (
            col.null_count
            and col.null_count == len(col)
            and not (text or pa.types.is_floating(kind))
        ):
            series = pd.Series([None] * len(col), dtype=object)
        elif col.null_count and numeric:
            series = col.cast(pa.float64()).to_pandas()
        else:
            series = col.to_pandas()
        columns[name] = series.astype("str") if text else series
    return pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows))


def _run_duckdb(
    con: Any, arrow: Mapping[str, Any], period: Period, standards: Sequence[Standard], strategy: str
):
    """Run the (cached) compiled queries on DuckDB over the Arrow tables, registered
    zero-copy. ``con`` is a DuckDB connection or an Ibis DuckDB backend."""
    compiled = _compiled(arrow, period, standards, strategy)
    raw = getattr(con, "con", con)
    names = [f"dueregard_{k}" for k in arrow]
    for name, table in zip(names, arrow.values(), strict=True):
        raw.register(name, table)
    try:
        for name, sql in compiled:
            yield name, _to_frame(raw.sql(sql).to_arrow_table())
    finally:
        for name in names:
            raw.unregister(name)


_LOCAL = threading.local()


def _default_connection() -> Any:
    """This thread's in-memory DuckDB connection (plain DuckDB: no Ibis), made once:
    connecting costs more than the queries on a trust's files. Queries only register
    (and then unregister) views."""
    key = os.environ.get("DUEREGARD_ENGINE_THREADS", "")
    cached = getattr(_LOCAL, "duckdb", None)
    if cached is None or cached[0] != key:
        cached = (key, engines.duckdb_connection())
        _LOCAL.duckdb = cached
    return cached[1]


def collect(
    inputs: Mapping[str, Any],
    *,
    period: Period | str,
    engine: str = "duckdb",
    con: Any = None,
    standards: Sequence[Standard] | None = None,
    progress: Any = None,
) -> dict[str, pd.DataFrame]:
    """Execute :func:`queries` on ``engine``; returns the aggregates as small frames."""
    if isinstance(period, str):
        period = Period.parse(period)
    if engine == "spark":
        from .. import spark  # noqa: F401  (registers the backend)
    standards = standards or [get_standard("WRES"), get_standard("WDES")]
    arrow = {}
    for kind, table in inputs.items():
        if table is None:
            continue
        arrow[kind] = table.table if hasattr(table, "table") else table
    strategy = STRATEGY.get(engine, "union")
    all_arrow = all(hasattr(t, "schema") and hasattr(t, "num_rows") for t in arrow.values())
    if con is None:
        # The shared connection only serves the Arrow path, which unregisters its views;
        # Ibis memtables stay registered for a connection's life, so they get a fresh one.
        shared = engine == "duckdb" and all_arrow
        con = _default_connection() if shared else engines.connect(engine)
    if engine == "duckdb" and all_arrow:
        frames = _run_duckdb(con, arrow, period, standards, strategy)
    else:
        # Imported here: Ibis is slow to import.
        import ibis

        tables = {}
        for kind, table in arrow.items():
            if engine == "duckdb":
                tables[kind] = ibis.memtable(table)
            else:
                tables[kind] = _register(con, engine, f"dueregard_{kind}", table)
        exprs = queries(tables, period, standards, strategy)
        frames = ((name, con.execute(expr)) for name, expr in exprs.items())
    out = {}
    for name, frame in frames:
        if name == "survey":
            survey = arrow["survey"]
            columns = list(getattr(survey, "column_names", None) or survey.columns)
            plan, keys = _survey_plan(standards, columns)
            frame = survey_flags.widen(frame, plan, keys)
        sort = [
            c
            for c in frame.columns
            if c not in ("n", "applied", "shortlisted", "appointed", "positive", "answered")
        ]
        out[name] = frame.sort_values(sort, kind="stable").reset_index(drop=True)
        if progress:
            progress(name)
    return out
