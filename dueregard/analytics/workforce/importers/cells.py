"""Checking and converting cells, vectorised: the problem collector, dictionary encoding,
number, date and yes/no parsing, duplicate identifiers, the data-quality row per
characteristic, and the staff file's own checks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..codes import (
    CHARACTERISTICS,
    NOT_DECLARED,
    UNKNOWN,
    normalise,
)
from ..occupation import clinical_from_codes
from .files import _FALSE, _TRUE, MAX_ROWS_SHOWN, InputProblem


class _Checker:
    def __init__(self, source: str, offset: int, unit: str) -> None:
        self.source, self.offset, self.unit = source, offset, unit
        self.problems: list[InputProblem] = []

    def flag(self, mask: Any, column: str | None, message: str) -> None:
        mask = (
            np.asarray(mask, dtype=bool)
            if not isinstance(mask, pa.ChunkedArray)
            else (pc.fill_null(mask, False).to_numpy(zero_copy_only=False))
        )
        idx = np.flatnonzero(mask)
        if idx.size:
            rows = (idx[:MAX_ROWS_SHOWN] + self.offset).tolist()
            self.problems.append(
                InputProblem(self.source, column, message, rows, int(idx.size), self.unit)
            )

    def note(self, column: str | None, message: str) -> None:
        self.problems.append(InputProblem(self.source, column, message))


def _as_string(col: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        return col
    if pa.types.is_floating(col.type):
        # whole numbers written as floats (Excel) read as "5", not "5.0"
        as_int = pc.cast(col, pa.int64(), safe=False)
        whole = pc.equal(pc.cast(as_int, col.type), col)
        return pc.if_else(whole, pc.cast(as_int, pa.string()), pc.cast(col, pa.string()))
    return pc.cast(col, pa.string())


_LABEL_KINDS = ("characteristic", "grade", "stage", "case_type", "bool")
#: Text columns whose values are nearly all different (one per person, assignment or
#: case): read as plain text. Other text columns repeat their values (a respondent's
#: answers, a vacancy's applications) and are read dictionary-encoded, as Parquet
#: stores them, so each distinct value is decoded and checked once.
_MOSTLY_DISTINCT = {"person_id", "assignment_id", "case_id"}


def _codes(col: Any) -> tuple[np.ndarray, pa.Array]:
    """``col`` as (int32 codes into ``dictionary``, ``dictionary``); nulls get the code
    ``len(dictionary)``."""
    ca = col if isinstance(col, pa.ChunkedArray) else pa.chunked_array([col])
    if pa.types.is_dictionary(ca.type):
        ca = ca.unify_dictionaries()
        chunks = list(ca.chunks)
    else:
        chunks = [pc.dictionary_encode(_as_string(ca).combine_chunks())] if len(ca) else []
    if not chunks:
        return np.zeros(0, np.int32), pa.array([], pa.string())
    dictionary = chunks[0].dictionary
    nd = len(dictionary)
    parts = [
        (pc.fill_null(c.indices, nd) if c.null_count else c.indices).to_numpy(zero_copy_only=False)
        for c in chunks
    ]
    codes = parts[0] if len(parts) == 1 else np.concatenate(parts)
    return codes.astype(np.int32, copy=False), dictionary


def _encode(col: Any, *, text: bool = True) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Dictionary-encode ``col``: (codes into ``uniques``, uniques as text, counts).

    Nulls get the last code, whose text is ``""``. Work per distinct value afterwards is
    on the (small) dictionary; rows are touched only by numpy ``take``. With
    ``text=False`` only the codes are needed (``uniques`` holds placeholders).
    """
    codes, dictionary = _codes(col)
    if not codes.size:
        return codes, [""], np.zeros(1, np.int64)
    nd = len(dictionary)
    if text:
        values = _as_string(pa.chunked_array([dictionary])).to_pylist()
        uniques = [t if t is not None else "" for t in values] + [""]
        counts = np.bincount(codes, minlength=nd + 1)
    else:
        uniques, counts = [""] * (nd + 1), np.zeros(0, np.int64)
    return codes, uniques, counts


