"""Input checks shared by every statistic.

Every check is vectorised (one boolean mask per rule) and a failure raises
``ValueError`` naming the offending rows: their positions (0-based) or, when the caller
passes ``labels`` (the grouped interface does), the group labels. Long lists are
truncated after :data:`MAX_LISTED` entries with a count of the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

__all__ = [
    "MAX_LISTED",
    "NanPolicy",
    "as_array",
    "check_confidence",
    "check_lengths",
    "check_nan_policy",
    "fail_rows",
    "missing_mask",
    "require",
    "require_rows",
]

MAX_LISTED = 10
NanPolicy = Literal["raise", "propagate"]


def _describe(index: np.ndarray, labels: Sequence[Any] | None) -> str:
    shown = index[:MAX_LISTED]
    if labels is None:
        items = ", ".join(str(int(i)) for i in shown)
        noun = "row" if index.size == 1 else "rows"
    else:
        items = ", ".join(str(labels[int(i)]) for i in shown)
        noun = "group" if index.size == 1 else "groups"
    more = f" … and {index.size - shown.size} more" if index.size > shown.size else ""
    return f"{noun} {items}{more}"


def fail_rows(mask: np.ndarray, message: str, labels: Sequence[Any] | None = None) -> None:
    """Raise ``ValueError(message + the rows where mask is True)`` if any are."""
    if mask.any():
        index = np.flatnonzero(mask)
        raise ValueError(f"{message} ({index.size} in total): {_describe(index, labels)}")


def require(ok: np.ndarray, message: str, labels: Sequence[Any] | None = None) -> None:
    """Raise naming the rows where ``ok`` is False."""
    fail_rows(~ok, message, labels)


def as_array(values: Any, name: str, *, ndim: int | tuple[int, ...] = 1) -> np.ndarray:
    """Convert a sequence, numpy/pandas/pyarrow/Polars column to a float64 array.

    Nulls become ``nan``. Raises ``ValueError`` for text (naming the first row that is
    not a number), infinite values (naming the rows) or the wrong number of dimensions.
    """
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        module = type(values).__module__
        if module.startswith("pandas"):
            try:
                values = values.to_numpy(dtype=np.float64, na_value=np.nan)
            except (TypeError, ValueError):
                raise ValueError(_not_numeric(values.to_numpy(dtype=object), name)) from None
        elif module.startswith("pyarrow"):
            values = values.to_numpy(zero_copy_only=False)
        else:
            values = values.to_numpy()  # polars and others
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(_not_numeric(values, name)) from None
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if arr.ndim == 0 and 1 in allowed:
        arr = arr.reshape(1)
    if arr.ndim not in allowed:
        raise ValueError(f"{name} must have {' or '.join(map(str, allowed))} dimension(s)")
    infinite = np.isinf(arr)
    if infinite.any():
        fail_rows(
            infinite.any(axis=tuple(range(1, arr.ndim))) if arr.ndim > 1 else infinite,
            f"{name} has infinite values",
        )
    return arr


def _not_numeric(values: Any, name: str) -> str:
    """``"<name> must be numeric: row 3 is 'two'"`` (the first value that is not a number)."""
    try:
        items = list(np.ravel(np.asarray(values, dtype=object)))
    except (TypeError, ValueError):  # pragma: no cover - ragged input
        return f"{name} must be numeric"
    for i, item in enumerate(items):
        try:
            float(item if item is not None else "nan")
        except (TypeError, ValueError):
            return f"{name} must be numeric: row {i} is {item!r}"
    return f"{name} must be numeric"  # pragma: no cover - numpy refused what float() takes


def require_rows(nrows: int, what: str = "the input") -> None:
    """Raise ``ValueError`` when there is nothing to compute from."""
    if nrows == 0:
        raise ValueError(f"{what} has no rows: there is nothing to compute")


def check_lengths(**arrays: np.ndarray) -> int:
    """All arrays must have the same shape; returns the number of rows."""
    shapes = {name: arr.shape for name, arr in arrays.items() if arr is not None}
    distinct = set(shapes.values())
    if len(distinct) > 1:
        detail = ", ".join(f"{name} {shape}" for name, shape in shapes.items())
        raise ValueError(f"inputs have mismatched lengths: {detail}")
    shape = next(iter(distinct)) if distinct else (0,)
    return int(shape[0]) if shape else 1


def check_nan_policy(nan_policy: str) -> None:
    if nan_policy not in ("raise", "propagate"):
        raise ValueError(f"nan_policy must be 'raise' or 'propagate', not {nan_policy!r}")


def missing_mask(
    nan_policy: str, labels: Sequence[Any] | None = None, **arrays: np.ndarray
) -> np.ndarray:
    """Rows with a nan in any array.

    With ``nan_policy="raise"`` a nan raises ``ValueError`` naming the rows; with
    ``"propagate"`` the mask is returned so the caller can give those rows nan results.
    """
    check_nan_policy(nan_policy)
    mask: np.ndarray | None = None
    for name, arr in arrays.items():
        if arr is None:
            continue
        bad = np.isnan(arr)
        if bad.ndim > 1:
            bad = bad.any(axis=tuple(range(1, bad.ndim)))
        if nan_policy == "raise":
            fail_rows(bad, f"{name} has missing (nan) values", labels)
        mask = bad if mask is None else (mask | bad)
    if mask is None:
        return np.zeros(0, dtype=bool)
    return mask


def check_confidence(confidence: float | Sequence[float]) -> tuple[float, ...]:
    """Normalise ``confidence`` to a tuple of levels strictly between 0 and 1."""
    levels = (
        (float(confidence),) if np.isscalar(confidence) else tuple(float(c) for c in confidence)  # type: ignore[union-attr]
    )
    if not levels:
        raise ValueError("confidence must name at least one level")
    for c in levels:
        if not (0.0 < c < 1.0) or np.isnan(c):
            raise ValueError(f"confidence levels must be between 0 and 1 (got {c}); e.g. 0.95")
    if len(set(levels)) != len(levels):
        raise ValueError("confidence levels must be distinct")
    return levels
