"""Importers: CSV, XLSX and Parquet files (or in-memory tables) → canonical Arrow tables.

:func:`read_input` finds the canonical columns (:mod:`.schemas`), maps labels and codes
(:mod:`.codes`), parses numbers, flags and dates, and checks the whole file before anything
is used: wrong or missing columns, unknown codes, negative pay or hours, duplicate ids,
unreadable or out-of-range dates and empty files are all collected into one
:class:`WorkforceInputError` whose report names the file, column and rows of every
problem. Nothing partial is returned. A staff file without a clinical flag but with the ESR
occupation code gets its flag from the code (:mod:`..occupation`); codes that say neither
are problems too, unless mapped (``codes={"occupation_code": {code: "clinical"}}``).
Row numbers are spreadsheet rows for CSV and XLSX (the header is row 1, the first person
row 2) and 1-based record numbers for Parquet and in-memory tables.

All work is vectorised with pyarrow compute (labels are mapped once per distinct value),
so a 1.5 million row export is imported in well under a second.

The package: :mod:`.files` (reading files, the period, the errors), :mod:`.cells`
(checking and converting cells) and :mod:`.reading` (:func:`read_input`).
"""

from __future__ import annotations

from .files import (
    EARLIEST_DATE,
    MAX_ROWS_SHOWN,
    Imported,
    InputProblem,
    Period,
    WorkforceInputError,
    read_raw,
)
from .reading import read_input

__all__ = [
    "EARLIEST_DATE",
    "MAX_ROWS_SHOWN",
    "Imported",
    "InputProblem",
    "Period",
    "WorkforceInputError",
    "read_input",
    "read_raw",
]
