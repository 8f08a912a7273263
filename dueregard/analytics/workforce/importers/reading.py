"""The import of one input into its canonical schema (:func:`read_input`)."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..codes import (
    CHARACTERISTICS,
    UNKNOWN,
    broad_ethnic_group,
    code_maps,
    normalise,
    wres_group,
)
from ..schemas import SCHEMAS, Schema, match_columns
from .cells import (
    _LABEL_KINDS,
    _MOSTLY_DISTINCT,
    _as_string,
    _blank,
    _bool_map,
    _Checker,
    _codes,
    _dictionary,
    _encode,
    _flag_duplicate_keys,
    _flag_duplicates,
    _parse_date,
    _parse_number,
    _quality_row,
    _staff_checks,
)
from .files import (
    _CASE_TYPES,
    _STAGES,
    EARLIEST_DATE,
    Imported,
    ParquetColumns,
    Period,
    WorkforceInputError,
    read_raw,
)


def read_input(
    source: Any,
    kind: str,
    *,
    mapping: Mapping[str, str] | None = None,
    codes: Mapping[str, Mapping[str, str]] | None = None,
    allow_unmapped: bool = False,
    period: Period | str | None = None,
) -> Imported:
    """Import one input into its canonical schema, or raise :class:`WorkforceInputError`.

    Args:
        source: a CSV/XLSX/Parquet path, or a pyarrow/pandas/Polars table.
        kind: ``staff``, ``recruitment``, ``cases``, ``training``, ``survey`` or
            ``reference``.
        mapping: extra header → canonical column names (overrides the aliases).
        codes: extra label → canonical value maps per column (see :func:`code_maps`).
        allow_unmapped: treat labels no map knows as ``Unknown`` (and list them in the
            quality report) instead of failing.
        period: the reporting year (``"2025-26"``); dates after its 31 March snapshot
            are out of range.
    """
    schema: Schema = SCHEMAS[kind]
    if isinstance(period, str):
        period = Period.parse(period)
    all_headers: list[str] = []

    def select(names: list[str]) -> tuple[list[str], list[str]]:
        all_headers.extend(names)
        if len(set(names)) != len(names):
            return [], []
        found_, _ = match_columns(names, schema, mapping)
        # columns whose values repeat are read dictionary-encoded (as Parquet stores
        # them): each distinct label, date or respondent is then decoded and checked once
        labels = [
            h
            for c, h in found_.items()
            if schema.by_name[c].kind in (*_LABEL_KINDS, "date")
            or (schema.by_name[c].kind == "text" and c not in _MOSTLY_DISTINCT)
        ]
        return list(found_.values()), labels

    raw, name, offset, unit = read_raw(source, select)
    check = _Checker(name, offset, unit)
    headers = all_headers or list(raw.column_names)
    found, ignored = _find_columns(raw, headers, all_headers, schema, mapping, check)
    conversion = _Conversion(
        kind=kind,
        check=check,
        n=raw.num_rows,
        maps=code_maps(codes),
        allow_unmapped=allow_unmapped,
        period=period if isinstance(period, Period) else None,
    )
    nrows = raw.num_rows
    # each raw column is let go once converted, and a Parquet file's columns are read
    # one at a time: the raw and the canonical copies of a national file's columns are
    # never all held at once
    uses = {h: list(found.values()).count(h) for h in found.values()}
    if isinstance(raw, ParquetColumns):
        held, read_column = {}, raw.column
    else:
        held, read_column = {h: raw.column(h) for h in uses}, None
    del raw
    for spec in schema.columns:
        header = found.get(spec.name)
        col = None
        if header is not None:
            col = held[header] if header in held else read_column(header)
            uses[header] -= 1
            if uses[header]:
                held[header] = col
            else:
                held.pop(header, None)
        _CONVERTERS[spec.kind](conversion, spec, col, header or spec.name, schema)
        del col
    out = conversion.out
    del read_column
    if len(schema.unique) > 1:
        _flag_duplicate_keys(check, out, schema.unique, " + ".join(found[c] for c in schema.unique))
    if kind == "staff":
        _staff_checks(check, out, found, nrows, (codes or {}).get("occupation_code"))
    if check.problems:
        raise WorkforceInputError(check.problems)
    _add_derived_columns(out, kind, schema)
    table = pa.table(
        {
            k: (v if isinstance(v, pa.ChunkedArray) else pa.chunked_array([v]))
            for k, v in out.items()
        }
    )
    # the raw file's and the conversion's buffers are free now: hand them back to the
    # system rather than keep them cached for the next file (a national import is large)
    pa.default_memory_pool().release_unused()
    return Imported(kind, table, conversion.quality, ignored, name)


def _find_columns(
    raw: Any,
    headers: list[str],
    all_headers: list[str],
    schema: Schema,
    mapping: Mapping[str, str] | None,
    check: _Checker,
) -> tuple[dict[str, str], list[str]]:
    """Canonical column → header, and the headers ignored; refuses an empty file,
    repeated headers and missing required columns (with the nearest header as a hint)."""
    if not headers or raw.num_rows == 0:
        check.note(None, "the file is empty (no data rows)" if headers else "the file is empty")
        raise WorkforceInputError(check.problems)
    dupes = sorted({h for h in headers if headers.count(h) > 1})
    if dupes:
        check.note(None, f"duplicate column headers: {', '.join(map(repr, dupes))}")
        raise WorkforceInputError(check.problems)
    found, ignored = match_columns(headers, schema, mapping)
    if all_headers:
        ignored = [h for h in all_headers if h not in found.values()]
    missing = [c for c in schema.required if c not in found]
    for col in missing:
        aliases = [schema.by_name[col].name.replace("_", " "), *schema.by_name[col].aliases]
        near = difflib.get_close_matches(
            normalise(col.replace("_", " ")), [normalise(h) for h in ignored], n=1, cutoff=0.6
        )
        hint = f"; did you mean {near[0]!r}?" if near else ""
        check.note(
            col,
            f"required column missing (looked for headers like {', '.join(aliases[:4])}){hint}",
        )
    if missing:
        check.note(None, f"columns found: {', '.join(headers)}")
        raise WorkforceInputError(check.problems)
    return found, ignored


@dataclass
class _Conversion:
    """One input's conversion: what each column converter reads, and what they build."""

    kind: str
    check: _Checker
    n: int
    maps: dict[str, dict[str, str]]
    allow_unmapped: bool
    period: Period | None
    out: dict[str, Any] = field(default_factory=dict)
    quality: list[dict[str, Any]] = field(default_factory=list)

    @property
    def max_date(self) -> dt.date:
        return self.period.end if self.period is not None else dt.date(2100, 12, 31)


