"""Reading an uploaded file, mapping its columns and codes, the data-quality report, and
the all-or-nothing conversion to canonical rows.

Pure functions of bytes, a schema and a mapping: no database, so they are tested alone.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .schemas import MISSING_VALUES, NOT_DECLARED, UNKNOWN, Schema, guess_value

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_ERRORS_LISTED = 100
SUFFIXES = (".csv", ".xlsx", ".parquet")


class FileProblem(ValueError):
    """The file cannot be read at all (wrong type, empty, damaged)."""


def read_table(content: bytes, filename: str) -> pd.DataFrame:
    """Every column as text (blank for missing), whatever the format."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise FileProblem(f"{filename} is not a CSV, Excel (XLSX) or Parquet file.")
    if not content:
        raise FileProblem(f"{filename} is empty.")
    try:
        if suffix == ".csv":
            frame = pd.read_csv(
                io.BytesIO(content),
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig",
                skipinitialspace=True,
            )
        elif suffix == ".xlsx":
            frame = pd.read_excel(io.BytesIO(content), dtype=str, engine="openpyxl").fillna("")
        else:
            frame = (
                pd.read_parquet(io.BytesIO(content)).astype(str).replace({"None": "", "nan": ""})
            )
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"{filename} is not text in UTF-8: save it from your spreadsheet as "
            "“CSV UTF-8 (comma delimited)” and upload it again."
        ) from exc
    except pd.errors.ParserError as exc:
        raise FileProblem(
            f"{filename} is not a well-formed CSV file: some lines have more values than "
            "the header row has columns (a comma inside a value needs quotes). Check the file "
            "and upload it again."
        ) from exc
    except (ValueError, OSError, KeyError, zipfile.BadZipFile) as exc:
        # The library's own text is not shown: it speaks of its internals, not the file.
        what = {".csv": "a CSV", ".xlsx": "an Excel (XLSX)", ".parquet": "a Parquet"}[suffix]
        raise FileProblem(
            f"{filename} could not be read as {what} file: it may be damaged, protected by "
            "a password, or another kind of file renamed. Open it, save it again as "
            f"{what} file, and upload it again."
        ) from exc
    if frame.shape[1] == 0 or frame.shape[0] == 0:
        raise FileProblem(f"{filename} has no rows of data.")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def distinct_values(frame: pd.DataFrame, header: str, limit: int = 60) -> list[str]:
    counts = frame[header].str.strip().value_counts()
    return [str(v) for v in counts.index[:limit]]


def default_code_maps(frame: pd.DataFrame, schema: Schema, mapping: dict) -> dict:
    """Column -> {raw label: canonical value or ""} for every coded column's labels."""
    out: dict[str, dict[str, str]] = {}
    for col in schema.group_columns:
        header = mapping.get(col.name)
        if not header or col.kind == "free" or col.name == "age_band":
            continue
        out[col.name] = {
            raw: (guess_value(col, raw) or "") for raw in distinct_values(frame, header)
        }
    return out


def _value_of(col, raw: str, code_map: dict[str, str]) -> str | None:
    if col.kind == "free":
        return guess_value(col, raw)
    chosen = code_map.get(raw.strip())
    if chosen:
        return chosen
    return guess_value(col, raw)


@dataclass
class Problem:
    row: int | None  # line of the file (header is line 1); None for the whole file
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


EXAMPLES = 3  # the most common values shown per file column


def file_columns(frame: pd.DataFrame, schema: Schema, mapping: dict) -> list[dict]:
    """One summary per column of the file: what it is used as, how many values are
    filled and distinct, and its most common values (none for an identifier column, whose
    values are all different) — so a wide file's mapping page stays short."""
    used_as = {header: schema.by_name[name].label for name, header in mapping.items() if header}
    out = []
    for header in frame.columns:
        values = frame[header].astype("string").str.strip()
        values = values[values.notna() & (values != "")]
        distinct = int(values.nunique())
        identifier = distinct == len(frame) and distinct > EXAMPLES
        out.append(
            {
                "header": str(header),
                "used_as": used_as.get(header, ""),
                "filled": int(len(values)),
                "distinct": distinct,
                "examples": []
                if identifier
                else [str(v)[:40] for v in values.value_counts().index[:EXAMPLES]],
                "identifier": identifier,
            }
        )
    return out


