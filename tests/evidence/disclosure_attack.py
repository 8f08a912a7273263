"""An intruder's arithmetic on a printed table, for the disclosure property tests.

Given a table as published (text cells) and the same table with the exact figures (the
analyst's unrounded view, laid out identically), :func:`leaks` lists every exact count
that can be recovered from what is printed:

* a count of 1 to 7 printed as itself (it must be ``*``);
* a count behind a rounded or suppressed value pinned down by a derived figure printed in
  the same row: candidate counts are the whole numbers a printed count stands for (a
  rounded ``c`` stands for ``c-2 … c+2``, ``*`` for ``1 … 7``), and every decimal printed
  in the row is tried as ``k·x/y`` (k = 1, 100, 1000), as a Wilson 95% limit of ``x/y``
  (×100), and as a relative likelihood against another row's counts; when exactly one
  candidate value survives for a count and it is the exact count while the printed value
  is not, the count has been recovered (an age-standardised rate is a weighted sum over
  age bands that are not printed, so it is not tried as a ratio of the printed totals);
* a suppressed count recovered by subtraction from a printed total of its row.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
from scipy.special import ndtri

NUMBER = re.compile(r"-?\d[\d,]*(?:\.(\d+))?")
COUNT = re.compile(r"^\d[\d,]*$")
Z = float(ndtri(0.975))


def _count(text: str) -> int | None:
    text = text.strip()
    return int(text.replace(",", "")) if COUNT.match(text) else None


def _exact(text: str) -> int | None:
    """An exact count as the analyst's table prints it ("12", "1,234" or "12.0")."""
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        return None
    return int(value) if np.isfinite(value) and value == int(value) else None


def _window(printed: str) -> list[int] | None:
    text = printed.strip()
    if text == "*":
        return list(range(1, 8))
    value = _count(text)
    if value is None:
        return None
    if value == 0:
        return [0]
    return list(range(max(0, value - 2), value + 3))


def _decimals(cell: str) -> list[tuple[float, int]]:
    out = []
    for m in NUMBER.finditer(cell):
        if m.group(1) is None:
            continue
        out.append((float(m.group(0).replace(",", "")), len(m.group(1))))
    return out


