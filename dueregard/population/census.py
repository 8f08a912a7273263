"""Reading ONS Census 2021 TS021 (ethnic group) CSV files in the layout ONS publishes.

The bulk download (``census2021-ts021-<geography>.csv``) has the columns ``date``,
``geography``, ``geography code``, then ``Ethnic group: Total: All usual residents``, each
high-level group's subtotal and its detailed groups (headers sometimes end in
``; measures: Value``). Pure standard library; every problem is collected with its line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from dueregard.analytics.classifications import CENSUS_2021_BROAD, CENSUS_2021_ETHNICITY

PREFIX = "Ethnic group: "
TOTAL = "Ethnic group: Total: All usual residents"
CODE = re.compile(r"^[EWKSN]\d{8}$")
MAX_ROWS = 50_000


def _key(header: str) -> str:
    header = header.strip().removeprefix("\ufeff")
    return re.sub(r";\s*measures:\s*value$", "", header, flags=re.IGNORECASE).strip().lower()


BROAD_COLUMNS = {code: f"{PREFIX}{label}" for code, label in CENSUS_2021_BROAD}
DETAILED_COLUMNS = {
    g.code: f"{PREFIX}{dict(CENSUS_2021_BROAD)[g.broad]}: {g.label}" for g in CENSUS_2021_ETHNICITY
}
REQUIRED = {"date": "date", "geography": "geography", "code": "geography code", "total": TOTAL}


@dataclass
class AreaCounts:
    code: str
    name: str
    year: int
    total: int
    counts: dict[str, int]  # the 19 detailed groups


@dataclass
class Ts021Result:
    areas: list[AreaCounts] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    keys = {_key(h): i for i, h in enumerate(header)}
    wanted = {**REQUIRED, **BROAD_COLUMNS, **DETAILED_COLUMNS}
    where, missing = {}, []
    for name, column in wanted.items():
        index = keys.get(column.lower())
        if index is None:
            missing.append(column)
        else:
            where[name] = index
    return where, missing


def _number(value: str) -> int | None:
    value = value.strip().replace(",", "")
    return int(value) if value.isdigit() else None


def _row(line: int, row: list[str], where: dict[str, int]) -> tuple[AreaCounts | None, list[str]]:
    problems = []
    code = row[where["code"]].strip()
    if not CODE.match(code):
        problems.append(f"Line {line}: '{code}' is not an ONS geography code (like E06000001)")
    year = _number(row[where["date"]])
    if year is None or not 2021 <= year <= 2100:
        problems.append(f"Line {line}: the date must be the census year, like 2021")
    numbers = {}
    for name in ("total", *BROAD_COLUMNS, *DETAILED_COLUMNS):
        n = _number(row[where[name]])
        if n is None:
            problems.append(f"Line {line}: '{row[where[name]]}' is not a count of people")
        numbers[name] = n or 0
    if problems:
        return None, problems
    detailed = {code_: numbers[code_] for code_ in DETAILED_COLUMNS}
    for broad in BROAD_COLUMNS:
        parts = sum(detailed[g.code] for g in CENSUS_2021_ETHNICITY if g.broad == broad)
        if parts != numbers[broad]:
            problems.append(
                f"Line {line}: the groups of '{BROAD_COLUMNS[broad]}' add up to {parts},"
                f" not {numbers[broad]}"
            )
    if sum(detailed.values()) != numbers["total"]:
        problems.append(
            f"Line {line}: the groups add up to {sum(detailed.values())}, not the total"
            f" {numbers['total']}"
        )
    area = AreaCounts(code, row[where["geography"]].strip(), year, numbers["total"], detailed)
    return (None if problems else area), problems


def read_ts021(text: str) -> Ts021Result:
    """Every area of the file, or every problem found (then no area is returned)."""
    result = Ts021Result()
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        result.problems.append("The file is empty")
        return result
    where, missing = _columns(header)
    if missing:
        shown = ", ".join(f"'{m}'" for m in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        result.problems.append(
            f"This is not an ONS TS021 ethnic group file: the columns {shown}{more} are missing"
        )
        return result
    seen: set[str] = set()
    width = max(where.values()) + 1
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if line > MAX_ROWS + 1:
            result.problems.append(f"The file has more than {MAX_ROWS:,} areas")
            break
        if len(row) < width:
            result.problems.append(
                f"Line {line}: the row has {len(row)} columns, not {len(header)}"
            )
            continue
        area, problems = _row(line, row, where)
        result.problems.extend(problems)
        if area is not None:
            if area.code in seen:
                result.problems.append(f"Line {line}: {area.code} appears twice")
            seen.add(area.code)
            result.areas.append(area)
    if not result.areas and not result.problems:
        result.problems.append("The file has no areas")
    if result.problems:
        result.areas = []
    return result
