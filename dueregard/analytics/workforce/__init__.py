"""Workforce equality metrics: WRES, WDES, pay gaps, representation, recruitment.

Pure library (no Django). Inputs are imported into canonical Arrow tables
(:mod:`.importers`), aggregated once as Ibis expressions on DuckDB or Spark
(:mod:`.metrics`), and finished with the statistics engine (:mod:`dueregard.analytics.stats`).
"""

from .importers import Imported, InputProblem, Period, WorkforceInputError, read_input

__all__ = ["Imported", "InputProblem", "Period", "WorkforceInputError", "read_input"]
