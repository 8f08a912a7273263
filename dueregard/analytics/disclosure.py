"""Statistical disclosure control for published counts and statistics (DOMAIN.md §7).

NHS published statistics below national level:

* counts from 1 to 7 are suppressed (shown as ``*``); other counts are rounded to the
  nearest 5 — both thresholds are settings (:class:`DisclosureRules`);
* suppression is secondary-safe: no suppressed cell can be worked out from the row or
  column totals of the published table (:func:`suppress_table`, :func:`suppress_counts`);
* percentages are computed from the rounded counts (:func:`percentages`);
* any statistic computed from a suppressed count — a proportion, a rate, a mean or median
  of 1–7 people — is flagged and blanked (:func:`flag_statistics`).

Secondary suppression works on the table *with its margins*: every row and every column
(margins included) is a linear equation "cells sum to total". A suppressed entry could be
recovered if it were alone in such an equation, so each equation holding exactly one
suppressed entry gets a second one (the smallest non-zero cell left in that line, else the
line's total, else a zero cell). The result is then checked exactly: for every hidden
entry, linear programming finds the smallest and largest value consistent with the
published entries and non-negative counts; an entry whose range holds only one whole
number is recoverable and triggers further suppression, until none is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .stats._result import StatResult, ci_column_names
from .stats._validation import as_array, fail_rows

__all__ = [
    "DEFAULT_RULES",
    "DisclosureRules",
    "SuppressedTable",
    "flag_statistics",
    "percentages",
    "primary_suppression",
    "grid_equations",
    "recoverable",
    "round_counts",
    "small_numbers_in_text",
    "suppress_counts",
    "suppress_table",
]


@dataclass(frozen=True)
class DisclosureRules:
    """Thresholds for publishing counts (defaults: NHS sub-national practice).

    Attributes:
        suppress_from: smallest count suppressed (1; zero is published).
        suppress_to: largest count suppressed (7).
        rounding_base: other counts are rounded to the nearest multiple of this (5;
            1 disables rounding).
        symbol: what a suppressed count shows as (``"*"``).
    """

    suppress_from: int = 1
    suppress_to: int = 7
    rounding_base: int = 5
    symbol: str = "*"

    def __post_init__(self) -> None:
        if self.suppress_from < 0 or self.suppress_to < self.suppress_from:
            raise ValueError("suppression thresholds must satisfy 0 <= from <= to")
        if self.rounding_base < 1:
            raise ValueError("rounding_base must be at least 1")


DEFAULT_RULES = DisclosureRules()


def primary_suppression(counts: Any, rules: DisclosureRules = DEFAULT_RULES) -> np.ndarray:
    """Counts that must be suppressed on their own: primary suppression of small counts
    (1–7 by default; NHS England / NHS Digital sub-national publication practice)."""
    x = as_array(counts, "counts", ndim=(1, 2))
    return (x >= rules.suppress_from) & (x <= rules.suppress_to)


def round_counts(counts: Any, base: int = DEFAULT_RULES.rounding_base) -> np.ndarray:
    """Counts rounded to the nearest multiple of ``base`` (5 by default; halves round up)
    — the rounding applied to published counts that are not suppressed."""
    x = as_array(counts, "counts", ndim=(1, 2))
    if base == 1:
        return x.copy()
    return np.floor(x / base + 0.5) * base


@dataclass(frozen=True)
class SuppressedTable:
    """A table ready to publish.

    Attributes:
        counts: the true counts (inner cells), as given.
        published: inner cells to publish — rounded counts, nan where suppressed.
        suppressed: inner cells hidden (primary or secondary).
        primary: inner cells hidden because they are small.
        row_totals, column_totals, grand_total: published margins (rounded; nan where
            suppressed); 1-D tables have one row.
        row_totals_suppressed, column_totals_suppressed, grand_total_suppressed: masks.
        rules: the :class:`DisclosureRules` applied.
    """

    counts: np.ndarray
    published: np.ndarray
    suppressed: np.ndarray
    primary: np.ndarray
    row_totals: np.ndarray
    column_totals: np.ndarray
    grand_total: float
    row_totals_suppressed: np.ndarray
    column_totals_suppressed: np.ndarray
    grand_total_suppressed: bool
    rules: DisclosureRules = field(default=DEFAULT_RULES)

    @property
    def secondary(self) -> np.ndarray:
        """Inner cells hidden only to protect other cells."""
        return self.suppressed & ~self.primary

    def display(self) -> np.ndarray:
        """Inner cells as text: the rounded count, or the suppression symbol."""
        return _as_text(self.published, self.rules.symbol)

    def display_with_margins(self) -> np.ndarray:
        """The full grid as text with a total column and a total row appended."""
        grid = np.empty((self.published.shape[0] + 1, self.published.shape[1] + 1))
        grid[:-1, :-1] = self.published
        grid[:-1, -1] = self.row_totals
        grid[-1, :-1] = self.column_totals
        grid[-1, -1] = self.grand_total
        return _as_text(grid, self.rules.symbol)


def _as_text(values: np.ndarray, symbol: str) -> np.ndarray:
    out = np.empty(values.shape, dtype=object)
    flat_in = values.ravel()
    flat_out = out.ravel()
    for i, v in enumerate(flat_in):
        flat_out[i] = symbol if np.isnan(v) else f"{v:,.0f}"
    return out


def suppress_counts(
    counts: Any, *, rules: DisclosureRules = DEFAULT_RULES, total: bool = True
) -> SuppressedTable:
    """Suppress and round a 1-D list of counts, secondary-safe against its total.

    The result is a one-row :class:`SuppressedTable`; its ``row_totals[0]`` is the
    published total. With ``total=False`` no total is published, so only primary
    suppression applies.
    """
    x = _check_counts(as_array(counts, "counts"))
    n = x.shape[0]
    values = np.append(x, x.sum())
    hidden = (values >= rules.suppress_from) & (values <= rules.suppress_to)
    primary = hidden[:n].copy()
    if total:
        equations = [(list(range(n)), n)]
        hidden = _protect(values, hidden, equations, inner=set(range(n)))
    else:
        hidden[n] = True
    published = np.where(hidden, np.nan, round_counts(values, rules.rounding_base))
    return SuppressedTable(
        counts=x[None, :],
        published=published[None, :n],
        suppressed=hidden[None, :n],
        primary=primary[None, :],
        row_totals=published[n:],
        column_totals=published[None, :n][0].copy(),
        grand_total=float(published[n]),
        row_totals_suppressed=hidden[n:],
        column_totals_suppressed=hidden[:n].copy(),
        grand_total_suppressed=bool(hidden[n]),
        rules=rules,
    )


def _check_counts(x: np.ndarray) -> np.ndarray:
    flat = x.ravel()
    fail_rows(np.isnan(flat), "counts has missing (nan) values")
    fail_rows(flat < 0, "counts must not be negative")
    fail_rows(flat != np.floor(flat), "counts must be whole numbers")
    return x


def suppress_table(
    counts: Any, *, rules: DisclosureRules = DEFAULT_RULES, margins: bool = True
) -> SuppressedTable:
    """Suppress and round a 2-D table of counts with row, column and grand totals.

    Primary suppression hides counts from ``rules.suppress_from`` to ``suppress_to``
    (totals included); secondary suppression then hides further entries until no hidden
    entry can be recovered from the published entries (see the module docstring). Counts
    that remain are rounded to the nearest ``rules.rounding_base``. With
    ``margins=False`` the totals are not published and only primary suppression applies.

    Raises:
        ValueError: naming cells (flattened, row-major) with negative, non-whole or
            missing counts.
    """
    x = _check_counts(as_array(counts, "counts", ndim=2))
    nr, nc = x.shape
    grid = np.zeros((nr + 1, nc + 1))
    grid[:nr, :nc] = x
    grid[:nr, nc] = x.sum(axis=1)
    grid[nr, :nc] = x.sum(axis=0)
    grid[nr, nc] = x.sum()
    values = grid.ravel()
    hidden = (values >= rules.suppress_from) & (values <= rules.suppress_to)
    primary = hidden.reshape(grid.shape)[:nr, :nc].copy()
    if margins:
        hidden = _protect(values, hidden, grid_equations(nr, nc), inner=_inner(nr, nc))
    else:
        mask = hidden.reshape(grid.shape)
        mask[nr, :] = True
        mask[:, nc] = True
        hidden = mask.ravel()
    hidden_grid = hidden.reshape(grid.shape)
    published = np.where(hidden_grid, np.nan, round_counts(grid, rules.rounding_base))
    return SuppressedTable(
        counts=x,
        published=published[:nr, :nc],
        suppressed=hidden_grid[:nr, :nc].copy(),
        primary=primary,
        row_totals=published[:nr, nc],
        column_totals=published[nr, :nc],
        grand_total=float(published[nr, nc]),
        row_totals_suppressed=hidden_grid[:nr, nc].copy(),
        column_totals_suppressed=hidden_grid[nr, :nc].copy(),
        grand_total_suppressed=bool(hidden_grid[nr, nc]),
        rules=rules,
    )


Equation = tuple[list[int], int]  # (flat indices of the parts, flat index of their total)


def grid_equations(nr: int, nc: int) -> list[Equation]:
    """Additivity of a margined (nr+1) × (nc+1) grid, flattened row-major."""
    width = nc + 1
    eqs: list[Equation] = []
    for i in range(nr + 1):
        eqs.append(([i * width + j for j in range(nc)], i * width + nc))
    for j in range(nc + 1):
        eqs.append(([i * width + j for i in range(nr)], nr * width + j))
    return eqs


def _inner(nr: int, nc: int) -> set[int]:
    return {i * (nc + 1) + j for i in range(nr) for j in range(nc)}


def _choose(values: np.ndarray, hidden: np.ndarray, entries: list[int], inner: set[int]) -> int:
    """Entry to hide next in a line: its smallest non-zero inner cell, else its total,
    else a zero cell (a zero next to a zero total would itself be pinned at zero)."""
    open_ = [e for e in entries if not hidden[e]]
    nonzero = [e for e in open_ if e in inner and values[e] > 0]
    totals = [e for e in open_ if e not in inner]
    pool = nonzero or totals or open_
    return min(pool, key=lambda e: (values[e], e))


def _protect(
    values: np.ndarray, hidden: np.ndarray, equations: list[Equation], inner: set[int]
) -> np.ndarray:
    """Secondary suppression until no hidden entry is recoverable."""
    hidden = hidden.copy()
    lines = [[*parts, total] for parts, total in equations]
    for _ in range(values.size + 1):
        changed = False
        for line in lines:
            n_hidden = int(hidden[line].sum())
            if n_hidden == 1 and n_hidden < len(line):
                hidden[_choose(values, hidden, line, inner)] = True
                changed = True
        if changed:
            continue
        exposed = recoverable(values, hidden, equations)
        if not exposed.any():
            return hidden
        entry = int(np.flatnonzero(exposed)[0])
        # widen the open equation through that entry with the fewest hidden entries
        through = [ln for ln in lines if entry in ln and not hidden[ln].all()]
        if not through:  # everything around it is hidden already: hide anything left
            through = [[int(e) for e in np.flatnonzero(~hidden)]]
        line = min(through, key=lambda ln: int(hidden[ln].sum()))
        hidden[_choose(values, hidden, line, inner)] = True
    return hidden  # pragma: no cover - every pass hides one more entry


def recoverable(values: Any, hidden: Any, equations: list[Equation]) -> np.ndarray:
    """Hidden entries whose true value the published entries pin down.

    ``values`` and ``hidden`` are flat arrays over all entries (cells and totals) and
    ``equations`` say ``sum(parts) = total`` (see :func:`grid_equations`). For each
    hidden entry the smallest and largest values consistent with the published entries
    and non-negative counts are found by linear programming (scipy HiGHS); the entry is
    recoverable when that range holds at most one whole number. This is stricter than a
    rank test: a published zero total, for instance, pins every cell of its line to zero.

    The linear programmes run only for entries nothing cheaper settles, each shortcut
    exact: a single line in closed form; an entry that a feasible ±1 move along a cycle
    of hidden entries changes is not recoverable; an entry the equations alone determine
    (rank test) is.
    """
    values = np.asarray(values, dtype=np.float64)
    hidden = np.asarray(hidden, dtype=bool)
    unknown = np.flatnonzero(hidden)
    out = np.zeros(hidden.shape, dtype=bool)
    if unknown.size == 0:
        return out
    if len(equations) == 1:
        return _recoverable_in_one_line(values, hidden, equations[0])
    # entries shown to take another whole value need no linear programme
    movable = _movable(values, hidden, equations)
    position = {int(e): k for k, e in enumerate(unknown)}
    rows, rhs = [], []
    for parts, total in equations:
        coeffs = np.zeros(unknown.size)
        known = 0.0
        for e in parts:
            if e in position:
                coeffs[position[e]] += 1.0
            else:
                known += values[e]
        if total in position:
            coeffs[position[total]] -= 1.0
            target = -known
        else:
            target = values[total] - known
        if coeffs.any():
            rows.append(coeffs)
            rhs.append(target)
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    todo = [k for k, e in enumerate(unknown) if int(e) not in movable]
    if todo and a_eq is not None:
        # an entry the published equations alone determine is pinned (its range is the
        # one point of every solution): e_k lies in the row space of the equations
        rank = np.linalg.matrix_rank(a_eq)
        for k in list(todo):
            unit = np.zeros((1, unknown.size))
            unit[0, k] = 1.0
            if np.linalg.matrix_rank(np.vstack([a_eq, unit])) == rank:
                out[unknown[k]] = True
                todo.remove(k)
    if not todo:
        return out
    from scipy.optimize import linprog  # imported here: slow to import, rarely needed

    for k in todo:
        e = unknown[k]
        c = np.zeros(unknown.size)
        c[k] = 1.0
        low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if high.status == 3:  # unbounded above: not recoverable
            continue
        lo, hi = low.fun, -high.fun
        if np.floor(hi + 1e-9) - np.ceil(lo - 1e-9) < 1:
            out[e] = True
    return out


def _recoverable_in_one_line(values: np.ndarray, hidden: np.ndarray, equation: Equation):
    """:func:`recoverable` for a single line ``sum(parts) = total``, in closed form.

    With the total hidden too, nothing is bounded above (unless the total is the only
    hidden entry: it is then the sum of the parts). With the total published, the hidden
    parts share ``R`` = total − published parts: one hidden part equals ``R``; several
    each range over [0, R], which holds one whole number only when ``R`` is 0.
    """
    parts, total = equation
    out = np.zeros(hidden.shape, dtype=bool)
    hidden_parts = [e for e in parts if hidden[e]]
    if hidden[total]:
        out[total] = not hidden_parts
        return out
    if not hidden_parts:
        return out
    rest = values[total] - sum(values[e] for e in parts if not hidden[e])
    low = rest if len(hidden_parts) == 1 else 0.0
    if np.floor(rest + 1e-9) - np.ceil(low - 1e-9) < 1:
        out[hidden_parts] = True
    return out


def _movable(values: np.ndarray, hidden: np.ndarray, equations: list[Equation]) -> set[int]:
    """Hidden entries that can be shown to take another whole value: those at a corner of
    a "rectangle" of four hidden entries — two lines through the entry, another hidden
    entry on each, and a fourth entry sharing those two entries' other lines — along
    which ±1 moves keep every line's sum and every count non-negative (in a table with
    margins: cells (i, j), (i, l), (k, j), (k, l), or their totals). An exact
    certificate, not a test: entries it misses go to the linear programme.
    """
    lines: dict[int, list[tuple[int, float]]] = {}  # entry -> [(equation, coefficient)]
    members: list[dict[int, float]] = []
    for q, (parts, total) in enumerate(equations):
        coef = dict.fromkeys(parts, 1.0)
        coef[total] = coef.get(total, 0.0) - 1.0
        members.append(coef)
        for e, c in coef.items():
            lines.setdefault(e, []).append((q, c))
    # entries on exactly two lines, with non-zero coefficients: e -> {line: coefficient}
    two = {
        int(e): dict(lines[int(e)])
        for e in np.flatnonzero(hidden)
        if len(lines.get(int(e), [])) == 2 and all(c for _, c in lines[int(e)])
    }
    return {
        e for e in two if _rectangle(e, values, two, members) or _cycle(e, values, two, members)
    }


def _rectangle(e: int, values: np.ndarray, two: dict, members: list[dict[int, float]]) -> bool:
    """Whether ``e`` (see :func:`_movable`) moves by ±1 along a feasible rectangle."""
    (q1, c1e), (q2, c2e) = two[e].items()
    for b in two.keys() & members[q1].keys() - {e}:
        fb = next(q for q in two[b] if q != q1)
        if fb == q2:
            continue
        for c in two.keys() & members[q2].keys() - {e, b}:
            gc = next(q for q in two[c] if q != q2)
            if gc in (q1, fb):
                continue
            for x in two.keys() & members[fb].keys() & members[gc].keys() - {e, b, c}:
                for t in (1.0, -1.0):
                    db = -c1e * t / two[b][q1]
                    dc = -c2e * t / two[c][q2]
                    dx = -two[b][fb] * db / two[x][fb]
                    if dx != -two[c][gc] * dc / two[x][gc]:
                        continue
                    moves = ((e, t), (b, db), (c, dc), (x, dx))
                    if all(values[k] + d >= 0 for k, d in moves):
                        return True
    return False


def _cycle(e: int, values: np.ndarray, two: dict, members: list[dict[int, float]]) -> bool:
    """Whether ``e`` moves by ±1 along a longer cycle of hidden entries (a breadth-first
    search from one of its lines back to the other, each step cancelling the change the
    previous one left in a line); the move found is checked in full before it counts."""
    (q1, c1), (q2, c2) = two[e].items()
    for t in (1.0, -1.0):
        start, goal = (q1, c1 * t), (q2, -c2 * t)
        parent: dict[tuple[int, float], tuple | None] = {start: None}
        queue = [start]
        while queue and goal not in parent:
            line, pending = state = queue.pop(0)
            for b in two.keys() & members[line].keys() - {e}:
                move = -pending / two[b][line]
                if values[b] + move < 0:
                    continue
                other = next(q for q in two[b] if q != line)
                following = (other, two[b][other] * move)
                if following not in parent:
                    parent[following] = (state, b, move)
                    queue.append(following)
        if goal in parent and _feasible_move(e, t, goal, parent, values, members):
            return True
    return False


def _feasible_move(e, t, goal, parent, values, members) -> bool:
    moves = {e: t}
    step = parent[goal]
    while step is not None:
        state, b, move = step
        moves[b] = moves.get(b, 0.0) + move
        step = parent[state]
    if moves[e] != t or any(values[k] + d < 0 for k, d in moves.items()):
        return False
    return all(sum(coef.get(k, 0.0) * d for k, d in moves.items()) == 0 for coef in members)


def percentages(table: SuppressedTable, *, axis: int | None = 1) -> np.ndarray:
    """Percentages computed from the **rounded** published counts (DOMAIN.md §7).

    ``axis=1``: each cell as a percentage of its published row total; ``axis=0``: of
    its column total; ``None``: of the grand total. Suppressed cells, and cells whose
    total is suppressed or zero, are nan.
    """
    cells = table.published
    if axis == 1:
        denom = table.row_totals[:, None]
    elif axis == 0:
        denom = table.column_totals[None, :]
    elif axis is None:
        denom = np.array(table.grand_total)
    else:
        raise ValueError("axis must be 0, 1 or None")
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = cells / denom * 100.0
    return np.where(np.isfinite(pct), pct, np.nan)


def flag_statistics(
    result: StatResult,
    *counts: Any,
    suppressed: Any = None,
    rules: DisclosureRules = DEFAULT_RULES,
    blank: bool = True,
) -> StatResult:
    """Flag (and by default blank) statistics computed from suppressed counts.

    A row is flagged when any of ``counts`` (e.g. numerator and denominator, or the
    number of people behind a mean or median) falls in the suppression range, or when
    ``suppressed`` (a mask, e.g. :attr:`SuppressedTable.suppressed` flattened) is True
    for it. The result gains a boolean ``suppressed`` column; with ``blank`` the
    ``value`` and limit columns of flagged rows become nan so they cannot be shown.
    """
    n = result.nrows
    flag = np.zeros(n, dtype=bool)
    for i, c in enumerate(counts):
        arr = as_array(c, f"counts[{i}]")
        if arr.shape != (n,):
            raise ValueError(
                f"inputs have mismatched lengths: counts[{i}] {arr.shape}, result ({n},)"
            )
        flag |= primary_suppression(arr, rules)
    if suppressed is not None:
        mask = np.asarray(suppressed, dtype=bool).ravel()
        if mask.shape != (n,):
            raise ValueError(f"inputs have mismatched lengths: suppressed {mask.shape}, ({n},)")
        flag |= mask
    updates: dict[str, np.ndarray] = {"suppressed": flag}
    if blank and flag.any():
        names: Sequence[str] = ["value"]
        if result.confidence:
            names = [*names, *[c for pair in ci_column_names(result.confidence) for c in pair]]
        for name in list(result):
            if name in names or name.startswith("rii"):
                col = np.array(result[name], dtype=np.float64)
                col[flag] = np.nan
                updates[name] = col
    return result.with_columns(**updates)


# --- small numbers in narrative text -----------------------------------------------

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_PEOPLE = (
    r"(?:people|persons?|staff|colleagues?|employees?|patients?|service users?|residents?|"
    r"members?|applicants?|candidates?|women|men|girls?|boys?|children|adults?|nurses?|"
    r"doctors?|respondents?|individuals?|cases?|carers?|workers?|managers?|"
    r"(?:[a-z-]+ )?(?:staff|people|patients|colleagues|employees|women|men))"
)
_NOT_A_COUNT = {"band", "grade", "level", "outcome", "domain", "goal", "step", "year", "page"}
_SMALL_IN_TEXT = re.compile(
    r"\b(?P<n>[1-7]|" + "|".join(_NUMBER_WORDS) + r")\b(?:\s+[a-z-]+){0,2}?\s+" + _PEOPLE + r"\b",
    re.IGNORECASE,
)


def small_numbers_in_text(text: str, rules: DisclosureRules = DEFAULT_RULES) -> list[str]:
    """Phrases of typed narrative that put a small number next to people ("3 staff",
    "five disabled patients"), to be warned about before the text is published."""
    found = []
    text = text or ""
    for match in _SMALL_IN_TEXT.finditer(text):
        before = text[: match.start()].split()[-1:]
        if before and before[0].lower() in _NOT_A_COUNT:
            continue  # "band 5 nurses", "outcome 3 staff survey": a label, not a count
        raw = match.group("n").lower()
        value = _NUMBER_WORDS.get(raw) or int(raw)
        if rules.suppress_from <= value <= rules.suppress_to:
            found.append(match.group(0))
    return found
