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

from .. import derived
from ..disclosure import DEFAULT_RULES, DisclosureRules, suppress_counts, suppress_table
from .metrics import PackResult

__all__ = ["FORMATS", "disclosure_label", "publish", "write"]

FORMATS = ("xlsx", "csv", "json", "html")
SYMBOL = "*"
_BLOCKS = ("process", "characteristic", "indicator", "cluster")


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
    out = frame.copy().astype({c: object for c in frame.columns})
    hidden = pd.DataFrame(False, index=frame.index, columns=counts)
    published = frame[counts].astype(float).copy()
    block_cols = [c for c in _BLOCKS if c in frame.columns and c not in counts]
    by = block_cols[0] if len(block_cols) == 1 else block_cols
    blocks = frame.groupby(by, sort=False).groups if block_cols else {0: frame.index}
    for index in blocks.values():
        sub = frame.loc[index, counts].astype(float).fillna(0).round()
        inner = [c for c in counts if c not in ("Total", "known", "staff_known")]
        if "Total" in counts and len(inner) > 1:
            st = suppress_table(sub[inner].to_numpy(), rules=rules)
            published.loc[index, inner] = st.published
            hidden.loc[index, inner] = st.suppressed
            published.loc[index, "Total"] = st.row_totals
            hidden.loc[index, "Total"] = st.row_totals_suppressed
        else:
            for c in counts:
                st = suppress_counts(sub[c].to_numpy(), rules=rules)
                published.loc[index, c] = st.published[0]
                hidden.loc[index, c] = st.suppressed[0]
    for c in counts:
        out[c] = [
            SYMBOL if h else (None if math.isnan(v) else int(v))
            for v, h in zip(published[c], hidden[c], strict=True)
        ]
    _derive(frame, out, published, hidden, attrs)
    out.attrs = attrs
    return out


_RL_COLS = ("relative_likelihood", "lower95", "upper95", "outside_0_80_1_25")
# Relative-likelihood column prefixes of the funnel table -> (numerator, denominator).
_RL_PREFIXES = {
    "shortlisting_": ("shortlisted", "applied"),
    "appointment_": ("appointed", "shortlisted"),
}
_WILSON = ("pct", "pct_lower95", "pct_upper95")


def _show(value: float, hidden: bool) -> Any:
    return SYMBOL if hidden or not np.isfinite(value) else float(value)


def _ratio_columns(frame: pd.DataFrame, counts: list[str], attrs: dict) -> dict[str, tuple]:
    """Derived columns that are one count over another: ``<num>_per_<den>`` and the
    ``statistic_of`` columns over two counts that the exact figures show to be a ratio."""
    found: dict[str, tuple[str, str]] = {}
    for col in frame.columns:
        num, _, den = str(col).partition("_per_")
        if den and num in counts and den in counts:
            found[col] = (num, den)
    for col, deps in attrs.get("statistic_of", {}).items():
        pair = [d for d in deps if d in counts]
        if col in found or col not in frame.columns or len(pair) != 2:
            continue
        values = pd.to_numeric(frame[col], errors="coerce").to_numpy(float)
        for num, den in (pair, pair[::-1]):
            with np.errstate(invalid="ignore", divide="ignore"):
                exact = frame[num].to_numpy(float) / frame[den].to_numpy(float)
            both = np.isfinite(values) & np.isfinite(exact)
            if both.any() and np.allclose(values[both], exact[both]):
                found[col] = (num, den)
                break
    return found


def _reference_rows(frame: pd.DataFrame) -> pd.Series:
    """Each row's reference row label (within its characteristic block), or None."""
    if "reference" not in frame.columns:
        return pd.Series(None, index=frame.index, dtype=object)
    blocks = (
        frame["characteristic"]
        if "characteristic" in frame.columns
        else pd.Series(0, index=frame.index)
    )
    refs = {
        b: i for i, b in zip(frame.index, blocks, strict=True) if bool(frame.at[i, "reference"])
    }
    return pd.Series([refs.get(b) for b in blocks], index=frame.index, dtype=object)


