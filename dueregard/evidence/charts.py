"""Server-rendered SVG charts of an analysis as viewed: bars with intervals, the slope
of inequality, funnel plots. Each has a title, a description giving the same figures,
and the data table beside it on the page."""

from __future__ import annotations

from html import escape

import numpy as np
from django.utils.translation import gettext as _
from markupsafe import Markup

from .presenters import (
    BLUE,
    DARK,
    GREY,
    _funnel_x,
    _pack_rows,
    count,
    funnel_positions,
    hidden_label,
    interval,
    number,
)


def _line(x1, y1, x2, y2, colour=DARK, extra="") -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}"{extra}/>'
    )


def _text(x, y, text, anchor="start", size=12) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{DARK}" '
        f'text-anchor="{anchor}">{escape(str(text))}</text>'
    )


def _axes(left, top, right_x, bottom_y) -> list[str]:
    return [_line(left, bottom_y, right_x, bottom_y), _line(left, top, left, bottom_y)]


def _svg(uid: str, title: str, desc: str, width: int, height: int, body: str) -> Markup:
    # Every interpolated text is escaped above; the markup itself is ours.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dr-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{uid}-t {uid}-d" focusable="false">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _short(label: str, most: int = 42) -> str:
    """A bar label that fits (the full name is in the table and the description)."""
    return label if len(label) <= most else label[: most - 1].rstrip(" ,") + "…"


def bar_chart(view: dict, uid: str) -> dict:
    """Horizontal bars with 95% intervals; suppressed groups labelled, never drawn."""
    unit = view.get("unit", "")
    rows = view.get("rows", [])
    names = [_short(r["group"]) for r in rows]
    # room for the longest label (about 7.5 px a character at 13 px), the plot as wide
    left = max(190, min(340, int(7.5 * max((len(n) for n in names), default=0)) + 16))
    width, right, row_h, top = 490 + left, 110, 30, 30
    height = top + row_h * len(rows) + 30
    top_value = max([r.get("upper") or r.get("value") or 0 for r in rows] + [1e-9]) * 1.05
    if unit == "%":
        top_value = min(top_value, 100.0)
    plot = width - left - right

    def x(v):
        return left + plot * (v / top_value)

    parts = [
        f'<line x1="{left}" y1="{top - 6}" x2="{left}" y2="{height - 24}" stroke="{DARK}"/>',
        f'<text x="{left}" y="{height - 6}" font-size="12" fill="{DARK}">0</text>',
        f'<text x="{left + plot}" y="{height - 6}" font-size="12" fill="{DARK}" text-anchor="end">'
        f"{escape(number(top_value, unit))}</text>",
    ]
    for i, r in enumerate(rows):
        y = top + i * row_h
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" font-size="13" fill="{DARK}" text-anchor="end">'
            f"{escape(names[i])}</text>"
        )
        if r.get("value") is None:
            parts.append(
                f'<text x="{left + 6}" y="{y + 15}" font-size="12" fill="{DARK}">'
                f"{escape(hidden_label(r) if r.get('suppressed') else _('no figure'))}</text>"
            )
            continue
        fill = BLUE if r.get("comparable", True) else GREY
        parts.append(
            f'<rect x="{left}" y="{y + 4}" width="{max(x(r["value"]) - left, 1):.1f}" '
            f'height="{row_h - 10}" fill="{fill}"/>'
        )
        if r.get("lower") is not None and r.get("upper") is not None:
            lo, hi, mid = x(r["lower"]), x(r["upper"]), y + row_h / 2 - 1
            parts.append(
                f'<path d="M{lo:.1f} {mid - 6}v12M{lo:.1f} {mid}H{hi:.1f}M{hi:.1f} {mid - 6}v12" '
                f'stroke="{DARK}" stroke-width="2" fill="none"/>'
            )
        parts.append(
            f'<text x="{width - right + 8}" y="{y + 15}" font-size="12" fill="{DARK}">'
            f"{escape(number(r['value'], unit, 1 if unit else 2))}</text>"
        )
    by = view.get("group_label", "group").lower()
    title = f"{view.get('measure', '')}: {view.get('statistic', '').lower()} by {by}"
    shown = [r for r in rows if r.get("value") is not None]
    desc = (
        "Bar chart with 95% confidence intervals. "
        + "; ".join(f"{r['group']} {number(r['value'], unit)} ({interval(r, unit)})" for r in shown)
        + (
            ". Suppressed: " + ", ".join(view["suppressed_groups"])
            if view.get("suppressed_groups")
            else ""
        )
        + ". The same figures are in the table."
    )
    return {
        "svg": _svg(uid, title, desc, width, height, "".join(parts)),
        "title": title,
        "desc": desc,
    }