def _id_column(c: _Conversion, spec: Any, col: Any, label: str, schema: Schema) -> None:
    text = pc.utf8_trim_whitespace(_as_string(col))
    blank = _blank(text)
    c.check.flag(blank, label, "identifier is blank")
    if schema.unique == (spec.name,):
        _flag_duplicates(c.check, text, label)
    c.out[spec.name] = text


def _text_column(c: _Conversion, spec: Any, col: Any, label: str, schema: Schema) -> None:
    if col is None:
        c.out[spec.name] = pa.nulls(c.n, pa.string())
    elif pa.types.is_dictionary(col.type):
        # trim the distinct values, not every row
        c.out[spec.name] = _trimmed(col)
    else:
        c.out[spec.name] = pc.utf8_trim_whitespace(_as_string(col))


#: Above this many distinct values a text column's dictionary is trimmed with Arrow, not
#: in Python (a national survey has a million respondents); at or below it the values
#: are trimmed in Python and stored with the narrowest index (a byte a row, not four).
_MANY_VALUES = 10_000


def _trimmed(col: pa.ChunkedArray) -> pa.DictionaryArray:
    """A dictionary-encoded text column with its values trimmed and blanks missing."""
    codes, dictionary = _codes(col)
    text = _as_string(pa.chunked_array([dictionary]))
    trimmed = pc.utf8_trim_whitespace(text)
    if len(dictionary) > _MANY_VALUES and (
        pc.all(pc.equal(trimmed, text)).as_py() or len(pc.unique(trimmed)) == len(dictionary)
    ):
        # no two values became one (a dictionary's values differ, and trimming changed
        # none, or none alike): keep the codes, drop blanks (and nulls: the last code)
        blank = np.append(pc.equal(trimmed, "").to_numpy(zero_copy_only=False), True)
        missing = blank[codes]
        indices = pa.array(codes, mask=missing if missing.any() else None)
        return pa.DictionaryArray.from_arrays(indices, trimmed.combine_chunks())
    uniques = [u if u is not None else "" for u in trimmed.to_pylist()] + [""]
    return _dictionary(codes, [u or None for u in uniques])


_UNMAPPED = {
    "characteristic": "unknown code or label",
    "grade": "unknown pay grade",
    "stage": "unknown stage",
    "case_type": "unknown case type (disciplinary or capability)",
    "bool": "not a yes/no value",
}


def _labels(c: _Conversion, spec: Any) -> dict[str, str]:
    """Normalised label → canonical value for a coded column."""
    if spec.kind == "characteristic":
        return c.maps.get(spec.name, {})
    if spec.kind == "grade":
        return c.maps["pay_grade"]
    if spec.kind == "stage":
        return {normalise(k): str(v) for k, v in _STAGES.items()}
    if spec.kind == "case_type":
        return _CASE_TYPES
    return _bool_map()


