"""The workforce metrics: aggregations written once in Ibis, finished with the stats engine.

Two steps, so that DuckDB and Spark give *identical* results:

1. :func:`queries` builds Ibis expressions over the canonical tables. They only count
   (people, applications, cases, answers) per group — and per distinct hourly rate or
   bonus for the pay gaps — so every engine returns the same whole numbers, whatever
   order it sums in. :func:`collect` executes them on the chosen backend
   (``engine.connect("duckdb")`` by default, ``"spark"`` once :mod:`.spark` registered it).
2. :func:`finish` turns those few aggregate rows into the published tables with
   :mod:`dueregard.analytics.stats` (Katz relative likelihoods with the 0.80–1.25 band,
   Wilson proportions, Newcombe differences) and numpy (means, medians, quartiles from
   the per-rate counts).

Unknown groups ("Not declared", "Unknown") are shown and counted in every table and
excluded from every ratio. Each result table carries ``attrs`` describing its count
columns so :mod:`.outputs` can apply disclosure control.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..stats import proportion, relative_likelihood
from .codes import ETHNIC_CATEGORIES, GROUPINGS, MISSING, NOT_DECLARED, PAY_GRADES, UNKNOWN
from .definitions import Standard, get_standard
from .importers import Period

__all__ = [
    "METRICS",
    "PackResult",
    "collect",
    "finish",
    "gender_pay_gap",
    "likelihoods",
    "queries",
    "quartile_shares",
    "run_pack",
]

METRICS = ("wres", "wdes", "paygap", "representation", "funnel")
PAY_GROUPINGS = ("sex", "ethnic_category", "disability")
SURVEY_GROUPINGS = ("ethnic_group", "disability")
MIN_PAY_GROUP = 10


# --------------------------------------------------------------------------- queries


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
    from functools import partial

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
        # One pass: a flag per survey item, "any of its questions" per respondent, then
        # sums per (ethnic group, disability); finish() reads each standard's grouping.
        flags: dict[str, Any] = {}
        for key, _std, item in _survey_items(standards, survey.columns):
            asked = survey.question.isin(list(item.questions))
            flags[f"a_{key}"] = asked.cast("int64")
            flags[f"p_{key}"] = (asked & survey.answer_norm.isin(list(item.positive))).cast("int64")
        if flags:
            keys = _present(survey, SURVEY_GROUPINGS)
            s = survey.filter(survey.answer_norm != "").mutate(**flags)
            rid = "respondent_key" if "respondent_key" in survey.columns else "respondent_id"
            per = s.group_by([rid, *keys]).agg(**{k: s[k].max() for k in flags})
            aggs = {k: per[k].sum() for k in flags}
            out["survey"] = per.group_by(keys).agg(**aggs)
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


def _survey_long(wide: pd.DataFrame, standards: Sequence[Standard]) -> pd.DataFrame:
    """(standard, item, group, positive, answered) from the one-pass survey aggregate."""
    rows = []
    for key, std, item in _survey_items(standards, wide.columns):
        if f"a_{key}" not in wide.columns:
            continue
        sums = wide.groupby(std.grouping)[[f"p_{key}", f"a_{key}"]].sum()
        for group, r in sums.iterrows():
            rows.append((std.name, item.code, group, int(r[f"p_{key}"]), int(r[f"a_{key}"])))
    return pd.DataFrame(rows, columns=["standard", "item", "group", "positive", "answered"])


def _register(con: Any, engine: str, name: str, table: Any) -> Any:
    """Make an Arrow table queryable by ``con``: a temporary view on Spark."""
    if engine == "spark":
        import pyarrow as pa

        session = con._session
        plain = pa.table(
            {
                c: (col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col)
                for c, col in zip(table.column_names, table.columns, strict=True)
            }
        )
        session.createDataFrame(plain).createOrReplaceTempView(name)
        return con.table(name)
    return con.create_table(name, table, temp=True, overwrite=True)


#: Compiled DuckDB queries per (input schemas, period, standards, strategy): building and
#: compiling the Ibis expressions costs more than running them on a trust's files, and
#: the SQL depends only on the tables' schemas, never on their rows.
_COMPILED: dict[Any, list[tuple[str, str, Any]]] = {}


def _compiled(
    con: Any, arrow: Mapping[str, Any], period: Period, standards: Sequence[Standard], strategy: str
) -> list[tuple[str, str, Any]]:
    """``(name, SQL, expression)`` for every query, over tables named ``dueregard_<kind>``."""
    import ibis

    schemas = {k: ibis.Schema.from_pyarrow(t.schema) for k, t in arrow.items()}
    key: Any = (
        tuple((k, tuple(s.items())) for k, s in schemas.items()),
        period,
        tuple(standards),
        strategy,
    )
    try:
        hit = _COMPILED.get(key)
    except TypeError:  # unhashable standards: compile every time
        key, hit = None, None
    if hit is not None:
        return hit
    tables = {k: ibis.table(s, name=f"dueregard_{k}") for k, s in schemas.items()}
    exprs = queries(tables, period, standards, strategy)
    compiled = [(name, con.compile(expr.as_table()), expr) for name, expr in exprs.items()]
    if key is not None:
        if len(_COMPILED) > 32:
            _COMPILED.clear()
        _COMPILED[key] = compiled
    return compiled


def _run_duckdb(
    con: Any, arrow: Mapping[str, Any], period: Period, standards: Sequence[Standard], strategy: str
):
    """Run the (cached) compiled queries on DuckDB over the Arrow tables, registered
    zero-copy; frames converted exactly as ``con.execute`` converts them."""
    import pyarrow.types as pat
    from ibis.backends.duckdb.converter import DuckDBPandasData

    compiled = _compiled(con, arrow, period, standards, strategy)
    names = [f"dueregard_{k}" for k in arrow]
    for name, table in zip(names, arrow.values(), strict=True):
        con.con.register(name, table)
    try:
        for name, sql, expr in compiled:
            table = con.con.sql(sql).to_arrow_table()
            df = pd.DataFrame(
                {
                    c: (
                        col.to_pylist()
                        if pat.is_nested(col.type) or pat.is_dictionary(col.type) or col.null_count
                        else col.to_pandas()
                    )
                    for c, col in zip(table.column_names, table.columns, strict=True)
                }
            )
            schema = expr.as_table().schema()
            df = DuckDBPandasData.convert_table(df, schema)
            yield name, expr.__pandas_result__(df)
    finally:
        for name in names:
            con.con.unregister(name)


_LOCAL = threading.local()


def _default_connection() -> Any:
    """This thread's in-memory DuckDB connection, made once: connecting costs more than
    the queries on a trust's files. Queries only register (and then unregister) views."""
    import os

    from .. import engine as engines

    key = os.environ.get("DUEREGARD_ENGINE_THREADS", "")
    cached = getattr(_LOCAL, "duckdb", None)
    if cached is None or cached[0] != key:
        cached = (key, engines.connect("duckdb"))
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
    import ibis

    from .. import engine as engines

    if isinstance(period, str):
        period = Period.parse(period)
    if engine == "spark":
        from . import spark  # noqa: F401  (registers the backend)
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
        sort = [
            c
            for c in frame.columns
            if c not in ("n", "applied", "shortlisted", "appointed", "positive", "answered")
        ]
        out[name] = frame.sort_values(sort, kind="stable").reset_index(drop=True)
        if progress:
            progress(name)
    return out


