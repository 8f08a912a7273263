"""Reading an ONS Census 2021 ethnic group BY AGE file in the layout ONS publishes.

The ONS "Create a custom dataset" download (and the Census 2021 RM tables) is one row per
area, category and age band: ``Lower tier local authorities Code``, ``Lower tier local
authorities``, ``Ethnic group (20 categories) Code``, ``Ethnic group (20 categories)``,
``Age (N categories) Code``, ``Age (N categories)``, ``Observation`` (ADR 0045). Only the
working-age bands (16 to 64) are kept, per area and per ethnic group; "Does not apply"
(code -8) is ignored. The file's age bands must make 16 to 64 exactly, or it is refused.
Pure standard library; every problem is collected with its line and column.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from dueregard.analytics.classifications import CENSUS_2021_BROAD, CENSUS_2021_ETHNICITY

from .census import CODE, MAX_ROWS

WORKING_AGE = (16, 64)
ETHNIC_CODE = "ethnic group (20 categories) code"
ETHNIC_LABEL = "ethnic group (20 categories)"
OBSERVATION = "observation"
AGE_CODE = re.compile(r"^age (\([a-z]\) )?\(\d+ categories\) code$")
DOES_NOT_APPLY = "-8"
CENSUS_YEAR = 2021
_BROAD = dict(CENSUS_2021_BROAD)
#: ONS code -> the label ONS prints ("White: Irish"), to check the file's labels against.
LABELS = {g.code: f"{_BROAD[g.broad]}: {g.label}".lower() for g in CENSUS_2021_ETHNICITY}
_UNDER = re.compile(r"^aged (\d+) years? and under$")
_OVER = re.compile(r"^aged (\d+) years? and over$")
_RANGE = re.compile(r"^aged (\d+) to (\d+) years?$")
_SINGLE = re.compile(r"^aged (\d+) years?$")
OLDEST = 200


@dataclass
class AreaWorkingAgeCounts:
    code: str
    name: str
    year: int
    total: int
    counts: dict[str, int]  # the 19 detailed groups, people aged 16 to 64


@dataclass
class ByAgeResult:
    areas: list[AreaWorkingAgeCounts] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _key(header: str) -> str:
    return header.strip().removeprefix("\ufeff").strip().lower()


def is_by_age(header: list[str]) -> bool:
    """Whether a header row is the ethnic group by age layout (not TS021's)."""
    keys = [_key(h) for h in header]
    return ETHNIC_CODE in keys and any(AGE_CODE.match(k) for k in keys)


def age_range(label: str) -> tuple[int, int] | None:
    """'Aged 16 to 24 years' -> (16, 24); 'Aged 15 years and under' -> (0, 15);
    'Aged 65 years and over' -> (65, 200); None when the label is not an age band."""
    text = " ".join(label.strip().lower().split())
    if found := _RANGE.match(text):
        return int(found.group(1)), int(found.group(2))
    if found := _UNDER.match(text):
        return 0, int(found.group(1))
    if found := _OVER.match(text):
        return int(found.group(1)), OLDEST
    if found := _SINGLE.match(text):
        return int(found.group(1)), int(found.group(1))
    return None


def working_age_codes(bands: dict[str, tuple[int, int]]) -> tuple[set[str], str | None]:
    """The age codes that make 16 to 64 exactly, or a problem saying why they cannot."""
    low, high = WORKING_AGE
    inside, ages = set(), []
    for code, (start, end) in bands.items():
        if start <= high and end >= low:
            if start < low or end > high:
                return set(), (
                    f"The age band {start} to {end} crosses the working age of {low} to {high}:"
                    " download the table with age bands that start at 16 and end at 64"
                    " (for example Age (6 categories))"
                )
            inside.add(code)
            ages.extend(range(start, end + 1))
    if sorted(ages) != list(range(low, high + 1)):
        return set(), (
            f"The file's age bands do not make {low} to {high} exactly (some ages are missing"
            " or counted twice): download the table with every age band"
        )
    return inside, None


def _columns(header: list[str]) -> tuple[dict[str, int], str | None]:
    keys = {_key(h): i for i, h in enumerate(header)}
    age_code = next((k for k in keys if AGE_CODE.match(k)), None)
    geography = next(
        (k for k in keys if k.endswith(" code") and k not in {ETHNIC_CODE, age_code}), None
    )
    missing = [
        label
        for label, key in (
            ("an area code column (like 'Lower tier local authorities Code')", geography),
            ("'Ethnic group (20 categories) Code'", ETHNIC_CODE if ETHNIC_CODE in keys else None),
            ("'Age (N categories) Code'", age_code),
            ("'Observation'", OBSERVATION if OBSERVATION in keys else None),
        )
        if key is None
    ]
    if geography and geography.removesuffix(" code") not in keys:
        missing.append(f"'{geography.removesuffix(' code')}'")
    if age_code and age_code.removesuffix(" code") not in keys:
        missing.append(f"'{age_code.removesuffix(' code')}'")
    if missing:
        return {}, (
            "This is not an ONS ethnic group by age file: the columns "
            + ", ".join(missing)
            + " are missing"
        )
    where = {
        "code": keys[geography],
        "name": keys[geography.removesuffix(" code")],
        "ethnic": keys[ETHNIC_CODE],
        "ethnic_label": keys.get(ETHNIC_LABEL),
        "age": keys[age_code],
        "age_label": keys[age_code.removesuffix(" code")],
        "n": keys[OBSERVATION],
    }
    return where, None


def _check(line: int, row: list[str], where: dict, column: dict, bands: dict) -> list[str]:
    """Problems of one row (each naming its line and column); records its age band."""
    problems: list[str] = []
    code = row[where["code"]].strip()
    ethnic = row[where["ethnic"]].strip()
    age = row[where["age"]].strip()
    observed = row[where["n"]].strip().replace(",", "")
    if not CODE.match(code):
        problems.append(
            f"Line {line}, column '{column['code']}': '{code}' is not an ONS geography"
            " code (like E06000001)"
        )
    if ethnic != DOES_NOT_APPLY and ethnic not in LABELS:
        problems.append(
            f"Line {line}, column '{column['ethnic']}': '{ethnic}' is not a Census 2021"
            " ethnic group code (1 to 19, or -8 for does not apply)"
        )
    elif ethnic in LABELS and where["ethnic_label"] is not None:
        label = " ".join(row[where["ethnic_label"]].lower().split())
        if label != LABELS[ethnic]:
            problems.append(
                f"Line {line}, column '{column['ethnic_label']}': '{label}' is not the"
                f" ONS label of ethnic group {ethnic}"
            )
    band = age_range(row[where["age_label"]])
    if band is None:
        problems.append(
            f"Line {line}, column '{column['age_label']}': '{row[where['age_label']]}' is"
            " not an age band ONS prints (like 'Aged 16 to 24 years')"
        )
    elif bands.setdefault(age, band) != band:
        problems.append(
            f"Line {line}, column '{column['age']}': age code {age} has two different bands"
        )
    if not observed.isdigit():
        problems.append(
            f"Line {line}, column '{column['n']}': '{observed}' is not a count of people"
        )
    return problems


def _working_age(rows: list, keep: set[str]) -> tuple[list[AreaWorkingAgeCounts], list[str]]:
    """Rows -> each area's people aged 16 to 64 by group, every group checked present."""
    problems: list[str] = []
    areas: dict[str, AreaWorkingAgeCounts] = {}
    seen: set[tuple[str, str, str]] = set()
    for line, code, name, ethnic, age, n in rows:
        if (code, ethnic, age) in seen:
            problems.append(f"Line {line}: {code}, ethnic group {ethnic}, age {age} appears twice")
        seen.add((code, ethnic, age))
        if ethnic == DOES_NOT_APPLY or age not in keep:
            continue
        area = areas.setdefault(
            code, AreaWorkingAgeCounts(code, name, CENSUS_YEAR, 0, dict.fromkeys(LABELS, 0))
        )
        area.counts[ethnic] += n
        area.total += n
    for area in areas.values():
        missing = [g for g in LABELS if not any((area.code, g, a) in seen for a in keep)]
        if missing:
            problems.append(
                f"{area.code}: ethnic groups {', '.join(missing)} have no working-age rows:"
                " download the table with all 20 ethnic group categories"
            )
    return sorted(areas.values(), key=lambda a: a.code), problems


def read_ethnicity_by_age(text: str) -> ByAgeResult:
    """Working-age residents of every area of the file, or every problem found (then no
    area is returned)."""
    result = ByAgeResult()
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        result.problems.append("The file is empty")
        return result
    where, problem = _columns(header)
    if problem:
        result.problems.append(problem)
        return result
    names = {_key(h): h.strip().removeprefix("\ufeff") for h in header}
    column = {k: names[_key(header[i])] for k, i in where.items() if i is not None}
    width = max(i for i in where.values() if i is not None) + 1
    rows: list[tuple[int, str, str, str, str, int]] = []
    bands: dict[str, tuple[int, int]] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if line > MAX_ROWS * 20 + 1:
            result.problems.append(f"The file has more than {MAX_ROWS * 20:,} rows")
            break
        if len(row) < width:
            result.problems.append(
                f"Line {line}: the row has {len(row)} columns, not {len(header)}"
            )
            continue
        problems = _check(line, row, where, column, bands)
        result.problems.extend(problems)
        if problems:
            continue
        code = row[where["code"]].strip()
        ethnic = row[where["ethnic"]].strip()
        age = row[where["age"]].strip()
        observed = row[where["n"]].strip().replace(",", "")
        rows.append((line, code, row[where["name"]].strip(), ethnic, age, int(observed)))
    if result.problems:
        return result
    if not rows:
        result.problems.append("The file has no areas")
        return result
    keep, problem = working_age_codes(bands)
    if problem:
        result.problems.append(problem)
        return result
    areas, problems = _working_age(rows, keep)
    result.problems.extend(problems)
    if result.problems:
        return result
    result.areas = areas
    return result
