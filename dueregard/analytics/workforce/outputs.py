"""Publishing the result tables: disclosure control, then XLSX, CSV, JSON and HTML.

:func:`publish` applies :mod:`dueregard.analytics.disclosure` to every table (on by
default): counts 1–7 become ``*``, other counts are rounded to the nearest 5, suppression
is secondary-safe against the table's totals, percentages are recomputed from the rounded
counts, and statistics computed from a suppressed count are blanked (``*``). The writers
then render the same tables to each format (one source, many renderers).
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dueregard.publishing.tabular import safe_cell, xlsx_workbook

from .. import derived
from ..disclosure import DEFAULT_RULES, DisclosureRules, suppress_counts, suppress_table
from .derived_figures import BLOCKS, SYMBOL, Counts, derive, show
from .headings import heading
from .metrics import PackResult

__all__ = ["FORMATS", "disclosure_label", "publish", "write"]

FORMATS = ("xlsx", "csv", "json", "html")


def disclosure_label(on: bool, rules: DisclosureRules = DEFAULT_RULES) -> str:
    if on:
        return (
            f"Disclosure control ON: counts {rules.suppress_from}–{rules.suppress_to} shown as "
            f"'{rules.symbol}', other counts rounded to the nearest {rules.rounding_base}, "
            "percentages from rounded counts, statistics from suppressed counts blanked."
        )
    return (
        "Disclosure control OFF: unrounded small numbers for the analyst's own use only. "
        "DO NOT PUBLISH OR SHARE."
    )


def _publish_table(frame: pd.DataFrame, rules: DisclosureRules) -> pd.DataFrame:
    attrs = dict(frame.attrs)
    counts = [c for c in attrs.get("counts", []) if c in frame.columns]
    if not counts or frame.empty:
        return frame
    frame = frame.copy(deep=False)
    frame.attrs = {}  # else every column look-up deep-copies them
    out = frame.astype(object)
    # One column per count, by position; rows outside every block keep their exact counts.
    published = np.column_stack([frame[c].astype(float).to_numpy() for c in counts])
    hidden = np.zeros(published.shape, dtype=bool)
    exact = np.where(np.isnan(published), 0.0, published).round()
    block_cols = [c for c in BLOCKS if c in frame.columns and c not in counts]
    by = block_cols[0] if len(block_cols) == 1 else block_cols
    blocks = (
        frame.groupby(by, sort=False).indices.values() if block_cols else [np.arange(len(frame))]
    )
    inner = [j for j, c in enumerate(counts) if c not in ("Total", "known", "staff_known")]
    total = counts.index("Total") if "Total" in counts else None
    for rows in blocks:
        sub = exact[rows]
        if total is not None and len(inner) > 1:
            st = suppress_table(sub[:, inner], rules=rules)
            cells = np.ix_(rows, inner)
            published[cells], hidden[cells] = st.published, st.suppressed
            published[rows, total] = st.row_totals
            hidden[rows, total] = st.row_totals_suppressed
        else:
            for j in range(len(counts)):
                st = suppress_counts(sub[:, j], rules=rules)
                published[rows, j], hidden[rows, j] = st.published[0], st.suppressed[0]
    for j, c in enumerate(counts):
        out[c] = [
            SYMBOL if h else (None if math.isnan(v) else int(v))
            for v, h in zip(published[:, j].tolist(), hidden[:, j].tolist(), strict=True)
        ]
    derive(frame, out, Counts(counts, published, hidden), attrs)
    out.attrs = attrs
    return out


def publish(
    result: PackResult, *, disclosure: bool = True, rules: DisclosureRules = DEFAULT_RULES
) -> PackResult:
    """The result ready to leave the analyst (disclosure control on by default)."""
    tables = {k: (_publish_table(v, rules) if disclosure else v) for k, v in result.tables.items()}
    meta = dict(result.meta)
    meta["disclosure"] = disclosure_label(disclosure, rules)
    meta["disclosure_control"] = disclosure
    return PackResult(tables=tables, meta=meta)


def _jsonable(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if not np.isfinite(v) else round(float(v), 6)
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _jsonable(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _fmt(v: Any) -> str:
    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "Yes" if v else "No"
    if isinstance(v, (float, np.floating)):
        return f"{v:,.3f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:,.1f}"
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return str(v)


def _sheet_name(name: str, used: set[str]) -> str:
    """A sheet name not yet in ``used`` (casefolded: Excel's names ignore case)."""
    base = name.replace("_", " ").upper()[:28] if len(name) <= 6 else name.replace("_", " ")[:28]
    out, i = base, 2
    while out.casefold() in used:
        out, i = f"{base[:26]} {i}", i + 1
    used.add(out.casefold())
    return out


def write_xlsx(result: PackResult, path: Path, quality: list[dict] | None = None) -> None:
    book = xlsx_workbook(str(path))
    bold = book.add_format({"bold": True})
    ws = book.add_worksheet("Summary")
    ws.write(
        0, 0, "dueregard workforce equality metrics", book.add_format({"bold": True, "size": 14})
    )
    summary: list[list[Any]] = []
    for k, v in result.meta.items():
        if k != "disclosure_control":
            value = (
                _fmt(v) if not isinstance(v, dict) else ", ".join(f"{a} {b}" for a, b in v.items())
            )
            summary.append([k.replace("_", " ").capitalize(), value])
    summary += [[], ["Table", "Title"]]
    used = {"summary"}
    names = {}
    for name, frame in result.tables.items():
        names[name] = _sheet_name(name, used)
        summary.append([names[name], frame.attrs.get("title", name)])
    for i, row in enumerate(summary, start=1):
        ws.write_row(i, 0, row)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 120)
    for name, frame in result.tables.items():
        sh = book.add_worksheet(names[name])
        sh.write(0, 0, frame.attrs.get("title", name), bold)
        top = [[f"Period {result.meta.get('period', '')}; {result.meta.get('disclosure', '')}"]]
        if frame.attrs.get("note"):
            top.append([frame.attrs["note"]])
        for i, row in enumerate(top, start=1):
            sh.write_row(i, 0, row)
        header = len(top) + 2  # a blank row, then the headings
        sh.write_row(header, 0, [heading(str(c)) for c in frame.columns], bold)
        # rows from whole columns as Python lists: itertuples selects every column again
        columns = [col.tolist() for _c, col in frame.items()]
        for i, row in enumerate(zip(*columns, strict=True), start=header + 1):
            sh.write_row(i, 0, [_xlsx_value(v) for v in row])
        sh.freeze_panes(header + 1, 0)
        for i, c in enumerate(frame.columns):
            sh.set_column(i, i, max(10, min(40, len(str(c)) + 2)))
    if quality:
        sh = book.add_worksheet("Data quality")
        cols = [
            "table",
            "characteristic",
            "total",
            "declared",
            "not_declared",
            "unknown",
            "unmapped",
            "declared_pct",
            "unmapped_values",
        ]
        sh.write(
            0,
            0,
            "Data quality by characteristic (declared / not declared / unknown / unmapped values)",
        )
        sh.write_row(1, 0, [c.replace("_", " ") for c in cols])
        for i, q in enumerate(quality, start=2):
            sh.write_row(i, 0, [_xlsx_value(q.get(c)) for c in cols])
    # Imported here: only writing XLSX needs it.
    from xlsxwriter.exceptions import FileCreateError

    try:
        book.close()  # the file is written here, whole, or not at all
    except FileCreateError as exc:
        raise exc.args[0] from None  # the OSError it wraps (a directory, no permission)