def _wilson(x: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
        half = Z * np.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return (centre - half) * 100, (centre + half) * 100


def _matches(values: np.ndarray, target: float, digits: int) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.isfinite(values) & (np.abs(values - target) <= 0.5 * 10.0**-digits + 1e-9)


def _count_columns(head, rows) -> list[int]:
    cols = []
    for j in range(1, len(head)):  # the first column names the row
        cells = [r[j].strip() for r in rows if r[j].strip()]
        if cells and all(c == "*" or _count(c) is not None for c in cells):
            cols.append(j)
    return cols


def leaks(exact: tuple[list, list], printed: tuple[list, list], where: str = "") -> list[str]:
    head, rows = printed
    _, exact_rows = exact
    assert len(rows) == len(exact_rows), f"{where}: tables differ in shape"
    counts = _count_columns(head, rows)
    truth = {(i, j): _exact(exact_rows[i][j]) for i in range(len(rows)) for j in counts}
    found = [
        f"{where}: {head[j]} of row {i + 1} prints a small count {rows[i][j]}"
        for (i, j), true in truth.items()
        if true is not None and 1 <= true <= 7 and rows[i][j].strip() != "*"
    ]
    windows = {(i, j): _window(rows[i][j]) for i in range(len(rows)) for j in counts}
    standardised = any(re.search(r"standardised", h, re.I) for h in head)
    for i, row in enumerate(rows):
        decimals = [
            (v, d)
            for j, cell in enumerate(row)
            if j not in counts and not standardised
            for v, d in _decimals(cell)
            if not _explained(v, d, rows, counts, i)
        ]
        if decimals:
            found += _ratio_attack(i, decimals, counts, windows, truth, rows, head, where)
    found += _subtraction(counts, windows, truth, rows, head, where)
    return found


def _ratio_attack(i, decimals, counts, windows, truth, rows, head, where) -> list[str]:
    found = []
    for a, b in itertools.permutations(counts, 2):
        wa, wb = windows[(i, a)], windows[(i, b)]
        if not wa or not wb:
            continue
        x, n = np.meshgrid(np.array(wa, float), np.array(wb, float), indexing="ij")
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(n > 0, x / n, np.nan)
        lower, upper = _wilson(x, n)
        for value, digits in decimals:
            for candidate in (ratio, ratio * 100, ratio * 1000, lower, upper):
                ok = _matches(candidate, value, digits)
                found += _pinned(ok, x, n, (i, a), (i, b), truth, rows, head, where)
        # relative likelihood against each other row's same pair of counts
        for k in range(len(rows)):
            if k == i or not windows[(k, a)] or not windows[(k, b)]:
                continue
            grid = np.array(
                list(itertools.product(wa, wb, windows[(k, a)], windows[(k, b)])), float
            )
            with np.errstate(invalid="ignore", divide="ignore"):
                rl = (grid[:, 0] / grid[:, 1]) / (grid[:, 2] / grid[:, 3])
            for value, digits in decimals:
                ok = _matches(rl, value, digits)
                if ok.any() and ok.sum() < len(ok):
                    for col, cell in enumerate(((i, a), (i, b), (k, a), (k, b))):
                        found += _pinned_values(grid[ok, col], cell, truth, rows, head, where)
    return found


def _subtraction(counts, windows, truth, rows, head, where) -> list[str]:
    """A suppressed count given back by a printed total of its row less the rest."""
    found = []
    for i, row in enumerate(rows):
        for t in [j for j in counts if head[j].strip().lower() == "total"]:
            parts = [j for j in counts if j != t]
            if sum(truth[(i, j)] or 0 for j in parts) != truth[(i, t)]:
                continue
            stars = [j for j in parts if row[j].strip() == "*"]
            if len(stars) != 1 or windows[(i, t)] is None:
                continue
            rest_lo = sum(min(windows[(i, j)]) for j in parts if j not in stars)
            rest_hi = sum(max(windows[(i, j)]) for j in parts if j not in stars)
            lo = max(1, min(windows[(i, t)]) - rest_hi)
            hi = min(7, max(windows[(i, t)]) - rest_lo)
            if lo == hi and truth[(i, stars[0])] == lo:
                found.append(f"{where}: {head[stars[0]]} of row {i + 1} = total − the rest")
    return found


def _published_formulas(x: float, n: float) -> list[float]:
    if n <= 0:
        return []
    lower, upper = _wilson(np.array([x]), np.array([n]))
    return [x / n, 100 * x / n, 1000 * x / n, float(lower[0]), float(upper[0])]


def _explained(value: float, digits: int, rows, counts, i) -> bool:
    """Whether ``value`` is what the printed counts themselves give (so it tells nothing
    more): a ratio, percentage, rate or Wilson limit of two counts printed in its row, a
    relative likelihood of two rows' printed counts, or a difference of two printed
    figures."""
    printed = {j: _count(rows[i][j]) for j in counts}
    known = {j: v for j, v in printed.items() if v is not None}
    tolerance = 0.5 * 10.0**-digits + 1e-9
    for a, b in itertools.permutations(known, 2):
        if any(abs(f - value) <= tolerance for f in _published_formulas(known[a], known[b])):
            return True
        for k in range(len(rows)):
            xa, xb = _count(rows[k][a]), _count(rows[k][b])
            if xa is None or not xb or not known[b] or not xa or not known[a]:
                continue
            rl = (known[a] / known[b]) / (xa / xb)
            with np.errstate(invalid="ignore", divide="ignore"):
                se = np.sqrt(1 / known[a] - 1 / known[b] + 1 / xa - 1 / xb)
            for f in (rl, rl * np.exp(-Z * se), rl * np.exp(Z * se)):
                if abs(f - value) <= tolerance:
                    return True
    return False


def _pinned(ok, x, n, cell_x, cell_n, truth, rows, head, where) -> list[str]:
    if not ok.any() or ok.all():
        return []
    return _pinned_values(x[ok], cell_x, truth, rows, head, where) + _pinned_values(
        n[ok], cell_n, truth, rows, head, where
    )


def _pinned_values(values, cell, truth, rows, head, where) -> list[str]:
    options = set(np.unique(values).astype(int).tolist())
    true = truth.get(cell)
    printed = rows[cell[0]][cell[1]].strip()
    if len(options) == 1 and true in options and printed != f"{true:,}" and printed != str(true):
        return [
            f"{where}: {head[cell[1]]} of row {cell[0] + 1} printed {printed!r} is recoverable "
            f"as {true}"
        ]
    return []


def leaks_across(
    exact: list[tuple[list, list]], printed: list[tuple[list, list]], where=""
) -> list:
    """Secondary suppression across the tables of one output: a suppressed count of one
    table given back by a total printed in *another* table less the rest of its column or
    row. The intruder is told which printed count is such a total (here: found from the
    exact figures) and knows what each printed count stands for (a multiple of 5 may be
    rounded: ``c-2 … c+2``; any other count is exact; ``*`` is ``1 … 7``); a count is
    recovered when only one value is left."""
    found = []
    totals = []  # (window, exact value, name) of every printed count of every table
    for t, ((head, rows), (_, exact_rows)) in enumerate(zip(printed, exact, strict=True)):
        for j in _count_columns(head, rows):
            for i, row in enumerate(rows):
                value = _exact(exact_rows[i][j])
                if value is not None and _known(row[j]):
                    totals.append((t, _known(row[j]), value, f"{head[j]} of row {i + 1}"))
    for t, ((head, rows), (_, exact_rows)) in enumerate(zip(printed, exact, strict=True)):
        counts = [j for j in _count_columns(head, rows) if head[j].strip().lower() != "total"]
        lines = [[(i, j) for i in range(len(rows))] for j in counts]  # columns
        lines += [[(i, j) for j in counts] for i in range(len(rows))]  # rows
        for line in lines:
            stars = [c for c in line if rows[c[0]][c[1]].strip() == "*"]
            truth = [_exact(exact_rows[i][j]) for i, j in line]
            windows = [_known(rows[i][j]) for i, j in line]
            if len(stars) != 1 or None in truth or None in windows:
                continue
            star = line.index(stars[0])
            rest_lo = sum(min(w) for k, w in enumerate(windows) if k != star)
            rest_hi = sum(max(w) for k, w in enumerate(windows) if k != star)
            for other, window, value, name in totals:
                if other == t or value != sum(truth):
                    continue
                lo, hi = max(1, min(window) - rest_hi), min(7, max(window) - rest_lo)
                i, j = stars[0]
                if lo == hi == truth[star]:
                    found.append(
                        f"{where}: {head[j]} of row {i + 1} of table {t + 1} = {name} of "
                        f"table {other + 1} − the rest"
                    )
    return found


def _known(printed: str) -> list[int] | None:
    """What a printed count can be: only itself when it is not a multiple of 5."""
    value = _count(printed)
    if value is not None and value % 5:
        return [value]
    return _window(printed)
