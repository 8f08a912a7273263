"""The one result structure every statistic returns.

Convention (used by every function in :mod:`dueregard.analytics.stats`):

* A :class:`StatResult` is a read-only mapping from column name to a 1-D numpy array;
  every column has the same length (one row per input row, or per group for the grouped
  interface and the standardised statistics).
* ``value`` holds the statistic on the scale asked for (``multiplier`` applied).
* Confidence limits: with **one** confidence level the columns are ``lowercl`` and
  ``uppercl``; with **two or more** levels every level gets its own pair, named as in
  PHEindicatormethods: ``lower95_0cl``/``upper95_0cl``, ``lower99_8cl``/``upper99_8cl``.
* ``confidence`` names the level(s) as text (``"95%"`` or ``"95%, 99.8%"``),
  ``statistic`` describes the value (``"proportion of 1"``, ``"rate per 100000"``), and
  ``method`` names the method used for that row (``"Wilson"``, ``"Exact"``/``"Byars"``…).
* Flags are boolean columns (``reported``, ``outside_band``, ``suppressed``…) documented
  by each function.

Constant text columns are zero-copy broadcast views (read-only), so building a result for
millions of rows costs nothing beyond the arithmetic; :meth:`StatResult.to_pandas`,
:meth:`StatResult.to_arrow` and :meth:`StatResult.to_polars` materialise them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["StatResult", "ci_column_names", "confidence_label", "constant_column"]


def _level_token(level: float) -> str:
    text = f"{level * 100:.10f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return text.replace(".", "_")


def ci_column_names(confidence: Sequence[float]) -> list[tuple[str, str]]:
    """Return the (lower, upper) column names for each confidence level.

    >>> ci_column_names([0.95])
    [('lowercl', 'uppercl')]
    >>> ci_column_names([0.95, 0.998])
    [('lower95_0cl', 'upper95_0cl'), ('lower99_8cl', 'upper99_8cl')]
    """
    if len(confidence) == 1:
        return [("lowercl", "uppercl")]
    return [(f"lower{_level_token(c)}cl", f"upper{_level_token(c)}cl") for c in confidence]


def confidence_label(confidence: Sequence[float]) -> str:
    """Text naming the confidence level(s), e.g. ``"95%"`` or ``"95%, 99.8%"``."""
    parts = []
    for c in confidence:
        text = f"{c * 100:.10f}".rstrip("0").rstrip(".")
        parts.append(f"{text}%")
    return ", ".join(parts)


def constant_column(text: str, n: int) -> np.ndarray:
    """A read-only length-``n`` text column holding ``text`` everywhere (no copy)."""
    return np.broadcast_to(np.array(text), (n,))


class StatResult(Mapping[str, np.ndarray]):
    """Columns of a statistic: a read-only mapping ``name -> 1-D numpy array``.

    Attributes:
        statistic: what ``value`` holds (also the ``statistic`` column).
        confidence: the confidence level(s) as a tuple of floats.
        meta: extra method facts (e.g. ``repetitions`` and ``seed`` for SII).
    """

    __slots__ = ("_columns", "confidence", "meta", "statistic")

    def __init__(
        self,
        columns: Mapping[str, Any],
        *,
        statistic: str,
        confidence: Sequence[float] = (),
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        cols: dict[str, np.ndarray] = {}
        nrows: int | None = None
        for name, col in columns.items():
            arr = np.asarray(col)
            if arr.ndim != 1:
                raise ValueError(f"column {name!r} is not one-dimensional")
            if nrows is None:
                nrows = arr.shape[0]
            elif arr.shape[0] != nrows:
                raise ValueError(f"column {name!r} has {arr.shape[0]} rows, expected {nrows}")
            cols[name] = arr
        self._columns = cols
        self.statistic = statistic
        self.confidence = tuple(float(c) for c in confidence)
        self.meta = dict(meta or {})

    # Mapping interface -------------------------------------------------------------
    def __getitem__(self, key: str) -> np.ndarray:
        return self._columns[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    @property
    def nrows(self) -> int:
        """Number of rows (0 for an empty result)."""
        for col in self._columns.values():
            return int(col.shape[0])
        return 0

    @property
    def columns(self) -> list[str]:
        """Column names in order."""
        return list(self._columns)

    def limits(self, confidence: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The (lower, upper) limit arrays for one level (default: the first level)."""
        levels = self.confidence
        if not levels:
            raise KeyError("this result has no confidence limits")
        level = levels[0] if confidence is None else confidence
        names = ci_column_names(levels)
        for c, (lo, hi) in zip(levels, names, strict=True):
            if abs(c - level) < 1e-12:
                return self._columns[lo], self._columns[hi]
        raise KeyError(f"no limits at confidence {level}")

    def with_columns(self, **columns: Any) -> StatResult:
        """A new result with columns added or replaced (this one is left alone)."""
        merged = dict(self._columns)
        merged.update(columns)
        return StatResult(
            merged, statistic=self.statistic, confidence=self.confidence, meta=self.meta
        )

    def select(self, index: Any) -> StatResult:
        """A new result holding only the rows picked by ``index`` (mask or positions)."""
        return StatResult(
            {k: np.asarray(v)[index] for k, v in self._columns.items()},
            statistic=self.statistic,
            confidence=self.confidence,
            meta=self.meta,
        )

    # Conversions --------------------------------------------------------------------
    def to_dict(self) -> dict[str, np.ndarray]:
        """Plain ``dict`` of writeable numpy arrays."""
        return {k: np.array(v) for k, v in self._columns.items()}

    def to_pandas(self):  # -> pandas.DataFrame
        """A pandas DataFrame with the same columns."""
        # Imported here: only when this kind of table is used.
        import pandas as pd

        return pd.DataFrame(self.to_dict())

    def to_arrow(self):  # -> pyarrow.Table
        """A pyarrow Table with the same columns."""
        # Imported here: only when this kind of table is used.
        import pyarrow as pa

        return pa.table(
            {
                k: pa.array(v.tolist() if v.dtype.kind == "O" else v)
                for k, v in self.to_dict().items()
            }
        )

    def to_polars(self):  # -> polars.DataFrame
        """A Polars DataFrame with the same columns."""
        # Imported here: only when this kind of table is used.
        import polars as pl

        return pl.from_arrow(self.to_arrow())

    def __repr__(self) -> str:
        head = ", ".join(self._columns)
        return f"StatResult({self.statistic!r}, rows={self.nrows}, columns=[{head}])"

    def _repr_html_(self) -> str:  # pragma: no cover - notebook nicety
        return self.to_pandas().head(20)._repr_html_()
