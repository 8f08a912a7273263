"""Values for display: tables, plain-language readings and server-rendered SVG charts.

Everything here works on a result *as viewed* (``services.safety.view_of``): outside the
analyst role suppressed groups have no numbers, so no reading or chart can reveal them.
"""

from __future__ import annotations

import numpy as np
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dueregard.publishing.document import Document, Paragraph, SummaryList, Table
from dueregard.publishing.tabular import safe_cell

from . import wording
from .services.figures import parity

BLUE = "#005eb8"
DARK = "#212b32"
GREY = "#768692"


#: Export cells go through the one formula-injection guard (labels come from uploaded files).
defuse = safe_cell


def number(value, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "*"
    text = f"{value:,.{digits}f}"
    return f"{text}{unit}"


def count(value) -> str:
    return "*" if value is None else f"{value:,.0f}"


def interval(row: dict, unit: str = "", digits: int = 1) -> str:
    if row.get("lower") is None or row.get("upper") is None:
        return ""
    return f"{number(row['lower'], unit, digits)} to {number(row['upper'], unit, digits)}"


def hidden_label(row: dict) -> str:
    """Why a row's figures are not shown."""
    if row.get("hidden_reason") == "protect":
        return _("hidden to protect another row")
    return _("hidden: small number")


def _plural_group(label: str, group: str) -> str:
    if label.lower().startswith("ethnic"):
        return f"{group} people"
    if label.lower().startswith("sex"):
        return {"Female": "Women", "Male": "Men"}.get(group, group)
    if label.lower().startswith("disab"):
        return {"Disabled": "Disabled people", "Not disabled": "Non-disabled people"}.get(
            group, group
        )
    return f"people in {label.lower()} {group}" if label else group


def _pack_cell(value, column: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        name = column.lower()
        if wording.is_percentage(name):
            return f"{value:,.1f}"
        if "likelihood" in name or name.endswith(("lower95", "upper95")) or "_per_" in name:
            return f"{value:,.2f}"
        if "hourly" in name:  # pounds and pence
            return f"{value:,.2f}"
        if value.is_integer():  # a count of people
            return f"{int(value):,}"
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _pack_head(column: str) -> str:
    """Headings in words: no internal column name reaches a page or a download."""
    return wording.heading(column)


def pack_tables(view: dict) -> list[dict]:
    """The workforce pack's tables for display (already disclosure-controlled outside the
    analyst role)."""
    out = []
    for t in view.get("tables", []):
        numeric = [
            i
            for i, _ in enumerate(t["columns"])
            if any(isinstance(r[i], (int, float)) for r in t["rows"])
        ]
        out.append(
            {
                "caption": t["title"],
                "note": t.get("note", ""),
                "head": [_pack_head(c) for c in t["columns"]],
                "rows": [
                    [_pack_cell(v, c) for v, c in zip(r, t["columns"], strict=True)]
                    for r in t["rows"]
                ],
                "numeric": numeric,
            }
        )
    return out


def _pack_rows(view: dict) -> list[dict]:
    from .services.workforce import hidden

    rows = []
    for t in view.get("tables", []):
        if hidden(t):
            continue
        s = t.get("summary") or {}
        try:
            value, lo, hi = (float(s[k]) for k in ("relative_likelihood", "lower95", "upper95"))
        except (KeyError, TypeError, ValueError):
            continue
        name = t["title"].split(":")[0]
        rows.append({"group": name, "value": value, "lower": lo, "upper": hi, "comparable": True})
    return rows


def readings(view: dict) -> list[str]:
    """Plain-language sentences, each carrying its uncertainty."""
    if view.get("type") == "pack":
        return _pack_readings(view)
    out: list[str] = list(view.get("pack_readings") or [])
    out += _ratio_readings(view)
    out += _range_readings(view)
    out += _sii_readings(view)
    out += _funnel_readings(view)
    out += _hidden_readings(view)
    return out


def _pack_readings(view: dict) -> list[str]:
    from .services.workforce import board_readings, reading

    out = [r for r in (reading(t) for t in view.get("tables", [])) if r]
    for t in view.get("tables", []):
        out += board_readings(t)
        out += wording.pay_gap_readings(t)
    hidden = [
        t["title"].split(" — ")[0]
        for t in view.get("tables", [])
        if "not shown: small numbers" in t["title"]
    ]
    if hidden:
        out.append(
            _("Not shown because they rest on small numbers: %(list)s.")
            % {"list": "; ".join(hidden)}
        )
    if not out:
        out.append(_("%(measure)s: see the tables below.") % {"measure": view.get("measure", "")})
    return out


def _ratio_readings(view: dict) -> list[str]:
    label = view.get("group_label", "")
    measure = view.get("measure", "The value")
    out = []
    for ratio in view.get("ratios", []):
        phrase = view.get("outcome_phrase") or f"to be counted in {measure.lower()}"
        who = _plural_group(label, ratio["group"])
        ref = _plural_group(label, ratio["reference"])
        if not label.lower().startswith("ethnic"):
            ref = ref[:1].lower() + ref[1:]
        band = parity(ratio["value"], ratio["lower"], ratio["upper"], ratio["outside_band"])
        out.append(
            f"{who} were {ratio['value']:.2f} times as likely as {ref} {phrase} "
            f"(95% CI {ratio['lower']:.2f} to {ratio['upper']:.2f}).{band}"
        )
    return out


def _range_readings(view: dict) -> list[str]:
    unit = view.get("unit", "")
    measure = view.get("measure", "The value")
    rows = [r for r in view.get("rows", []) if r.get("comparable") and r.get("value") is not None]
    if view.get("type") != "groups" or len(rows) < 2:
        return []
    hi = max(rows, key=lambda r: r["value"])
    lo = min(rows, key=lambda r: r["value"])
    return [
        f"{measure} ({view.get('statistic', '').lower()}) was highest for {hi['group']}: "
        f"{number(hi['value'], unit)} (95% CI {interval(hi, unit)}), and lowest for "
        f"{lo['group']}: {number(lo['value'], unit)} (95% CI {interval(lo, unit)})."
    ]


def _sii_readings(view: dict) -> list[str]:
    sii = view.get("sii")
    measure = view.get("measure", "The value")
    if not sii or sii.get("value") is None:
        return []
    points = "percentage points" if view.get("proportion") else "per 1,000"
    direction = "higher" if sii["value"] >= 0 else "lower"
    out = [
        f"The slope index of inequality is {sii['value']:.1f} {points} "
        f"(95% CI {sii['lower']:.1f} to {sii['upper']:.1f}): across the whole range from "
        f"the most to the least deprived, {measure.lower()} is {abs(sii['value']):.1f} "
        f"{points} {direction} in the least deprived areas."
    ]
    if sii.get("rii") is not None:
        out.append(
            f"The relative index of inequality is {sii['rii']:.2f} "
            f"(95% CI {sii['rii_lower']:.2f} to {sii['rii_upper']:.2f}): the least "
            f"deprived have {sii['rii']:.2f} times the value of the most deprived."
        )
    return out


def _funnel_readings(view: dict) -> list[str]:
    if view.get("type") != "funnel":
        return []
    if not view.get("funnel"):
        return [
            _("The funnel plot is not shown: too few areas have figures that can be published.")
        ]
    unit = view.get("unit", "")
    flagged = funnel_positions(view)
    below = [g for g, pos in flagged.items() if pos == "Below the 99.8% limit"]
    above = [g for g, pos in flagged.items() if pos == "Above the 99.8% limit"]
    return [
        f"Against the 99.8% limits, {len(below)} area(s) are below the overall "
        f"{number(view['funnel']['baseline'], unit)}"
        + (f" ({', '.join(below)})" if below else "")
        + f" and {len(above)} above"
        + (f" ({', '.join(above)})" if above else "")
        + "."
    ]


def _hidden_readings(view: dict) -> list[str]:
    out = []
    missing = [r for r in view.get("rows", []) if not r.get("comparable")]
    if missing and any(r.get("suppressed") for r in missing):
        out.append(
            _(
                "People counted as not declared or unknown are left out of the comparisons "
                "(their number is not shown: small numbers)."
            )
        )
    elif missing:
        n = sum(r["denominator"] or 0 for r in missing if r.get("denominator") is not None)
        out.append(
            _("%(n)s counted as not declared or unknown are shown but left out of the comparisons.")
            % {"n": count(n)}
        )
    hidden = [r for r in view.get("rows", []) if r.get("suppressed")]
    if hidden:
        out.append(
            _("Figures not shown: %(list)s.")
            % {"list": "; ".join(f"{r['group']} ({hidden_label(r)})" for r in hidden)}
        )
    return out


def _funnel_x(row: dict):
    """A row's place on the funnel's axis: its denominator, or for age-standardised rates
    the population that would give its rate as a crude rate."""
    return row.get("funnel_x") or row.get("denominator")


def funnel_positions(view: dict) -> dict[str, str]:
    if not view.get("funnel"):
        return {}
    limits = view["funnel"]["limits"]
    ns = np.array([x["n"] for x in limits])
    out = {}
    for r in view.get("rows", []):
        n = _funnel_x(r)
        if not r.get("comparable") or r.get("value") is None or not n:
            continue
        lo998 = np.interp(n, ns, [x["lo998"] for x in limits])
        hi998 = np.interp(n, ns, [x["hi998"] for x in limits])
        lo95 = np.interp(n, ns, [x["lo95"] for x in limits])
        hi95 = np.interp(n, ns, [x["hi95"] for x in limits])
        if r["value"] < lo998:
            out[r["group"]] = "Below the 99.8% limit"
        elif r["value"] > hi998:
            out[r["group"]] = "Above the 99.8% limit"
        elif r["value"] < lo95:
            out[r["group"]] = "Below the 95% limit"
        elif r["value"] > hi95:
            out[r["group"]] = "Above the 95% limit"
        else:
            out[r["group"]] = "Within the limits"
    return out


def table(view: dict) -> dict:
    """The data table behind every chart."""
    unit = view.get("unit", "")
    head = [
        view.get("group_label", "Group"),
        view.get("measure", "Count"),
        view.get("denominator_label", "Denominator"),
        view.get("statistic", "Value"),
        "95% confidence interval",
    ]
    positions = funnel_positions(view) if view.get("type") == "funnel" else {}
    if positions:
        head.append("Compared with the limits")
    rows = []
    for r in view.get("rows", []):
        cells = [
            r["group"] + ("" if r.get("comparable", True) else " (not compared)"),
            count(r.get("numerator")),
            count(r.get("denominator")),
            number(r.get("value"), unit),
            interval(r, unit) or (hidden_label(r).capitalize() if r.get("suppressed") else ""),
        ]
        if positions:
            cells.append(positions.get(r["group"], ""))
        rows.append(cells)
    return {"head": head, "rows": rows, "numeric": [1, 2, 3]}


def ratio_table(view: dict) -> dict | None:
    if not view.get("ratios"):
        return None
    return {
        "head": [
            view.get("group_label", "Group"),
            "Compared with",
            "Relative likelihood",
            "95% confidence interval",
            "Outside 0.80 to 1.25",
        ],
        "rows": [
            [
                x["group"],
                x["reference"],
                f"{x['value']:.2f}",
                f"{x['lower']:.2f} to {x['upper']:.2f}",
                "Yes" if x["outside_band"] else "No",
            ]
            for x in view["ratios"]
        ],
        "numeric": [2],
    }


def document(analysis, view: dict) -> Document:
    """The analysis as a document for downloads (disclosure-controlled unless the viewer is
    the analyst)."""
    if view.get("type") == "pack":
        tables = [
            Table(
                t["caption"][:200],
                tuple(t["head"]),
                tuple(tuple(defuse(c) for c in r) for r in t["rows"]),
                numeric=tuple(t["numeric"]),
            )
            for t in pack_tables(view)
        ]
    else:
        main = table(view)
        rows = tuple(tuple(defuse(c) for c in r) for r in main["rows"])
        tables = [Table(analysis.title[:200], tuple(main["head"]), rows)]
        ratios = ratio_table(view)
        if ratios:
            tables.append(
                Table(
                    _("Relative likelihoods"),
                    tuple(ratios["head"]),
                    tuple(tuple(defuse(c) for c in r) for r in ratios["rows"]),
                )
            )
    computed = date_format(analysis.computed_at, "j F Y, H:i") if analysis.computed_at else ""
    about = (
        (_("Computed"), computed),
        (_("Input checksum (SHA-256)"), analysis.input_checksum),
        (_("Engine"), analysis.engine_version),
        (
            _("Disclosure control"),
            _("Applied") if view["controlled"] else _("Not applied (analyst)"),
        ),
        (_("Method"), view.get("method", "")),
        (_("Reading"), " ".join(readings(view))),
    )
    return Document(
        title=analysis.title,
        subtitle=str(analysis.organisation or analysis.system),
        blocks=(
            SummaryList(about[:4]),
            Paragraph(about[5][1]),
            *tables,
            # the same details as a table, so every format (CSV and XLSX too) carries them
            Table(_("About these figures"), (_("Item"), _("Value")), about),
        ),
    )