def slope_chart(view: dict, uid: str) -> dict | None:
    """Deciles by relative rank (most deprived on the left) with the fitted slope."""
    sii = view.get("sii")
    rows = [r for r in view.get("rows", []) if r.get("comparable")]
    if not sii or sii.get("value") is None:
        return None
    unit = view.get("unit", "")
    pops = np.array([r["denominator"] or 0 for r in rows], dtype=float)
    if pops.sum() <= 0:
        return None
    cum = np.cumsum(pops) / pops.sum()
    ranks = cum - pops / pops.sum() / 2
    width, height, left, bottom, top, right = 680, 320, 60, 50, 20, 20
    values = [
        v for r in rows for v in (r.get("value"), r.get("lower"), r.get("upper")) if v is not None
    ]
    f0, f1 = sii["intercept"], sii["intercept"] + sii["value"]
    lo_v = min(values + [f0, f1]) * 0.9
    hi_v = max(values + [f0, f1]) * 1.05
    if unit == "%":
        hi_v = min(hi_v, 100.0)
    span = max(hi_v - lo_v, 1e-9)

    def px(rank):
        return left + (width - left - right) * rank

    def py(v):
        return top + (height - top - bottom) * (1 - (v - lo_v) / span)

    dashed = ' stroke-width="2" stroke-dasharray="6 4"'
    parts = [
        *_axes(left, top, width - right, height - bottom),
        _text(left, height - 28, "Most deprived"),
        _text(width - right, height - 28, "Least deprived", "end"),
        _text(width / 2, height - 8, "Relative rank by deprivation (population share)", "middle"),
        _text(left - 6, py(hi_v) + 10, number(hi_v, unit, 0), "end"),
        _text(left - 6, py(lo_v), number(lo_v, unit, 0), "end"),
        _line(px(0), py(f0), px(1), py(f1), DARK, dashed),
    ]
    for r, rank in zip(rows, ranks, strict=True):
        if r.get("value") is None:
            continue
        cx, cy = px(rank), py(r["value"])
        if r.get("lower") is not None:
            parts.append(_line(cx, py(r["lower"]), cx, py(r["upper"]), GREY, ' stroke-width="2"'))
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{BLUE}"/>')
        parts.append(_text(cx, cy - 9, r["group"], "middle", 11))
    title = f"Slope of inequality: {view.get('measure', '').lower()} by deprivation decile"
    desc = (
        f"Points for each decile from the most deprived (left) to the least deprived (right), "
        f"with 95% intervals, and the fitted line of the slope index of inequality, which runs "
        f"from {number(f0, unit)} to {number(f1, unit)}."
    )
    return {
        "svg": _svg(uid, title, desc, width, height, "".join(parts)),
        "title": title,
        "desc": desc,
    }


#: Average advance of a character at font size 1 (the sans-serif of the NHS.UK frontend);
#: generous, so an estimate errs towards moving or shortening a label, never clipping it.
_CHAR_WIDTH = 0.58


def _point_label(cx: float, cy: float, label: str, width: float, size: int = 11) -> str:
    """A point's label beside it, inside the chart: to the right when it fits, else to the
    left; a name too long for either side is shortened with an ellipsis (the description
    and the table below the chart give it in full)."""
    text = str(label)
    room_right, room_left = width - (cx + 8) - 4, cx - 8 - 4
    fits = int(max(room_right, room_left) / (size * _CHAR_WIDTH))
    if len(text) > fits:
        text = text[: max(fits - 1, 1)].rstrip() + "…"
    needed = len(text) * size * _CHAR_WIDTH
    if needed <= room_right or room_right >= room_left:
        return _text(cx + 8, cy + 4, text, "start", size)
    return _text(cx - 8, cy + 4, text, "end", size)