def quality_report(frame: pd.DataFrame, schema: Schema, mapping: dict, code_maps: dict) -> dict:
    """Rows, missing required columns, a summary of each file column, and per
    characteristic: declared / not declared / unknown / unmapped counts (with the unmapped
    labels)."""
    report = {"rows": int(len(frame)), "missing_required": [], "columns": [], "ignored": []}
    report["file_columns"] = file_columns(frame, schema, mapping)
    used = set(mapping.values())
    report["ignored"] = [h for h in frame.columns if h not in used]
    for col in schema.columns:
        if col.required and not mapping.get(col.name):
            report["missing_required"].append(col.label)
    for col in schema.group_columns:
        header = mapping.get(col.name)
        if not header:
            continue
        values = frame[header].astype(str).str.strip()
        mapped = values.map(lambda v, c=col: _value_of(c, v, code_maps.get(c.name, {})))
        declared = int((mapped.notna() & ~mapped.isin(MISSING_VALUES)).sum())
        entry = {
            "column": col.name,
            "label": col.label,
            "header": header,
            "declared": declared,
            "not_declared": int((mapped == NOT_DECLARED).sum()),
            "unknown": int((mapped == UNKNOWN).sum()),
            "unmapped": int(mapped.isna().sum()),
            "unmapped_labels": sorted(set(values[mapped.isna()]))[:20],
        }
        entry["declared_percent"] = round(100 * declared / len(frame), 1) if len(frame) else 0.0
        report["columns"].append(entry)
    return report


def to_canonical(
    frame: pd.DataFrame, schema: Schema, mapping: dict, code_maps: dict
) -> tuple[pd.DataFrame | None, list[dict], int]:
    """All or nothing: the canonical rows, or None with every problem (row, column, why).

    Returns ``(rows, problems listed, problems in all)``.
    """
    problems: list[Problem] = []
    total = 0

    def add(mask: np.ndarray, column: str, message: str) -> None:
        nonlocal total
        lines = np.flatnonzero(mask) + 2  # header is line 1
        total += len(lines)
        room = MAX_ERRORS_LISTED - len(problems)
        for line in lines[: max(room, 0)]:
            problems.append(Problem(int(line), column, message))

    for col in schema.columns:
        if col.required and not mapping.get(col.name):
            problems.append(Problem(None, col.label, "No column is mapped to it."))
            total += 1
    for header in mapping.values():
        if header and header not in frame.columns:
            problems.append(Problem(None, header, "The file has no such column."))
            total += 1
    if problems:
        return None, [p.as_dict() for p in problems], total
    out = pd.DataFrame(index=frame.index)
    for col in schema.group_columns:
        header = mapping.get(col.name)
        if not header:
            continue
        raw = frame[header].astype(str)
        values = raw.map(lambda v, c=col: _value_of(c, v, code_maps.get(c.name, {})))
        bad = values.isna().to_numpy()
        if bad.any():
            labels = ", ".join(f"\u201c{v}\u201d" for v in sorted(set(raw[bad].str.strip()))[:5])
            add(bad, header, f"Value not mapped to a {col.label.lower()} group: {labels}.")
        out[col.name] = values.fillna(UNKNOWN)
    numbers = {}
    for name in ("numerator", "denominator"):
        header = mapping.get(name)
        if not header:
            continue
        label = schema.by_name[name].label
        raw = frame[header].astype(str).str.strip().str.replace(",", "", regex=False)
        num = pd.to_numeric(raw, errors="coerce")
        add(num.isna().to_numpy(), header, f"{label}: not a number.")
        add((num < 0).to_numpy(), header, f"{label}: must not be negative.")
        numbers[name] = num
    numerator = numbers.get("numerator")
    denominator = numbers.get("denominator")
    if numerator is not None and denominator is None:
        # patient-level: one row per person, the numerator a 0/1 flag
        flag = ~numerator.isin([0, 1]) & numerator.notna()
        add(
            flag.to_numpy(),
            mapping["numerator"],
            "Without a denominator column each row is one person, so this must be 0 or 1.",
        )
        denominator = pd.Series(1.0, index=frame.index)
    if numerator is not None and denominator is not None and schema.statistic == "proportion":
        over = (numerator > denominator).to_numpy()
        add(over, mapping.get("numerator", ""), "More than the denominator on the same row.")
    if numerator is not None and denominator is not None and mapping.get("denominator"):
        add(
            (denominator == 0).to_numpy() & (schema.statistic == "proportion"),
            mapping["denominator"],
            "The denominator must be greater than zero.",
        )
    if total:
        return None, [p.as_dict() for p in problems], total
    out["numerator"] = numerator.astype(float)
    out["denominator"] = denominator.astype(float)
    return out.reset_index(drop=True), [], 0


def to_parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def from_parquet(content: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(bytes(content)))
