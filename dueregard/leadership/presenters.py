"""Values for display: figures as text, the chart (the evidence workspace's bar chart with
intervals) and the names of levels, characteristics and categories."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dueregard.evidence.charts import bar_chart

from .services.dashboard import CATEGORY_NAMES, CHARACTERISTIC_NAMES, LEVEL_NAMES


def count(n) -> str:
    return "*" if n is None else f"{int(n):,}"


def percent(value) -> str:
    return "*" if value is None else f"{value:.1f}%"


def points(value) -> str:
    if value is None:
        return "*"
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{abs(value):.1f}"


def interval(row) -> str:
    if row is None or row.get("lower") is None:
        return ""
    return f"{row['lower']:.1f}% to {row['upper']:.1f}%"


def _row(row: dict, categories) -> dict:
    return {
        **row,
        "name": str(LEVEL_NAMES[row["level"]]),
        "count_text": [count(row["counts"].get(c)) for c in categories],
        "value_text": "" if row["empty"] else percent(row["value"]),
        "interval_text": interval(row),
        "gap_text": "" if row["gap"] is None else points(row["gap"]),
    }


def dashboard(data: dict) -> dict:
    categories = data["categories"]
    rows = [_row(r, categories) for r in data["rows"]]
    focus_name = str(CATEGORY_NAMES[data["focus"]])
    chart = None
    if rows:
        chart = bar_chart(
            {
                "rows": [
                    {
                        "group": r["name"],
                        "value": r["value"],
                        "lower": r["lower"],
                        "upper": r["upper"],
                        "suppressed": r["suppressed"],
                    }
                    for r in rows
                ],
                "unit": "%",
                "measure": focus_name,
                "statistic": _("Share of known answers, %(year)s") % {"year": data["period"]},
                "group_label": _("Level"),
            },
            "leadership-chart",
        )
    trend = [
        {
            "period": t["period"],
            "organisations": t["organisations"],
            "cells": [
                {
                    "value": "" if r is None or r["empty"] else percent(r["value"]),
                    "interval": interval(r),
                    "gap": "" if r is None or r["gap"] is None else points(r["gap"]),
                }
                for r in t["levels"]
            ],
        }
        for t in data["trend"]
    ]
    return {
        **data,
        "rows": rows,
        "chart": chart,
        "trend": trend,
        "trend_names": [str(LEVEL_NAMES[level]) for level in data["trend_levels"]],
        "focus_name": focus_name,
        "category_names": [str(CATEGORY_NAMES[c]) for c in categories],
        "characteristic_names": {
            c: str(CHARACTERISTIC_NAMES[c]) for c in ("ethnicity", "disability", "sex", "age")
        },
        "population_text": percent(data["population_share"])
        if data["population_share"] is not None
        else None,
    }


def _value(point: dict, unit: str) -> str:
    if point.get("missing"):
        return _("no data")
    if point.get("value") is None:
        return "*"
    if unit == "n":
        return count(point["value"])
    return percent(point["value"]) if unit == "%" else points(point["value"])


def objectives(board: list[dict]) -> list[dict]:
    out = []
    for objective in board:
        measures = []
        for m in objective["measures"]:
            unit = m["kind"].unit
            target = float(m["measure"].target)
            measures.append(
                {
                    **m,
                    "label": str(m["kind"].label),
                    "target_text": (
                        percent(target)
                        if unit == "%"
                        else count(target)
                        if unit == "n"
                        else points(target)
                    ),
                    "points": [
                        {"period": p["period"], "text": _value(p, unit)} for p in m["trend"]
                    ],
                    "latest_text": _value(m["latest"], unit) if m["latest"] else None,
                }
            )
        out.append({**objective, "label": str(objective["label"]), "measures": measures})
    return out