# --------------------------------------------------------------------------- statistics


def likelihoods(
    a: Any, n: Any, c: Any, m: Any, *, confidence: float = 0.95
) -> dict[str, np.ndarray]:
    """Relative likelihood (a/n)/(c/m), Katz limits and the 0.80–1.25 flag; nan where a
    denominator is zero (no one in a group)."""
    a, n, c, m = (np.asarray(v, dtype=np.float64) for v in (a, n, c, m))
    ok = (n > 0) & (m > 0) & np.isfinite(n) & np.isfinite(m)
    cols = {k: np.full(a.shape, np.nan) for k in ("relative_likelihood", "lower95", "upper95")}
    flag = np.zeros(a.shape, dtype=object)
    flag[:] = None
    if ok.any():
        r = relative_likelihood(a[ok], n[ok], c[ok], m[ok], confidence=confidence, tests=False)
        cols["relative_likelihood"][ok] = r["value"]
        cols["lower95"][ok] = r["lowercl"]
        cols["upper95"][ok] = r["uppercl"]
        flag[ok] = r["outside_band"]
    cols["outside_0_80_1_25"] = flag
    return cols


def _wilson(x: Any, n: Any) -> dict[str, np.ndarray]:
    x, n = np.asarray(x, dtype=np.float64), np.asarray(n, dtype=np.float64)
    out = {k: np.full(x.shape, np.nan) for k in ("pct", "pct_lower95", "pct_upper95")}
    ok = n > 0
    if ok.any():
        r = proportion(x[ok], n[ok], multiplier=100)
        out["pct"][ok], out["pct_lower95"][ok], out["pct_upper95"][ok] = (
            r["value"],
            r["lowercl"],
            r["uppercl"],
        )
    return out


def round1(x: Any) -> Any:
    """Round half away from zero to one decimal place (pay gap reporting)."""
    x = np.asarray(x, dtype=np.float64)
    return np.sign(x) * np.floor(np.abs(x) * 10 + 0.5 + 1e-9) / 10


