"""Funnel chart point labels stay inside the chart: long organisation names at the right
edge go to the left of their point, and a name too long for either side is shortened (the
description keeps it whole)."""

import re

from dueregard.evidence import charts

WIDTH = 680
LONG = "Vale Community and Mental Health NHS Trust"


def _view(rows):
    limits = [
        {"n": n, "lo95": 0.5 - 1 / n**0.5, "hi95": 0.5 + 1 / n**0.5, "lo998": 0.5 - 1.5 / n**0.5}
        for n in (50, 100, 200, 400, 800)
    ]
    for x in limits:
        x["hi998"] = 1 - x["lo998"]
    return {
        "type": "funnel",
        "unit": "%",
        "measure": "Percentage",
        "funnel": {"limits": limits, "baseline": 0.5},
        "rows": [
            {"group": g, "value": v, "denominator": n, "comparable": True} for g, v, n in rows
        ],
    }


def _labels(svg: str) -> list[tuple[float, str, str]]:
    found = re.findall(r'<text x="([\d.]+)"[^>]*text-anchor="(\w+)">([^<]*)</text>', svg)
    return [(float(x), anchor, text) for x, anchor, text in found]


def _extent(x: float, anchor: str, text: str) -> tuple[float, float]:
    w = len(text) * 11 * charts._CHAR_WIDTH
    return (x, x + w) if anchor == "start" else (x - w, x)


def test_long_names_stay_inside_the_chart():
    name = "Riverside University Hospitals NHS Foundation Trust and Partners in Care"
    view = _view([(LONG, 0.52, 800), ("Short", 0.5, 50), (name, 0.48, 400)])
    chart = charts.funnel_chart(view, "t")
    svg = str(chart["svg"])
    points = {t: (x, a) for x, a, t in _labels(svg) if t not in ("Short",)}
    # The right-hand trust is labelled to the left of its point, whole.
    x, anchor = points[LONG]
    assert anchor == "end"
    for x, anchor, text in _labels(svg):
        lo, hi = _extent(x, anchor, text)
        assert lo >= 0 and hi <= WIDTH, text
    # The middle one is too long for either side: shortened, whole in the description.
    shortened = [t for t in points if t.endswith("\u2026")]
    assert len(shortened) == 1 and name.startswith(shortened[0][:-1])
    assert name in chart["desc"] and LONG in chart["desc"]


def test_a_short_name_keeps_its_place_right_of_the_point():
    chart = charts.funnel_chart(_view([("Vale East", 0.5, 800), ("Vale West", 0.5, 50)]), "t")
    labels = {t: a for _x, a, t in _labels(str(chart["svg"]))}
    assert labels["Vale East"] == "start" and labels["Vale West"] == "start"