def _derive(
    frame: pd.DataFrame,
    out: pd.DataFrame,
    published: pd.DataFrame,
    hidden: pd.DataFrame,
    attrs: dict,
) -> None:
    """Every derived figure recomputed from the published counts (:mod:`..derived`), or
    suppressed when it rests on a suppressed count; so no figure printed beside a rounded
    count gives the exact count back."""
    counts = list(published.columns)

    def gone(i, *cols) -> bool:
        return any(bool(hidden.at[i, c]) for c in cols if c in hidden.columns)

    handled: set[str] = set()
    for col, (num, den) in attrs.get("pct_of", {}).items():
        if col in frame.columns:
            pct = derived.ratio(published[num], published[den], scale=100)
            out[col] = [_show(p, gone(i, num, den)) for i, p in zip(frame.index, pct, strict=True)]
            handled.add(col)
    ratios = _ratio_columns(frame, counts, attrs)
    for col, (num, den) in ratios.items():
        value = derived.ratio(published[num], published[den])
        out[col] = [_show(v, gone(i, num, den)) for i, v in zip(frame.index, value, strict=True)]
        handled.add(col)
    refs = _reference_rows(frame)
    per = [c for c in ratios if "_per_" in c and not c.startswith(tuple(_RL_PREFIXES))]
    prefixes = {"": ratios[per[0]] if len(per) == 1 else None, **_RL_PREFIXES}
    for prefix, pair in prefixes.items():
        cols = [f"{prefix}{k}" for k in _RL_COLS]
        if pair is None or cols[0] not in frame.columns:
            continue
        num, den = pair
        ref_num = [published.at[r, num] if r is not None else np.nan for r in refs]
        ref_den = [published.at[r, den] if r is not None else np.nan for r in refs]
        rl = derived.likelihood(published[num], published[den], ref_num, ref_den)
        for col, key in zip(cols, ("value", "lower", "upper", "outside_band"), strict=True):
            values = rl[key]
            out[col] = [
                SYMBOL
                if gone(i, num, den) or (r is not None and gone(r, num, den))
                else (None if v is None or (isinstance(v, float) and not np.isfinite(v)) else v)
                for i, r, v in zip(frame.index, refs, values, strict=True)
            ]
            handled.add(col)
    if all(c in frame.columns for c in _WILSON):
        deps = attrs.get("statistic_of", {}).get("pct", [])
        if len(deps) == 2:
            value, lower, upper = derived.proportion_interval(
                published[deps[0]], published[deps[1]]
            )
            for col, v in zip(_WILSON, (value, lower, upper), strict=True):
                out[col] = [_show(x, gone(i, *deps)) for i, x in zip(frame.index, v, strict=True)]
                handled.add(col)
    if "difference_pp" in frame.columns and any(c.endswith(" %") for c in handled):
        pct_col = next(c for c in handled if c.endswith(" %"))
        overall = [i for i in frame.index if pd.isna(frame.at[i, "difference_pp"])]
        if overall:
            base = out.at[overall[-1], pct_col]
            out["difference_pp"] = [
                None
                if i == overall[-1]
                else (
                    SYMBOL
                    if base == SYMBOL or out.at[i, pct_col] == SYMBOL
                    else float(out.at[i, pct_col]) - float(base)
                )
                for i in frame.index
            ]
            handled.add("difference_pp")
    if "staff_pct" in handled and "reference_pct" in frame.columns:
        diff = pd.to_numeric(out["staff_pct"], errors="coerce") - frame["reference_pct"]
        out["difference_pp"] = [_show(d, gone(i, "staff")) for i, d in diff.items()]
        for col in ("difference_lower95", "difference_upper95"):
            out[col] = SYMBOL  # the exact staff counts' interval: not published
        handled |= {"difference_pp", "difference_lower95", "difference_upper95"}
    for col, deps in attrs.get("statistic_of", {}).items():
        if col in frame.columns and col not in handled:
            mask = hidden[[d for d in deps if d in hidden.columns]].any(axis=1)
            out.loc[mask, col] = SYMBOL
    _summary(frame, published, hidden, attrs, ratios)