def funnel_chart(view: dict, uid: str) -> dict | None:
    funnel = view.get("funnel")
    if not funnel or not funnel.get("limits"):
        return None
    unit = view.get("unit", "")
    limits = funnel["limits"]
    rows = [r for r in view.get("rows", []) if r.get("comparable") and r.get("value") is not None]
    width, height, left, bottom, top, right = 680, 320, 60, 50, 20, 130
    rows = [r for r in rows if _funnel_x(r)]
    ns = [x["n"] for x in limits] + [_funnel_x(r) for r in rows]
    vs = [x["lo998"] for x in limits] + [x["hi998"] for x in limits] + [r["value"] for r in rows]
    n_min, n_max, v_lo, v_hi = min(ns), max(ns), min(vs), max(vs)
    span = max(v_hi - v_lo, 1e-9)
    n_span = max(n_max - n_min, 1e-9)

    def px(n):
        return left + (width - left - right) * ((n - n_min) / n_span)

    def py(v):
        return top + (height - top - bottom) * (1 - (v - v_lo) / span)

    def path(key):
        return "M" + "L".join(f"{px(x['n']):.1f} {py(x[key]):.1f}" for x in limits)

    base = funnel["baseline"]
    parts = [
        *_axes(left, top, width - right, height - bottom),
        _text(width / 2, height - 8, view.get("denominator_label", "Denominator"), "middle"),
        _text(left, height - 28, count(n_min)),
        _text(width - right, height - 28, count(n_max), "end"),
        _text(left - 6, py(v_hi) + 10, number(v_hi, unit, 0), "end"),
        _text(left - 6, py(v_lo), number(v_lo, unit, 0), "end"),
        _line(left, py(base), width - right, py(base)),
    ]
    for key, dash in (("lo95", "4 3"), ("hi95", "4 3"), ("lo998", "10 4"), ("hi998", "10 4")):
        parts.append(
            f'<path d="{path(key)}" stroke="{GREY}" stroke-width="2" '
            f'stroke-dasharray="{dash}" fill="none"/>'
        )
    for r in rows:
        cx, cy = px(_funnel_x(r)), py(r["value"])
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{BLUE}"/>')
        parts.append(_point_label(cx, cy, r["group"], width))
    title = f"Funnel plot: {view.get('measure', '').lower()} by area"
    positions = funnel_positions(view)
    desc = (
        f"Each area's {view.get('statistic', 'value').lower()} against its "
        f"{view.get('denominator_label', 'denominator').lower()}, with 95% (short dashes) and "
        f"99.8% (long dashes) limits around the overall {number(funnel['baseline'], unit)}. "
        + "; ".join(f"{g}: {p.lower()}" for g, p in positions.items())
        + "."
    )
    return {
        "svg": _svg(uid, title, desc, width, height, "".join(parts)),
        "title": title,
        "desc": desc,
    }


def charts(view: dict, prefix: str = "chart") -> list[dict]:
    out = []
    if view.get("type") == "pack":
        rows = _pack_rows(view)
        if rows:
            chart = bar_chart(
                {
                    "rows": rows,
                    "unit": "",
                    "measure": "Relative likelihood",
                    "statistic": "ratio (1.00 = parity)",
                    "group_label": "indicator",
                },
                f"{prefix}-rl",
            )
            out.append(chart)
        return out
    if view.get("type") == "funnel":
        chart = funnel_chart(view, f"{prefix}-funnel")
        if chart:
            out.append(chart)
    if view.get("rows"):
        out.append(bar_chart(view, f"{prefix}-bars"))
    if view.get("type") == "deprivation":
        chart = slope_chart(view, f"{prefix}-slope")
        if chart:
            out.append(chart)
    return out