def _mapped_values(c: _Conversion, spec: Any, uniques: list[str]) -> list[str | None]:
    """The canonical value of each distinct label (None: unmapped)."""
    labels = _labels(c, spec)
    values = [labels.get(normalise(u)) for u in uniques]
    if spec.kind == "characteristic" and CHARACTERISTICS[spec.name].open_values:
        values = [
            v if v is not None else (u.strip() or UNKNOWN)
            for u, v in zip(uniques, values, strict=True)
        ]
    if spec.kind == "bool":
        values = [
            v if v is not None or u.strip() else ("0" if spec.name != "clinical" else "")
            for u, v in zip(uniques, values, strict=True)
        ]
    return values


def _coded_column(c: _Conversion, spec: Any, col: Any, label: str, schema: Schema) -> None:
    """Characteristics, pay grades, recruitment stages, case types and yes/no flags."""
    if col is None:
        if spec.kind == "characteristic":
            c.out[spec.name] = _dictionary(np.zeros(c.n, np.int32), [UNKNOWN])
        return
    codes, uniques, counts = _encode(col)
    values = _mapped_values(c, spec, uniques)
    if spec.kind == "characteristic":
        c.quality.append(_quality_row(c.kind, spec.name, uniques, counts, values))
    bad = [i for i, v in enumerate(values) if v is None and counts[i] > 0]
    if bad and c.allow_unmapped and spec.kind == "characteristic":
        values = [UNKNOWN if v is None else v for v in values]
    elif bad:
        unmapped = list(dict.fromkeys(uniques[i] for i in bad))
        shown = ", ".join(repr(u) for u in unmapped[:8])
        more = f" and {len(unmapped) - 8} more" if len(unmapped) > 8 else ""
        is_bad = np.zeros(len(values), dtype=bool)
        is_bad[bad] = True
        c.check.flag(is_bad[codes], label, f"{_UNMAPPED[spec.kind]}: {shown}{more}")
    _store_coded(c, spec, codes, values)


def _store_coded(c: _Conversion, spec: Any, codes: np.ndarray, values: list) -> None:
    if spec.kind == "stage":
        lut = np.array([int(v) if v else 0 for v in values], dtype=np.int8)
        stage = lut[codes]
        c.out["shortlisted"] = pa.array((stage >= 1).astype(np.int8))
        c.out["appointed"] = pa.array((stage >= 2).astype(np.int8))
    elif spec.kind == "bool":
        lut = np.array([v == "1" for v in values], dtype=bool)
        null = np.array([v == "" for v in values], dtype=bool)[codes]
        c.out[spec.name] = pa.array(lut[codes], mask=null if null.any() else None)
    else:
        c.out[spec.name] = _dictionary(codes, values)


def _number_column(c: _Conversion, spec: Any, col: Any, label: str, schema: Schema) -> None:
    if col is None:
        return
    values, bad = _parse_number(col)
    c.check.flag(bad, label, "not a number")
    if c.kind != "survey":
        c.check.flag(pc.less(values, 0.0), label, "must not be negative")
    if spec.name == "days_in_period":
        c.check.flag(pc.equal(values, 0.0), label, "must be greater than zero")
    c.out[spec.name] = values


def _date_column(c: _Conversion, spec: Any, col: Any, label: str, schema: Schema) -> None:
    if col is None:
        return
    values, bad = _parse_date(col)
    c.check.flag(bad, label, "not a date (use YYYY-MM-DD or DD/MM/YYYY)")
    early = pc.less(values, pa.scalar(EARLIEST_DATE, pa.date32()))
    late = pc.greater(values, pa.scalar(c.max_date, pa.date32()))
    after = f"after {c.max_date:%d %B %Y}"
    if c.period is not None:
        after += f" (the end of period {c.period.label})"
    c.check.flag(
        pc.or_(early, late),
        label,
        f"date out of range (before {EARLIEST_DATE:%d %B %Y} or {after})",
    )
    c.out[spec.name] = values


#: Column kind (schemas) → its converter.
_CONVERTERS = {
    "id": _id_column,
    "text": _text_column,
    **{kind: _coded_column for kind in _LABEL_KINDS},
    "number": _number_column,
    "date": _date_column,
}


def _add_derived_columns(out: dict[str, Any], kind: str, schema: Schema) -> None:
    """WRES and broad ethnic groups from the ethnic category; survey answers normalised
    and as numbers."""
    if "ethnic_category" in out and schema.characteristics:
        eth = out["ethnic_category"]
        cats = eth.dictionary.to_pylist()
        idx = eth.indices.to_numpy(zero_copy_only=False)
        out["ethnic_group"] = _dictionary(idx, [wres_group(c) for c in cats])
        out["ethnic_broad"] = _dictionary(idx, [broad_ethnic_group(c) for c in cats])
    if kind == "survey":
        codes, uniques, _ = _encode(out["answer"])
        out["answer_norm"] = _dictionary(codes, [normalise(u) for u in uniques])
        numbers = _parse_number(pa.chunked_array([pa.array(uniques, pa.string())]))[0]
        # a number per distinct answer and a byte per row, not eight (20M rows nationally)
        out["answer_value"] = _dictionary(codes, numbers.to_pylist(), pa.float64())
