"""The national WRES/WDES calendar and indicator list, read from ``data/calendar.yaml``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CALENDAR = Path(__file__).resolve().parent.parent / "data" / "calendar.yaml"


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    source: str  # staff, recruitment, cases, training, survey, engagement, board, narrative


@dataclass(frozen=True)
class Dates:
    snapshot: dt.date
    submission_deadline: dt.date
    publication_deadline: dt.date


@cache
def _data() -> dict:
    with CALENDAR.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    for name, std in data["standards"].items():
        for key in ("title", "from", "indicators"):
            if key not in std:
                raise ValueError(f"{CALENDAR.name}: {name} lacks {key}")
    return data["standards"]


def indicators(standard: str) -> tuple[Indicator, ...]:
    return tuple(
        Indicator(str(i["code"]), i["title"], i["source"]) for i in _data()[standard]["indicators"]
    )


def title(standard: str) -> str:
    return _data()[standard]["title"]


def dates(standard: str, year: int) -> Dates:
    """The snapshot and deadlines of the data year ``year`` (the latest rule from then)."""
    rules = _data()[standard]["from"]
    starts = sorted(int(y) for y in rules if int(y) <= year)
    if not starts:
        raise ValueError(f"no {standard} calendar for {year}: the first is {min(map(int, rules))}")
    rule = rules[starts[-1]]

    def day(key: str) -> dt.date:
        return dt.date(year, rule[key]["month"], rule[key]["day"])

    return Dates(day("snapshot"), day("submission_deadline"), day("publication_deadline"))
