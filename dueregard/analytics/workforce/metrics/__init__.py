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

The family modules: :mod:`.queries` (step 1), :mod:`.standards` (WRES and WDES),
:mod:`.pay`, :mod:`.representation`, :mod:`.pack` (``finish``, the funnel and formal
processes, ``run_pack``), with the shared :mod:`.tables` and :mod:`.measures`;
:mod:`.compiled_sql` keeps step 1's compiled DuckDB SQL on disk (ADR 0052) and
:mod:`.survey_flags` counts the survey items as bits summed per respondent (ADR 0053).
"""

from __future__ import annotations

from .measures import likelihoods, round1
from .pack import METRICS, finish, run_pack
from .pay import MIN_PAY_GROUP, gender_pay_gap, quartile_shares
from .queries import PAY_GROUPINGS, SURVEY_GROUPINGS, _survey_items, collect, queries
from .tables import PackResult

__all__ = [
    "METRICS",
    "MIN_PAY_GROUP",
    "PAY_GROUPINGS",
    "SURVEY_GROUPINGS",
    "PackResult",
    "_survey_items",
    "collect",
    "finish",
    "gender_pay_gap",
    "likelihoods",
    "queries",
    "quartile_shares",
    "round1",
    "run_pack",
]