def _summary(frame, published, hidden, attrs, ratios) -> None:
    """A table's one-figure summary (its title's relative likelihood) recomputed from the
    published counts of the two rows it compares (found from the exact figures)."""
    summary = attrs.get("summary")
    if summary is None:
        return
    target = float(summary.get("relative_likelihood", np.nan))
    title = attrs["title"].split(" = ")[0]
    if not np.isfinite(target):
        attrs["title"] = title
        return
    for num, den in ratios.values():
        x, n = frame[num].to_numpy(float), frame[den].to_numpy(float)
        for i in range(len(frame)):
            for j in range(len(frame)):
                if i == j or n[i] <= 0 or n[j] <= 0:
                    continue
                if not np.isclose((x[i] / n[i]) / (x[j] / n[j]) if x[j] else np.nan, target):
                    continue
                rows = [frame.index[i], frame.index[j]]
                if hidden.loc[rows, [num, den]].to_numpy().any():
                    break
                rl = derived.likelihood(
                    published.at[rows[0], num],
                    published.at[rows[0], den],
                    published.at[rows[1], num],
                    published.at[rows[1], den],
                )
                value, lo, hi = (float(rl[k][0]) for k in ("value", "lower", "upper"))
                if not np.isfinite(value):
                    break
                outside = bool(rl["outside_band"][0])
                attrs["summary"] = {
                    "relative_likelihood": value,
                    "lower95": lo,
                    "upper95": hi,
                    "outside_0_80_1_25": outside,
                }
                attrs["title"] = f"{title} = {value:.2f} (95% CI {lo:.2f}–{hi:.2f})" + (
                    " — outside 0.80–1.25" if outside else ""
                )
                return
    attrs["summary"] = {k: np.nan for k in _RL_COLS}
    attrs["title"] = title + " — not shown: small numbers"


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
    base = name.replace("_", " ").upper()[:28] if len(name) <= 6 else name.replace("_", " ")[:28]
    out, i = base, 2
    while out in used:
        out, i = f"{base[:26]} {i}", i + 1
    used.add(out)
    return out


def write_xlsx(result: PackResult, path: Path, quality: list[dict] | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(["dueregard workforce equality metrics"])
    ws["A1"].font = Font(bold=True, size=14)
    for k, v in result.meta.items():
        if k != "disclosure_control":
            ws.append(
                [
                    k.replace("_", " ").capitalize(),
                    _fmt(v)
                    if not isinstance(v, dict)
                    else ", ".join(f"{a} {b}" for a, b in v.items()),
                ]
            )
    ws.append([])
    ws.append(["Table", "Title"])
    used = {"Summary"}
    names = {}
    for name, frame in result.tables.items():
        names[name] = _sheet_name(name, used)
        ws.append([names[name], frame.attrs.get("title", name)])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 120
    for name, frame in result.tables.items():
        sh = wb.create_sheet(names[name])
        sh.append([frame.attrs.get("title", name)])
        sh["A1"].font = Font(bold=True)
        sh["A1"].alignment = Alignment(wrap_text=False)
        sh.append([f"Period {result.meta.get('period', '')}; {result.meta.get('disclosure', '')}"])
        if frame.attrs.get("note"):
            sh.append([frame.attrs["note"]])
        sh.append([])
        sh.append([c.replace("_", " ") for c in frame.columns])
        for cell in sh[sh.max_row]:
            cell.font = Font(bold=True)
        header_row = sh.max_row
        for row in frame.itertuples(index=False):
            sh.append([_xlsx_value(v) for v in row])
        sh.freeze_panes = sh.cell(row=header_row + 1, column=1)
        for i, c in enumerate(frame.columns, start=1):
            sh.column_dimensions[sh.cell(row=header_row, column=i).column_letter].width = max(
                10, min(40, len(str(c)) + 2)
            )
    if quality:
        sh = wb.create_sheet("Data quality")
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
        sh.append(
            ["Data quality by characteristic (declared / not declared / unknown / unmapped values)"]
        )
        sh.append([c.replace("_", " ") for c in cols])
        for q in quality:
            sh.append([_xlsx_value(q.get(c)) for c in cols])
    wb.save(path)


def _defuse(v: Any) -> Any:
    """Text starting ``=``, ``+``, ``-`` or ``@`` gets an apostrophe (formula injection:
    labels come from uploaded files)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        return "'" + v
    return v


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
        parts += [f"<th scope='col'>{esc(c.replace('_', ' '))}</th>" for c in frame.columns]
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
            row["declared_pct"] = _show(
                pct, bool(st.suppressed[0, 0] or st.row_totals_suppressed[0])
            )
        out.append(row)
    return out