def _defuse(v: Any) -> Any:
    """Text through the one formula-injection guard (labels come from uploaded files);
    numbers and missing values are left to the writer."""
    return safe_cell(v) if isinstance(v, str) else v


def _xlsx_value(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (np.bool_, bool)):
        return "Yes" if v else "No"
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if not np.isfinite(v) else float(v)
    if isinstance(v, (list, tuple)):
        return _defuse(", ".join(map(str, v)))
    return _defuse(v)


def write(
    result: PackResult, path: str | Path, fmt: str | None = None, quality: list[dict] | None = None
) -> list[Path]:
    """Write ``result`` to ``path`` in ``fmt`` (default: from the suffix); returns files."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "xlsx").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        write_xlsx(result, path, quality)
        return [path]
    if fmt == "csv":
        files = []
        for name, frame in result.tables.items():
            p = path.with_name(f"{path.stem}-{name}.csv")
            frame.map(_defuse).to_csv(p, index=False)
            files.append(p)
        if quality:
            p = path.with_name(f"{path.stem}-data-quality.csv")
            q = pd.DataFrame(quality)
            q["unmapped_values"] = q["unmapped_values"].map(lambda v: "; ".join(map(str, v)))
            q.map(_defuse).to_csv(p, index=False)
            files.append(p)
        return files
    if fmt == "json":
        doc = {
            "meta": {
                k: _jsonable(v) if not isinstance(v, dict) else v for k, v in result.meta.items()
            },
            "tables": {
                name: {
                    "title": f.attrs.get("title", name),
                    "columns": list(f.columns),
                    "rows": _records(f),
                }
                for name, f in result.tables.items()
            },
            "data_quality": [{k: _jsonable(v) for k, v in q.items()} for q in quality or []],
        }
        path.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
        return [path]
    path.write_text(render_html(result, quality), encoding="utf-8")
    return [path]


def render_html(result: PackResult, quality: list[dict] | None = None) -> str:
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>",
        "<title>Workforce equality metrics – dueregard</title>",
        "<style>body{font-family:Arial,sans-serif;margin:2em;max-width:80em}"
        "table{border-collapse:collapse;margin-bottom:2em}th,td{border:1px solid #999;"
        "padding:.25em .5em;text-align:right}th{background:#eee}td:first-child,"
        "th:first-child{text-align:left}.warn{font-weight:bold}</style></head><body>",
        "<h1>Workforce equality metrics</h1>",
        f"<p>Period {esc(str(result.meta.get('period', '')))}, snapshot "
        f"{esc(str(result.meta.get('snapshot', '')))}; engine "
        f"{esc(str(result.meta.get('engine', '')))}.</p>",
        f"<p class='warn'>{esc(str(result.meta.get('disclosure', '')))}</p>",
    ]
    for name, frame in result.tables.items():
        parts.append(f"<h2 id='{esc(name)}'>{esc(frame.attrs.get('title', name))}</h2>")
        parts.append("<table><thead><tr>")
        parts += [f"<th scope='col'>{esc(heading(str(c)))}</th>" for c in frame.columns]
        parts.append("</tr></thead><tbody>")
        for row in frame.itertuples(index=False):
            parts.append("<tr>" + "".join(f"<td>{esc(_fmt(v))}</td>" for v in row) + "</tr>")
        parts.append("</tbody></table>")
    if quality:
        parts.append("<h2>Data quality</h2><table><thead><tr>")
        cols = [
            "table",
            "characteristic",
            "total",
            "declared",
            "not_declared",
            "unknown",
            "unmapped",
            "unmapped_values",
        ]
        parts += [f"<th scope='col'>{esc(c.replace('_', ' '))}</th>" for c in cols]
        parts.append("</tr></thead><tbody>")
        for q in quality:
            parts.append(
                "<tr>" + "".join(f"<td>{esc(_fmt(q.get(c)))}</td>" for c in cols) + "</tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def publish_quality(
    quality: list[dict], *, disclosure: bool = True, rules: DisclosureRules = DEFAULT_RULES
) -> list[dict]:
    """The data-quality rows with their counts under disclosure control."""
    if not disclosure:
        return quality
    out = []
    for q in quality:
        keys = ["declared", "not_declared", "unknown", "unmapped"]
        st = suppress_counts([q[k] for k in keys], rules=rules)
        row = dict(q)
        for i, k in enumerate(keys):
            row[k] = SYMBOL if st.suppressed[0, i] else int(st.published[0, i])
        row["total"] = SYMBOL if st.row_totals_suppressed[0] else int(st.row_totals[0])
        if "declared_pct" in row:
            pct = derived.ratio(st.published[0, 0], st.row_totals[0], scale=100)[0]
            row["declared_pct"] = show(
                pct, bool(st.suppressed[0, 0] or st.row_totals_suppressed[0])
            )
        out.append(row)
    return out