def _weighted_median(values: np.ndarray, counts: np.ndarray) -> float:
    total = counts.sum()
    if total == 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    v, c = values[order], np.cumsum(counts[order])
    lo = np.searchsorted(c, (total - 1) // 2 + 1)
    hi = np.searchsorted(c, total // 2 + 1)
    return float((v[lo] + v[hi]) / 2)


def _mean(values: np.ndarray, counts: np.ndarray) -> float:
    total = counts.sum()
    return float(np.dot(values, counts) / total) if total else float("nan")


def quartile_shares(values: Any, male: Any, female: Any) -> tuple[np.ndarray, np.ndarray]:
    """Men and women in each pay quartile (counts, possibly fractional).

    People are ranked by hourly rate and split into four equal-sized bands (boundaries at
    N/4, N/2, 3N/4, fractional when N is not a multiple of 4). People sharing a rate that
    straddles a boundary are shared between the bands in their rate's male/female
    proportion (SI 2017/353 guidance).
    """
    values = np.asarray(values, dtype=np.float64)
    male = np.asarray(male, dtype=np.float64)
    female = np.asarray(female, dtype=np.float64)
    order = np.argsort(values, kind="stable")
    male, female = male[order], female[order]
    size = male + female
    end = np.cumsum(size)
    start = end - size
    total = end[-1] if end.size else 0.0
    men, women = np.zeros(4), np.zeros(4)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(size > 0, male / size, 0.0)
    for q in range(4):
        lo, hi = total * q / 4, total * (q + 1) / 4
        overlap = np.clip(np.minimum(end, hi) - np.maximum(start, lo), 0, None)
        men[q] = np.sum(overlap * share)
        women[q] = np.sum(overlap * (1 - share))
    return men, women


def _gap(ref: float, other: float) -> float:
    return (ref - other) / ref * 100 if ref else float("nan")


def gender_pay_gap(
    pay: pd.DataFrame, bonus: pd.DataFrame | None, relevant: Mapping[str, float]
) -> pd.DataFrame:
    """The six gender pay gap figures (one decimal place) from per-rate counts.

    ``pay``: rows (group, hourly, n) for Male/Female full-pay relevant employees;
    ``bonus``: rows (group, bonus_pay, n) of those paid a bonus; ``relevant``: number of
    relevant employees by sex (the denominators of the % paid a bonus).
    """

    def part(frame: pd.DataFrame | None, sex: str, col: str) -> tuple[np.ndarray, np.ndarray]:
        if frame is None or frame.empty:
            return np.array([]), np.array([])
        f = frame[frame["group"] == sex]
        return f[col].to_numpy(np.float64), f["n"].to_numpy(np.float64)

    mv, mc = part(pay, "Male", "hourly")
    fv, fc = part(pay, "Female", "hourly")
    rows = [
        ("Mean hourly pay gap (%)", _gap(_mean(mv, mc), _mean(fv, fc))),
        ("Median hourly pay gap (%)", _gap(_weighted_median(mv, mc), _weighted_median(fv, fc))),
    ]
    bmv, bmc = part(bonus, "Male", "bonus_pay")
    bfv, bfc = part(bonus, "Female", "bonus_pay")
    rows += [
        ("Mean bonus gap (%)", _gap(_mean(bmv, bmc), _mean(bfv, bfc))),
        ("Median bonus gap (%)", _gap(_weighted_median(bmv, bmc), _weighted_median(bfv, bfc))),
        (
            "Men paid a bonus (%)",
            100 * bmc.sum() / relevant.get("Male", np.nan) if relevant.get("Male") else np.nan,
        ),
        (
            "Women paid a bonus (%)",
            100 * bfc.sum() / relevant.get("Female", np.nan) if relevant.get("Female") else np.nan,
        ),
    ]
    rates = np.union1d(mv, fv)
    m = np.zeros(rates.size)
    f = np.zeros(rates.size)
    m[np.searchsorted(rates, mv)] = mc
    f[np.searchsorted(rates, fv)] = fc
    men, women = quartile_shares(rates, m, f)
    names = ("Lower", "Lower middle", "Upper middle", "Top")
    for q, name in enumerate(names):
        size = men[q] + women[q]
        rows.append((f"{name} quartile: men (%)", 100 * men[q] / size if size else np.nan))
        rows.append((f"{name} quartile: women (%)", 100 * women[q] / size if size else np.nan))
    frame = pd.DataFrame(rows, columns=["measure", "value"])
    frame["value"] = round1(frame["value"].to_numpy())
    frame.attrs = {
        "title": "Gender pay gap (SI 2017/353): the six figures",
        "counts": [],
        "statistic_of": {},
    }
    return frame


# --------------------------------------------------------------------------- finishing


def _order(grouping: str, groups: Sequence[str]) -> list[str]:
    groups = [g for g in groups if g is not None]
    if grouping == "ethnic_category":
        canon = list(ETHNIC_CATEGORIES)
    elif grouping == "ethnic_group":
        canon = ["White", "BME"]
    elif grouping == "ethnic_broad":
        canon = ["White", "Mixed", "Asian", "Black", "Other"]
    elif grouping == "disability":
        canon = ["Disabled", "Non-disabled"]
    elif grouping == "sex":
        canon = ["Female", "Male", "Other"]
    else:
        canon = []
    declared = [g for g in canon if g in groups] + sorted(
        g for g in groups if g not in canon and g not in MISSING
    )
    return declared + [g for g in (NOT_DECLARED, UNKNOWN) if g in groups]


def _reference(grouping: str, counts: pd.Series) -> str | None:
    ref = GROUPINGS.get(grouping, (None, None))[1]
    declared = counts[[g for g in counts.index if g not in MISSING]]
    if ref is not None and ref in declared.index and declared[ref] > 0:
        return ref
    if declared.empty:
        return None
    return str(declared.idxmax())


def _reference_of(grouping: str, groups: Sequence[str], counts: np.ndarray) -> str | None:
    """:func:`_reference` for counts given as ``groups`` and an array (no pandas)."""
    declared = [(g, v) for g, v in zip(groups, counts, strict=True) if g not in MISSING]
    ref = GROUPINGS.get(grouping, (None, None))[1]
    if ref is not None and any(g == ref and v > 0 for g, v in declared):
        return ref
    if not declared:
        return None
    best, top = declared[0]
    for g, v in declared[1:]:
        if v > top:
            best, top = g, v
    return str(best)


def _label(grouping: str, group: str) -> str:
    if grouping == "ethnic_category" and group in ETHNIC_CATEGORIES:
        return f"{group} {ETHNIC_CATEGORIES[group][0]}"
    return group


def _nested(frame: pd.DataFrame, keys: list[str], value: str = "n") -> dict:
    """{k1: {k2: … sum}} of ``value`` — plain dicts, so the loops avoid pandas overhead."""
    out: dict = {}
    sums = frame.groupby(keys, sort=False)[value].sum()
    for key, v in zip(sums.index, sums.to_numpy(), strict=True):
        d = out
        for k in key[:-1]:
            d = d.setdefault(k, {})
        d[key[-1]] = float(v)
    return out


def _pivot(frame: pd.DataFrame, grouping: str, values: Sequence[str]) -> pd.DataFrame:
    f = frame[frame["grouping"] == grouping]
    f = f.groupby("group")[list(values)].sum()
    return f.reindex(_order(grouping, list(f.index))).fillna(0)


def _attrs(
    frame: pd.DataFrame,
    title: str,
    counts: Sequence[str],
    statistic_of: Mapping[str, Sequence[str]] | None = None,
    pct_of: Mapping[str, tuple[str, str]] | None = None,
    note: str = "",
) -> pd.DataFrame:
    frame.attrs = {
        "title": title,
        "counts": list(counts),
        "statistic_of": dict(statistic_of or {}),
        "pct_of": dict(pct_of or {}),
        "note": note,
    }
    return frame


_RL_COLS = ("relative_likelihood", "lower95", "upper95", "outside_0_80_1_25")


def _comparison_table(
    per: pd.DataFrame, grouping: str, num: str, den: str, ref: str | None
) -> pd.DataFrame:
    """Rows per group with num/den, rate and relative likelihood vs ``ref`` (numpy)."""
    x = per[num].to_numpy(dtype=np.float64)
    n = per[den].to_numpy(dtype=np.float64)
    return pd.DataFrame(_comparison_columns(list(per.index), grouping, num, den, x, n, ref))


def _comparison_columns(
    groups: list[str],
    grouping: str,
    num: str,
    den: str,
    x: np.ndarray,
    n: np.ndarray,
    ref: str | None,
) -> dict[str, Any]:
    """The columns of :func:`_comparison_table` for ``groups`` with counts ``x``/``n``."""
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(n > 0, x / np.where(n > 0, n, 1.0), np.nan)
    cols: dict[str, Any] = {
        "group": [_label(grouping, g) for g in groups],
        "reference": np.array([g == ref for g in groups]),
        den: n,
        num: x,
        f"{num}_per_{den}": rate,
    }
    rl = {k: np.full(len(groups), np.nan) for k in _RL_COLS[:3]}
    flag = np.full(len(groups), None, dtype=object)
    if ref is not None and ref in groups:
        idx = np.array([i for i, g in enumerate(groups) if g not in MISSING], dtype=np.int64)
        r = groups.index(ref)
        res = likelihoods(x[idx], n[idx], np.full(idx.size, x[r]), np.full(idx.size, n[r]))
        for k in _RL_COLS[:3]:
            rl[k][idx] = res[k]
        flag[idx] = res[_RL_COLS[3]]
    cols.update(rl)
    cols[_RL_COLS[3]] = flag
    return cols


@dataclass
class PackResult:
    """Named result tables (pandas, with ``attrs`` for disclosure) and metadata."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


def _standard_tables(
    std: Standard, aggs: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, pd.DataFrame]:
    g, grp, ref = std.grouping, std.group, std.reference
    name = std.name
    tables: dict[str, pd.DataFrame] = {}
    bands = aggs.get("bands")
    staff = aggs.get("staff")
    if bands is not None:
        b = bands[~bands["bank"]] if std.exclude_bank else bands
        b = b.assign(col=b[g].where(~b[g].isin(MISSING), UNKNOWN))
        cols = [grp, ref, UNKNOWN] if name == "WDES" else [ref, grp, UNKNOWN]
        rows = []
        for clinical in (False, True):
            sub = b[b["clinical"] == clinical]
            piv = sub.pivot_table(
                index="pay_grade", columns="col", values="n", aggfunc="sum", fill_value=0
            )
            piv = piv.reindex(
                index=[p for p in PAY_GRADES if p in piv.index], columns=cols, fill_value=0
            )
            for grade, r in piv.iterrows():
                rows.append(
                    {
                        "cluster": "Clinical" if clinical else "Non-clinical",
                        "pay_grade": grade,
                        **{c: int(r[c]) for c in cols},
                    }
                )
        t = pd.DataFrame(rows, columns=["cluster", "pay_grade", *cols])
        t["Total"] = t[cols].sum(axis=1)
        pct = {}
        for c in cols:
            t[f"{c} %"] = np.where(t["Total"] > 0, 100 * t[c] / t["Total"].replace(0, 1), np.nan)
            pct[f"{c} %"] = (c, "Total")
        tables[f"{name.lower()}1"] = _attrs(
            t,
            f"{name} {'metric' if name == 'WDES' else 'indicator'} 1: staff in each pay band"
            f" by {'disability' if name == 'WDES' else 'ethnicity'}, clinical and non-clinical"
            + (" (bank staff excluded)" if std.exclude_bank else ""),
            [*cols, "Total"],
            pct_of=pct,
        )
    rec = aggs.get("recruitment")
    if rec is not None and (rec["grouping"] == g).any():
        per = _pivot(rec, g, ["applied", "shortlisted", "appointed"])
        per.loc[UNKNOWN] = (
            per.loc[[x for x in per.index if x in MISSING]].sum()
            if any(x in per.index for x in MISSING)
            else 0
        )
        per = per.loc[[x for x in per.index if x != NOT_DECLARED]]
        a = per.reindex([ref, grp]).fillna(0)
        res = likelihoods(
            [a.loc[ref, "appointed"]],
            [a.loc[ref, "shortlisted"]],
            [a.loc[grp, "appointed"]],
            [a.loc[grp, "shortlisted"]],
        )
        t = per.reset_index().rename(columns={"index": "group", "group": "group"})
        t.columns = ["group", *per.columns]
        t["appointed_from_shortlisting"] = np.where(
            t["shortlisted"] > 0, t["appointed"] / t["shortlisted"].replace(0, 1), np.nan
        )
        summary = {k: res[k][0] for k in _RL_COLS}
        outside = " — outside 0.80–1.25" if summary["outside_0_80_1_25"] else ""
        t.attrs = {}
        tables[f"{name.lower()}2"] = _attrs(
            t,
            f"{name} 2: relative likelihood of {ref.lower()} applicants being appointed "
            f"from shortlisting compared to {grp if grp == 'BME' else grp.lower()} applicants"
            f" = {summary['relative_likelihood']:.3f} (95% CI {summary['lower95']:.3f}–"
            f"{summary['upper95']:.3f}){outside}",
            ["applied", "shortlisted", "appointed"],
            statistic_of={"appointed_from_shortlisting": ["appointed", "shortlisted"]},
            note="Unknown includes not declared; excluded from the ratio.",
        )
        tables[f"{name.lower()}2"].attrs["summary"] = summary
    if staff is not None and aggs.get("cases") is not None:
        st = staff[staff["grouping"] == g]
        if std.exclude_bank:
            st = st[~st["bank"]]
        heads = st.groupby("group")["n"].sum()
        cs = aggs["cases"]
        cs = cs[(cs["grouping"] == g) & (cs["process"] == std.case_type)]
        entered = cs.groupby("group")["n"].sum()
        t = _two_group_rl(heads, entered, grp, ref, "staff", "entered")
        what = (
            "entering the formal disciplinary process"
            if std.case_type == "disciplinary"
            else "entering the formal capability process (performance only)"
        )
        tables[f"{name.lower()}3"] = _attrs(
            t["table"],
            f"{name} 3: relative likelihood of {grp if grp == 'BME' else grp.lower()}"
            f" staff {what} compared to {ref.lower()} staff, two-year rolling "
            f"({period.window(std.window_years)[0]:%d %B %Y} to {period.end:%d %B %Y})"
            + t["summary_text"],
            ["staff", "entered"],
            statistic_of={"entered_per_staff": ["staff", "entered"]},
        )
        tables[f"{name.lower()}3"].attrs["summary"] = t["summary"]
    if name == "WRES" and staff is not None and aggs.get("training") is not None:
        st = staff[staff["grouping"] == g]
        heads = st.groupby("group")["n"].sum()
        tr = aggs["training"]
        accessed = tr[tr["grouping"] == g].groupby("group")["n"].sum()
        t = _two_group_rl(heads, accessed, ref, grp, "staff", "accessed")
        tables["wres4"] = _attrs(
            t["table"],
            "WRES 4: relative likelihood of White staff accessing non-mandatory "
            "training and CPD compared to BME staff" + t["summary_text"],
            ["staff", "accessed"],
            statistic_of={"accessed_per_staff": ["staff", "accessed"]},
        )
        tables["wres4"].attrs["summary"] = t["summary"]
    sv = aggs.get("survey")
    if sv is not None and not sv.empty and "standard" not in sv.columns:
        sv = _survey_long(sv, [std])
    if sv is not None and not sv.empty:
        sv = sv[sv["standard"] == name]
        rows = []
        for item in std.survey:
            for group in [grp, ref] if item.groups is None else list(item.groups):
                r = sv[(sv["item"] == item.code) & (sv["group"] == group)]
                rows.append(
                    {
                        "indicator": item.code,
                        "title": item.title,
                        "group": group,
                        "positive": int(r["positive"].sum()),
                        "answered": int(r["answered"].sum()),
                    }
                )
        t = pd.DataFrame(rows)
        if not t.empty:
            w = _wilson(t["positive"], t["answered"])
            for k, v in w.items():
                t[k] = v
        number = "5-8" if name == "WRES" else "4-8"
        tables[f"{name.lower()}_survey"] = _attrs(
            t,
            f"{name} {number}: NHS Staff Survey percentages by group (Wilson 95% CI)",
            ["positive", "answered"],
            statistic_of={
                k: ["positive", "answered"] for k in ("pct", "pct_lower95", "pct_upper95")
            },
        )
    eng = aggs.get("engagement")
    if name == "WDES" and eng is not None and not eng.empty:
        rows = []
        for group in [grp, ref]:
            e = eng[(eng["grouping"] == g) & (eng["group"] == group)]
            v, c = e["answer_value"].to_numpy(float), e["n"].to_numpy(float)
            rows.append(
                {
                    "group": group,
                    "respondents": int(c.sum()),
                    "engagement_score": round(_mean(v, c), 2) if c.sum() else np.nan,
                }
            )
        rows.append({"group": "9b", "respondents": np.nan, "engagement_score": np.nan})
        t = pd.DataFrame(rows)
        tables["wdes9"] = _attrs(
            t,
            "WDES 9a: staff engagement score (0–10) by group; 9b: the organisation's "
            "narrative on how disabled staff's voices are heard (written by the "
            "organisation)",
            ["respondents"],
            statistic_of={"engagement_score": ["respondents"]},
        )
    if staff is not None:
        st = staff[staff["grouping"] == g]
        if std.exclude_bank:
            st = st[~st["bank"]]
        rows = []
        for label, mask in (
            ("Board: voting members", st["board_voting"]),
            ("Board: executive members", st["board_executive"]),
            ("Board: all members", st["board_member"]),
            ("Overall workforce", pd.Series(True, index=st.index)),
        ):
            s = st[mask.astype(bool)].groupby("group")["n"].sum()
            known = float(s[[x for x in s.index if x not in MISSING]].sum())
            n_grp = float(s.get(grp, 0))
            rows.append(
                {
                    "population": label,
                    grp: n_grp,
                    "known": known,
                    "unknown": float(s[[x for x in s.index if x in MISSING]].sum()),
                    f"{grp} %": 100 * n_grp / known if known else np.nan,
                }
            )
        t = pd.DataFrame(rows)
        overall = t[f"{grp} %"].iloc[-1]
        t["difference_pp"] = t[f"{grp} %"] - overall
        t.loc[t.index[-1], "difference_pp"] = np.nan
        number = 9 if name == "WRES" else 10
        tables[f"{name.lower()}{number}"] = _attrs(
            t,
            f"{name} {number}: percentage difference between the board's {grp} membership "
            "and the overall workforce (percentage points; unknown excluded)",
            [grp, "known", "unknown"],
            pct_of={f"{grp} %": (grp, "known")},
            statistic_of={"difference_pp": [grp, "known"]},
        )
    return tables


def _two_group_rl(
    heads: pd.Series, events: pd.Series, group: str, ref: str, den: str, num: str
) -> dict[str, Any]:
    idx = _order("x", list(set(heads.index) | set(events.index)))
    known = [x for x in idx if x not in MISSING]
    unknown = [x for x in idx if x in MISSING]
    order = [x for x in (group, ref) if x in known] + [x for x in known if x not in (group, ref)]
    t = pd.DataFrame(
        {
            den: heads.reindex(order + unknown).fillna(0).to_numpy(),
            num: events.reindex(order + unknown).fillna(0).to_numpy(),
        },
        index=order + unknown,
    )
    if unknown:
        t.loc[UNKNOWN] = t.loc[unknown].sum()
        t = t.loc[[x for x in t.index if x != NOT_DECLARED]]
    t[f"{num}_per_{den}"] = np.where(t[den] > 0, t[num] / t[den].replace(0, 1), np.nan)
    g = t.reindex([group, ref]).fillna(0)
    res = likelihoods(
        [g.loc[group, num]], [g.loc[group, den]], [g.loc[ref, num]], [g.loc[ref, den]]
    )
    summary = {k: res[k][0] for k in _RL_COLS}
    text = ""
    if np.isfinite(summary["relative_likelihood"]):
        text = (
            f" = {summary['relative_likelihood']:.3f} (95% CI {summary['lower95']:.3f}–"
            f"{summary['upper95']:.3f})"
            + (" — outside 0.80–1.25" if summary["outside_0_80_1_25"] else "")
        )
    t.index.name = "group"
    return {"table": t.reset_index(), "summary": summary, "summary_text": text}


def _pay_groups(pay: pd.DataFrame, grouping: str, reference: str) -> pd.DataFrame:
    """Ethnicity / disability pay gaps against ``reference``; groups under 10 merged into
    their broad group (ethnicity) or withheld."""
    f = pay[pay["grouping"] == grouping]
    sizes = f.groupby("group")["n"].sum()
    total = float(sizes.sum())
    undisclosed = float(sizes[[x for x in sizes.index if x in MISSING]].sum())
    units: list[tuple[str, list[str]]] = []
    if grouping == "ethnic_category":
        pending: dict[str, list[str]] = {}
        for code in ETHNIC_CATEGORIES:
            if code not in sizes.index:
                continue
            if sizes[code] >= MIN_PAY_GROUP or code == reference:
                units.append((_label(grouping, code), [code]))
            else:
                broad = ETHNIC_CATEGORIES[code][1]
                pending.setdefault(broad, []).append(code)
        for broad, codes in pending.items():
            units.append((f"{broad} (merged: {', '.join(codes)})", codes))
    else:
        units = [(g, [g]) for g in _order(grouping, list(sizes.index)) if g not in MISSING]

    def stats(codes: list[str]) -> tuple[float, float, float]:
        s = f[f["group"].isin(codes)]
        v, c = s["hourly"].to_numpy(float), s["n"].to_numpy(float)
        return c.sum(), _mean(v, c), _weighted_median(v, c)

    ref_codes = next((c for label, c in units if reference in c), [reference])
    rn, rmean, rmedian = stats(ref_codes)
    rows = []
    for label, codes in units:
        n, mean, median = stats(codes)
        shown = n >= MIN_PAY_GROUP and rn >= MIN_PAY_GROUP
        rows.append(
            {
                "group": label,
                "people": n,
                "mean_hourly": round(mean, 2) if shown else np.nan,
                "median_hourly": round(median, 2) if shown else np.nan,
                "mean_gap_pct": float(round1(_gap(rmean, mean))) if shown else np.nan,
                "median_gap_pct": float(round1(_gap(rmedian, median))) if shown else np.nan,
                "reference": reference in codes,
                "note": "" if shown else f"withheld: fewer than {MIN_PAY_GROUP} people",
            }
        )
    rows.append(
        {
            "group": "Did not disclose",
            "people": undisclosed,
            "mean_hourly": np.nan,
            "median_hourly": np.nan,
            "mean_gap_pct": float(round1(100 * undisclosed / total)) if total else np.nan,
            "median_gap_pct": np.nan,
            "reference": False,
            "note": "mean_gap_pct column: share of full-pay relevant staff (%)",
        }
    )
    return pd.DataFrame(rows)


_REF_CHARACTERISTICS = {
    "ethnicity": "ethnic_broad",
    "ethnic group": "ethnic_broad",
    "race": "ethnic_broad",
    "ethnic broad": "ethnic_broad",
    "ethnic category": "ethnic_category",
    "sex": "sex",
    "gender": "sex",
    "disability": "disability",
    "age": "age_band",
    "age band": "age_band",
    "religion": "religion",
    "religion or belief": "religion",
    "sexual orientation": "sexual_orientation",
    "marital status": "marital_status",
}


def _reference_groups(ref: pd.DataFrame) -> pd.DataFrame:
    from .codes import code_maps, normalise

    maps = code_maps()
    rows = []
    for (char, group), count in ref.groupby(["characteristic", "group"])["count"].sum().items():
        col = _REF_CHARACTERISTICS.get(normalise(char), normalise(char).replace(" ", "_"))
        label = normalise(group)
        if col == "ethnic_broad":
            first = label.split(" ")[0] if label else ""
            value = {
                "white": "White",
                "mixed": "Mixed",
                "asian": "Asian",
                "black": "Black",
                "other": "Other",
                "arab": "Other",
            }.get(first, UNKNOWN)
        elif col == "age_band":
            value = str(group).strip()
        else:
            value = maps.get(col, {}).get(label, UNKNOWN)
        rows.append((col, value, float(count)))
    f = pd.DataFrame(rows, columns=["grouping", "group", "count"])
    return f.groupby(["grouping", "group"], as_index=False)["count"].sum()


def _representation(staff: pd.DataFrame, ref: pd.DataFrame) -> pd.DataFrame:
    refg = _reference_groups(ref)
    rows = []
    for grouping in refg["grouping"].unique():
        st = staff[staff["grouping"] == grouping].groupby("group")["n"].sum()
        rp = refg[refg["grouping"] == grouping].set_index("group")["count"]
        known_st = st[[x for x in st.index if x not in MISSING]]
        known_rp = rp[[x for x in rp.index if x not in MISSING]]
        groups = _order(grouping, sorted(set(known_st.index) | set(known_rp.index)))
        if not groups or known_st.sum() == 0 or known_rp.sum() == 0:
            continue
        x1 = known_st.reindex(groups).fillna(0).to_numpy(float)
        x2 = known_rp.reindex(groups).fillna(0).to_numpy(float)
        n1 = np.full(len(groups), x1.sum())
        n2 = np.full(len(groups), x2.sum())
        w1, w2 = _wilson(x1, n1), _wilson(x2, n2)
        d = w1["pct"] - w2["pct"]
        # Newcombe (1998) hybrid score interval for a difference of proportions.
        lo = d - np.sqrt(
            (w1["pct"] - w1["pct_lower95"]) ** 2 + (w2["pct_upper95"] - w2["pct"]) ** 2
        )
        hi = d + np.sqrt(
            (w1["pct_upper95"] - w1["pct"]) ** 2 + (w2["pct"] - w2["pct_lower95"]) ** 2
        )
        unknown = float(st[[x for x in st.index if x in MISSING]].sum())
        for i, g in enumerate(groups):
            rows.append(
                {
                    "characteristic": GROUPINGS.get(grouping, (grouping,))[0],
                    "group": _label(grouping, g),
                    "staff": x1[i],
                    "staff_known": n1[i],
                    "staff_pct": w1["pct"][i],
                    "reference_pct": w2["pct"][i],
                    "difference_pp": d[i],
                    "difference_lower95": lo[i],
                    "difference_upper95": hi[i],
                    "significant": bool(lo[i] > 0 or hi[i] < 0),
                    "staff_unknown": unknown,
                }
            )
    t = pd.DataFrame(rows)
    return _attrs(
        t,
        "Representation against the reference population (percentage-point "
        "differences, Newcombe hybrid score 95% CI; unknowns excluded and counted)",
        ["staff", "staff_known", "staff_unknown"],
        pct_of={"staff_pct": ("staff", "staff_known")},
        statistic_of={
            k: ["staff"] for k in ("difference_pp", "difference_lower95", "difference_upper95")
        },
    )


def finish(
    aggs: Mapping[str, pd.DataFrame],
    *,
    period: Period | str,
    metrics: Sequence[str] = METRICS,
    reference: pd.DataFrame | None = None,
    standards: Sequence[Standard] | None = None,
) -> PackResult:
    """Build the result tables from the aggregates (any engine) — pure numpy/pandas."""
    if isinstance(period, str):
        period = Period.parse(period)
    standards = standards or [get_standard("WRES"), get_standard("WDES")]
    by_name = {s.name.lower(): s for s in standards}
    result = PackResult(
        meta={
            "period": period.label,
            "snapshot": period.end.isoformat(),
            "standards": {s.name: s.version for s in standards},
        }
    )
    tables = result.tables
    for m in ("wres", "wdes"):
        if m in metrics and m in by_name:
            tables.update(_standard_tables(by_name[m], aggs, period))
    if "paygap" in metrics and aggs.get("pay") is not None:
        pay = aggs["pay"]
        bonus = aggs.get("bonus")
        staff = aggs["staff"]
        relevant = staff[staff["grouping"] == "sex"].groupby("group")["n"].sum().to_dict()
        tables["gender_pay_gap"] = gender_pay_gap(
            pay[pay["grouping"] == "sex"],
            bonus[bonus["grouping"] == "sex"] if bonus is not None else None,
            relevant,
        )
        for grouping, ref, title in (
            ("ethnic_category", "A", "Ethnicity pay gap against White British"),
            ("disability", "Non-disabled", "Disability pay gap against non-disabled staff"),
        ):
            if (pay["grouping"] == grouping).any():
                t = _pay_groups(pay, grouping, ref)
                tables[f"{grouping.split('_')[0]}_pay_gap"] = _attrs(
                    t,
                    f"{title} (hourly pay, full-pay relevant staff; groups under "
                    f"{MIN_PAY_GROUP} merged or withheld)",
                    ["people"],
                    statistic_of={k: ["people"] for k in ("mean_hourly", "median_hourly")},
                )
    if "representation" in metrics and reference is not None and aggs.get("staff") is not None:
        tables["representation"] = _representation(aggs["staff"], reference)
    if "funnel" in metrics:
        rec = aggs.get("recruitment")
        if rec is not None:
            frames = []
            for grouping in _order_groupings(rec["grouping"].unique()):
                per = _pivot(rec, grouping, ["applied", "shortlisted", "appointed"])
                ref = _reference(grouping, per["applied"])
                a = _comparison_table(per, grouping, "shortlisted", "applied", ref)
                b = _comparison_table(per, grouping, "appointed", "shortlisted", ref)
                t = a.rename(columns={k: f"shortlisting_{k}" for k in _RL_COLS})
                for k in ("appointed", "appointed_per_shortlisted", *_RL_COLS):
                    t[f"appointment_{k}" if k in _RL_COLS else k] = b[k].to_numpy()
                t.insert(0, "characteristic", GROUPINGS[grouping][0])
                frames.append(t)
            funnel = pd.concat(frames, ignore_index=True)
            tables["funnel"] = _attrs(
                funnel,
                "Recruitment funnel (applied → shortlisted → appointed) for every "
                "characteristic: relative likelihood of each group against the "
                "reference group (Katz 95% CI; 0.80–1.25 band)",
                ["applied", "shortlisted", "appointed"],
                statistic_of={
                    "shortlisted_per_applied": ["shortlisted", "applied"],
                    "appointed_per_shortlisted": ["appointed", "shortlisted"],
                },
            )
        cases, staff = aggs.get("cases"), aggs.get("staff")
        if cases is not None and staff is not None:
            # One frame built from columns: these ~30 small tables cost more as frames.
            parts: dict[str, list] = {}
            heads_all = _nested(staff, ["grouping", "group"])
            ent_all = _nested(cases, ["process", "grouping", "group"])
            for process in ("disciplinary", "capability", "capability (ill health)"):
                for grouping in _order_groupings(heads_all):
                    heads = heads_all.get(grouping, {})
                    ent = ent_all.get(process, {}).get(grouping, {})
                    groups = _order(grouping, list(set(heads) | set(ent)))
                    n = np.array([heads.get(g, 0.0) for g in groups], dtype=np.float64)
                    x = np.array([ent.get(g, 0.0) for g in groups], dtype=np.float64)
                    ref = _reference_of(grouping, groups, n)
                    cols = _comparison_columns(groups, grouping, "entered", "staff", x, n, ref)
                    parts.setdefault("process", []).append([process] * len(groups))
                    parts.setdefault("characteristic", []).append(
                        [GROUPINGS[grouping][0]] * len(groups)
                    )
                    for k, v in cols.items():
                        parts.setdefault(k, []).append(v)
            if not parts:
                pd.concat([])  # no groupings: the same error as concatenating no tables
            formal = pd.DataFrame(
                {
                    k: (
                        [v for chunk in chunks for v in chunk]
                        if isinstance(chunks[0], list)
                        else np.concatenate(chunks)
                    )
                    for k, chunks in parts.items()
                }
            )
            tables["formal_processes"] = _attrs(
                formal,
                "Likelihood of entering formal processes (two-year rolling) for every "
                "characteristic against the reference group (Katz 95% CI; 0.80–1.25 band)",
                ["staff", "entered"],
                statistic_of={"entered_per_staff": ["staff", "entered"]},
            )
    return result


def _order_groupings(names: Any) -> list[str]:
    return [g for g in GROUPINGS if g in set(names)]


def run_pack(
    inputs: Mapping[str, Any],
    *,
    period: Period | str,
    metrics: Sequence[str] = METRICS,
    engine: str = "duckdb",
    con: Any = None,
    progress: Any = None,
) -> PackResult:
    """Import-free entry point: canonical tables in, result tables out."""
    if isinstance(period, str):
        period = Period.parse(period)
    ref = inputs.get("reference")
    if ref is not None and hasattr(ref, "table"):
        ref = ref.table
    if ref is not None and not isinstance(ref, pd.DataFrame):
        ref = ref.to_pandas()
    engine_inputs = {k: v for k, v in inputs.items() if k != "reference" and v is not None}
    aggs = collect(engine_inputs, period=period, engine=engine, con=con, progress=progress)
    result = finish(aggs, period=period, metrics=metrics, reference=ref)
    result.meta["engine"] = engine
    result.meta["generated"] = dt.date.today().isoformat()
    return result