def _dictionary(
    codes: np.ndarray, values: list[Any], value_type: pa.DataType | None = None
) -> pa.DictionaryArray:
    """Rows as a dictionary array of the canonical ``values`` per code (None → null)."""
    canon = sorted({v for v in values if v is not None})
    pos = {v: i for i, v in enumerate(canon)}
    # the narrowest index type: a label column of a few dozen values costs one byte a row,
    # not four (a national survey has millions of rows and a dozen such columns)
    itype = next(t for t in (np.int8, np.int16, np.int32) if len(canon) <= np.iinfo(t).max)
    lut = np.array([pos.get(v, -1) if v is not None else -1 for v in values], dtype=itype)
    idx = lut[codes] if codes.size else np.zeros(0, itype)
    indices = pa.array(idx, mask=idx < 0) if (lut < 0).any() else pa.array(idx)
    return pa.DictionaryArray.from_arrays(indices, pa.array(canon, value_type or pa.string()))


def _blank(text: Any) -> Any:
    """Missing or empty cells (without copying every string, as filling nulls would)."""
    return pc.or_kleene(pc.is_null(text), pc.equal(text, ""))


def _parse_number(col: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """(float64 values, mask of non-blank values that are not numbers; missing where the
    cell is)."""
    if pa.types.is_integer(col.type) or pa.types.is_floating(col.type):
        values = pc.cast(col, pa.float64())
        return values, pc.is_nan(values)
    text = pc.utf8_trim_whitespace(_as_string(col))
    text = pc.replace_substring_regex(text, r"^£|,", "")
    ok = pc.match_substring_regex(text, r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
    blank = _blank(text)
    bad = pc.and_(pc.invert(pc.fill_null(ok, False)), pc.invert(blank))
    values = pc.cast(pc.if_else(pc.fill_null(ok, False), text, None), pa.float64())
    return values, bad


def _parse_date(col: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """(date32 values, mask of non-blank values that are not dates); a
    dictionary-encoded column (dates repeat) is parsed once per distinct value."""
    if pa.types.is_dictionary(col.type):
        codes, dictionary = _codes(col)
        values, bad = _parse_date(pa.chunked_array([dictionary], dictionary.type))
        values = pa.concat_arrays([values.combine_chunks(), pa.nulls(1, pa.date32())])
        bad = np.append(bad.to_numpy(zero_copy_only=False).astype(bool), False)
        return pa.chunked_array([values.take(codes)]), pa.chunked_array([pa.array(bad[codes])])
    if pa.types.is_timestamp(col.type):
        col = pc.cast(col, pa.date32())
    if pa.types.is_date(col.type):
        return pc.cast(col, pa.date32()), pa.chunked_array([pa.array(np.zeros(len(col), bool))])
    text = pc.utf8_trim_whitespace(_as_string(col))
    text = pc.if_else(_blank(text), None, text)
    iso = pc.strptime(
        pc.utf8_slice_codeunits(text, 0, 10), format="%Y-%m-%d", unit="s", error_is_null=True
    )
    uk = pc.strptime(text, format="%d/%m/%Y", unit="s", error_is_null=True)
    parsed = pc.coalesce(iso, uk)
    # strptime rolls a day the month does not have into the next month (31/02/2025 is
    # read as 3 March): such a text is not a date
    parts = pc.extract_regex(text, r"^(?P<first>\d{1,4})[-/]\d{1,2}[-/](?P<last>\d{1,4})")
    written = pc.if_else(
        pc.is_valid(iso), pc.struct_field(parts, "last"), pc.struct_field(parts, "first")
    )
    rolled = pc.fill_null(pc.not_equal(pc.day(parsed), pc.cast(written, pa.int64())), False)
    parsed = pc.cast(pc.if_else(rolled, None, parsed), pa.date32())
    bad = pc.and_(pc.is_valid(text), pc.is_null(parsed))
    return parsed, bad


def _bool_map() -> dict[str, str]:
    out = {k: "1" for k in _TRUE}
    out.update({k: "0" for k in _FALSE})
    return out


def _quality_row(
    kind: str, column: str, uniques: list[str], counts: np.ndarray, mapped: list[str | None]
) -> dict[str, Any]:
    declared = not_declared = unknown = unmapped = 0
    unmapped_values: list[str] = []
    for raw, n, value in zip(uniques, counts.tolist(), mapped, strict=True):
        if n == 0:
            continue
        if value is None:
            unmapped += n
            if raw not in unmapped_values:
                unmapped_values.append(raw)
        elif value == NOT_DECLARED:
            not_declared += n
        elif value == UNKNOWN:
            unknown += n
        else:
            declared += n
    total = declared + not_declared + unknown + unmapped
    return {
        "table": kind,
        "characteristic": CHARACTERISTICS[column].name,
        "column": column,
        "total": total,
        "declared": declared,
        "not_declared": not_declared,
        "unknown": unknown,
        "unmapped": unmapped,
        "declared_pct": round(100.0 * declared / total, 1) if total else None,
        "unmapped_values": sorted(unmapped_values),
    }


#: Up to this many possible keys (respondents × questions) repeats are found with a
#: table indexed by key; beyond it, by sorting.
_BITMAP_KEYS = 400_000_000


def _flag_duplicate_keys(check: _Checker, out: dict, keys: tuple[str, ...], label: str) -> None:
    """Rows whose combination of ``keys`` repeats (integer codes, counted with numpy)."""
    key = np.zeros(len(out[keys[0]]), dtype=np.int64)
    for k in keys:
        codes, uniques, _ = _encode(out[k], text=False)
        key = key * len(uniques) + codes
        if k == "respondent_id":
            # an integer key per respondent: grouping by it is far cheaper than by text
            out["respondent_key"] = pa.array(codes)
    top = int(key.max()) + 1 if key.size else 0
    if top <= _BITMAP_KEYS:
        # a byte per possible key says "seen": an eighth of counting them in int64, and
        # with no repeat (the usual case) nothing more is needed
        seen = np.zeros(top, dtype=np.bool_)
        seen[key] = True
        if int(np.count_nonzero(seen)) == key.size:
            return
        del seen
        counts = np.bincount(key, minlength=top)
        repeated = int((counts > 1).sum())
        mask = counts[key] > 1 if repeated else None
    else:
        uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        repeated = int((counts > 1).sum())
        mask = counts[inverse] > 1 if repeated else None
    if repeated:
        check.flag(mask, label, f"duplicate identifiers ({repeated} value(s) repeated)")


_SMALL_KEYS = 200_000
#: Repeated hashes, then (only if some) repeated values.
_REPEATS_SQL = (
    "SELECT 1 FROM dueregard_keys GROUP BY hash(k) HAVING count(*) > 1 LIMIT 1",
    "SELECT 1 FROM dueregard_keys GROUP BY k HAVING count(*) > 1 LIMIT 1",
)


def _any_repeated(values: Any) -> bool:
    """Whether any value of ``values`` occurs more than once (nulls count as equal).

    One DuckDB aggregate on every core — far cheaper than dictionary-encoding a column
    of distinct ids — grouping the values' 64-bit hashes (integers group faster than
    text); only if two hashes are equal are the values themselves grouped, so a
    collision cannot pass for a repeat. The rows are found (as before) only when a value
    repeats. Below :data:`_SMALL_KEYS` values Arrow's own hash (one null counts once) is
    cheaper than starting a DuckDB connection.
    """
    if len(values) < _SMALL_KEYS:
        return len(pc.unique(values)) < len(values)
    # Imported here: Ibis and DuckDB are slow to import.
    import duckdb

    con = duckdb.connect()
    try:
        con.register("dueregard_keys", pa.table({"k": values}))
        for sql in _REPEATS_SQL:
            if not con.sql(sql).fetchall():
                return False
    finally:
        con.close()
    return True


def _flag_duplicates(check: _Checker, text: pa.ChunkedArray, label: str) -> None:
    if not _any_repeated(text):
        return
    codes, _, _ = _encode(text, text=False)
    counts = np.bincount(codes)
    repeated = int((counts > 1).sum())
    if repeated:
        check.flag(
            counts[codes] > 1, label, f"duplicate identifiers ({repeated} value(s) repeated)"
        )


def _staff_checks(
    check: _Checker, out: dict, found: dict, n: int, overrides: Mapping[str, str] | None = None
) -> None:
    if "clinical" not in out and _has_values(out.get("occupation_code")):
        _clinical_from_occupation(check, out, found, overrides)
    if "clinical" not in out:
        group = out.get("staff_group")
        if group is None or pc.all(pc.is_null(group)).as_py():
            # Both are optional: without them indicator 1 has one cluster, all staff.
            out["clinical"] = pa.nulls(n, pa.bool_())
        else:
            codes, uniques, _ = _encode(group)
            lut = np.array(
                [re.search(r"admin|clerical|estates|ancillary", u.lower()) is None for u in uniques]
            )
            out["clinical"] = pa.array(lut[codes])
    else:
        check.flag(
            pc.is_null(out["clinical"]), found.get("clinical", "clinical"), "clinical flag is blank"
        )
    if "weekly_hours" in out and "period_pay" in out:
        zero = pc.and_(
            pc.equal(pc.fill_null(out["weekly_hours"], 1.0), 0.0),
            pc.greater(pc.fill_null(out["period_pay"], 0.0), 0.0),
        )
        check.flag(zero, found["weekly_hours"], "zero weekly hours with pay in the period")
    if "full_pay_relevant" not in out and "period_pay" in out:
        out["full_pay_relevant"] = pc.is_valid(out["period_pay"])
    for name in ("board_member", "board_voting", "board_executive", "bank", "full_pay_relevant"):
        if name not in out:
            out[name] = pa.array(np.zeros(n, dtype=bool))
    out["board_member"] = pc.or_(
        out["board_member"], pc.or_(out["board_voting"], out["board_executive"])
    )


def _has_values(col: Any) -> bool:
    return col is not None and not pc.all(pc.is_null(col)).as_py()


def _clinical_from_occupation(
    check: _Checker, out: dict, found: dict, overrides: Mapping[str, str] | None
) -> None:
    """Clinical/non-clinical from the ESR occupation code (its matrix), when the file has
    no clinical flag. Codes that say neither (and blank codes) are refused with the codes
    listed; the analyst maps them (``codes={"occupation_code": {code: "clinical"}}``)."""
    flags = _bool_map()
    extra: dict[str, bool] = {}
    for code, value in (overrides or {}).items():
        said = normalise(value)
        if said in ("clinical", "non clinical"):
            extra[str(code)] = said == "clinical"
        elif flags.get(said) is not None:
            extra[str(code)] = flags[said] == "1"
    codes, uniques, counts = _encode(out["occupation_code"])
    result = clinical_from_codes(uniques, extra)
    unknown = [i for i, v in enumerate(result.values) if v is None and counts[i] > 0]
    if unknown:
        shown = ", ".join(repr(uniques[i] or "(blank)") for i in unknown[:8])
        more = f" and {len(unknown) - 8} more" if len(unknown) > 8 else ""
        bad = np.zeros(len(uniques), dtype=bool)
        bad[unknown] = True
        check.flag(
            bad[codes],
            found.get("occupation_code", "occupation_code"),
            "occupation code does not say clinical or non-clinical (no clinical flag column "
            f"given): {shown}{more}; add the clinical flag or map these codes",
        )
    lut = np.array([bool(v) for v in result.values], dtype=bool)
    out["clinical"] = pa.array(lut[codes])
