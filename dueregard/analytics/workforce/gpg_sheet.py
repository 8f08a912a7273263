"""The gender pay gap figures in the form the GOV.UK gender pay gap service asks for.

The service takes six figures (mean and median hourly pay gap, mean and median bonus gap,
the percentages of men and of women paid a bonus) and the quartile table (the percentage
of men and of women in each of four pay quartiles), each to one decimal place, for a
snapshot date fixed by the sector:

* public sector (SI 2017/353, the NHS): **31 March**, published by 30 March of the next year;
* private and voluntary sector (SI 2017/172): **5 April**, published by 4 April next year.

:func:`sheet` turns the figures of :func:`.metrics.pay.gender_pay_gap` into the service's
fields in its order, ready to download and copy in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["SECTORS", "GpgSheet", "deadline", "sheet", "snapshot_date"]

#: sector → (snapshot month, day), (deadline month, day) of the following year.
SECTORS = {"public": ((3, 31), (3, 30)), "private": ((4, 5), (4, 4))}

_FIELDS = (
    ("Mean gender pay gap in hourly pay", "Mean hourly pay gap (%)"),
    ("Median gender pay gap in hourly pay", "Median hourly pay gap (%)"),
    ("Mean bonus gender pay gap", "Mean bonus gap (%)"),
    ("Median bonus gender pay gap", "Median bonus gap (%)"),
    ("Percentage of men receiving bonus pay", "Men paid a bonus (%)"),
    ("Percentage of women receiving bonus pay", "Women paid a bonus (%)"),
)
_QUARTILES = ("Lower", "Lower middle", "Upper middle", "Top")
_QUARTILE_NAMES = (
    "Lower quartile",
    "Lower middle quartile",
    "Upper middle quartile",
    "Upper quartile",
)


def _sector(sector: str) -> tuple[tuple[int, int], tuple[int, int]]:
    try:
        return SECTORS[sector]
    except KeyError:
        raise ValueError(f"sector must be one of {', '.join(SECTORS)}, not {sector!r}") from None


def snapshot_date(sector: str, year: int) -> dt.date:
    """The snapshot date in ``year`` for ``sector`` (31 March public, 5 April private)."""
    (month, day), _ = _sector(sector)
    return dt.date(year, month, day)


def deadline(sector: str, snapshot: dt.date) -> dt.date:
    """The last day to report figures of ``snapshot`` (the day before its anniversary)."""
    _, (month, day) = _sector(sector)
    return dt.date(snapshot.year + 1, month, day)


@dataclass(frozen=True)
class GpgSheet:
    sector: str
    snapshot: dt.date
    deadline: dt.date
    figures: tuple[tuple[str, float], ...]  # (service field, value)
    quartiles: tuple[tuple[str, float, float], ...]  # (quartile, men %, women %)

    def rows(self) -> list[list[object]]:
        """Header and rows for a CSV/XLSX download (blank where a figure is missing)."""

        def cell(v: float) -> object:
            return "" if v is None or not np.isfinite(v) else f"{v:.1f}"

        out: list[list[object]] = [["Field", "Value", "Men (%)", "Women (%)"]]
        out.append(["Snapshot date", self.snapshot.isoformat(), "", ""])
        out.append(["Reporting deadline", self.deadline.isoformat(), "", ""])
        out += [[name, cell(v), "", ""] for name, v in self.figures]
        out += [[name, "", cell(m), cell(w)] for name, m, w in self.quartiles]
        return out


def sheet(figures: pd.DataFrame, *, sector: str, snapshot_year: int) -> GpgSheet:
    """The GOV.UK fields from a ``gender_pay_gap`` table (columns measure, value)."""
    values = dict(zip(figures["measure"], figures["value"], strict=True))
    missing = [m for _, m in _FIELDS if m not in values]
    missing += [
        f"{q} quartile: {s} (%)"
        for q in _QUARTILES
        for s in ("men", "women")
        if f"{q} quartile: {s} (%)" not in values
    ]
    if missing:
        raise ValueError("the gender pay gap table lacks: " + ", ".join(missing))
    snap = snapshot_date(sector, snapshot_year)
    quartiles = tuple(
        (name, float(values[f"{q} quartile: men (%)"]), float(values[f"{q} quartile: women (%)"]))
        for q, name in zip(_QUARTILES, _QUARTILE_NAMES, strict=True)
    )
    return GpgSheet(
        sector=sector,
        snapshot=snap,
        deadline=deadline(sector, snap),
        figures=tuple((field, float(values[m])) for field, m in _FIELDS),
        quartiles=quartiles,
    )
