"""The statistics engine: vectorised public-health statistics on aggregates.

One function per statistic, each naming its method in its output and validated against
the PHEindicatormethods reference test data (see ``tests/analytics``). Every function
works on whole columns (numpy/scipy, no Python loop per row or per group) and returns a
:class:`StatResult` — columns ``value``, the confidence limits (``lowercl``/``uppercl``
for one level; ``lower95_0cl``/``upper95_0cl``/``lower99_8cl``/``upper99_8cl`` for two),
``confidence``, ``statistic``, ``method`` and any flags. Invalid input raises
``ValueError`` naming the offending rows.

Array functions (one row per input row or per group):

* :func:`proportion` — Wilson score intervals.
* :func:`rate`, :func:`count_limits` — exact Poisson below 10 events, Byar's from 10.
* :func:`mean`, :func:`mean_from_values` — Student's t.
* :func:`dsr` — directly standardised rates, Dobson limits, ESP2013 built in.
* :func:`isratio`, :func:`israte`, :func:`standardised_ratio` — indirect standardisation.
* :func:`quantile` — deciles/quintiles by the reference rank method.
* :func:`sii` — slope/relative index of inequality with seeded simulated limits.
* :func:`funnel_limits`, :func:`funnel_significance`, :func:`funnel_points`.
* :func:`relative_likelihood` — ratio of two proportions (Katz), Fisher and chi-square.

Table functions (pyarrow, pandas, Polars or Ibis tables, aggregated in the engine) live
in :mod:`dueregard.analytics.stats.grouped`.
"""

from ._result import StatResult, ci_column_names
from .dsr import dsr
from .funnels import axis_range, funnel_axis, funnel_limits, funnel_points, funnel_significance
from .isr import israte, isratio, standardised_ratio
from .means import mean, mean_from_values
from .proportions import proportion
from .quantiles import quantile
from .rates import count_limits, rate
from .ratios import chi_square_p, fisher_exact_p, relative_likelihood
from .sii import sii
from .standard_populations import ESP2013, ESP2013_BANDS, esp2013, standard_population_for

__all__ = [
    "ESP2013",
    "ESP2013_BANDS",
    "StatResult",
    "axis_range",
    "chi_square_p",
    "ci_column_names",
    "count_limits",
    "dsr",
    "esp2013",
    "fisher_exact_p",
    "funnel_axis",
    "funnel_limits",
    "funnel_points",
    "funnel_significance",
    "israte",
    "isratio",
    "mean",
    "mean_from_values",
    "proportion",
    "quantile",
    "rate",
    "relative_likelihood",
    "sii",
    "standard_population_for",
    "standardised_ratio",
]
