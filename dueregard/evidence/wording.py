"""Words for the workforce pack's figures: column headings and pay-gap readings.

The analytics library names its columns for code (``mean_gap_pct``); pages and downloads
show these headings instead, so no internal name reaches a person. A column without a
heading here is read as words with its unit spelled out ("_pct" → "(%)").
"""

from __future__ import annotations

import math
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HEADINGS = {
    "group": gettext_lazy("Group"),
    "people": gettext_lazy("People"),
    "all_staff": gettext_lazy("All full-pay relevant staff"),
    "share_of_staff_pct": gettext_lazy("Share of staff (%)"),
    "mean_hourly": gettext_lazy("Mean hourly pay (£)"),
    "median_hourly": gettext_lazy("Median hourly pay (£)"),
    "mean_gap_pct": gettext_lazy("Mean pay gap (%)"),
    "median_gap_pct": gettext_lazy("Median pay gap (%)"),
    "reference": gettext_lazy("Reference group"),
    "note": gettext_lazy("Note"),
    "relative_likelihood": gettext_lazy("Relative likelihood"),
    "lower95": gettext_lazy("Lower 95% limit"),
    "upper95": gettext_lazy("Upper 95% limit"),
    "outside_0_80_1_25": gettext_lazy("Outside 0.80 to 1.25"),
    "difference_pp": gettext_lazy("Difference (percentage points)"),
    "difference_lower95": gettext_lazy("Difference: lower 95% limit (percentage points)"),
    "difference_upper95": gettext_lazy("Difference: upper 95% limit (percentage points)"),
    "pct": gettext_lazy("Percentage"),
    "pct_lower95": gettext_lazy("Percentage: lower 95% limit"),
    "pct_upper95": gettext_lazy("Percentage: upper 95% limit"),
    "staff_pct": gettext_lazy("Staff (%)"),
    "reference_pct": gettext_lazy("Reference population (%)"),
    "staff_known": gettext_lazy("Staff with this recorded"),
    "staff_unknown": gettext_lazy("Staff without this recorded"),
    "shortlisted_per_applied": gettext_lazy("Shortlisted per applicant"),
    "appointed_per_shortlisted": gettext_lazy("Appointed per person shortlisted"),
    "appointed_from_shortlisting": gettext_lazy("Appointed from shortlisting"),
    "entered_per_staff": gettext_lazy("Entering the process per member of staff"),
    "accessed_per_staff": gettext_lazy("Accessing training per member of staff"),
    "engagement_score": gettext_lazy("Engagement score"),
    "pay_grade": gettext_lazy("Pay band"),
}
UNDISCLOSED = "Did not disclose"  # the pay-gap row of staff who did not disclose
_PREFIXES = {
    "shortlisting_": gettext_lazy("Shortlisting"),
    "appointment_": gettext_lazy("Appointment"),
}


def heading(column: str) -> str:
    """The heading a column is shown under ("BME %" and other labels stay as they are)."""
    if column in HEADINGS:
        return str(HEADINGS[column])
    for prefix, name in _PREFIXES.items():
        rest = column.removeprefix(prefix)
        if rest != column and rest in HEADINGS:
            return f"{name}: {str(HEADINGS[rest])[:1].lower()}{str(HEADINGS[rest])[1:]}"
    if column != column.lower():
        return column
    text = re.sub(r"_pct$", " (%)", column)
    text = text.replace("_pp", " (percentage points)").replace("_", " ")
    return text[:1].upper() + text[1:]


def is_percentage(column: str) -> bool:
    """Percentages and percentage points are shown to one decimal place."""
    return (
        "%" in column
        or column.endswith(("_pct", "_pp"))
        or column.startswith(("pct", "difference_"))
        or "gap" in column
    )


def pay_gap_readings(table: dict) -> list[str]:
    """Plain-language readings of an ethnicity or disability pay gap table: each group's
    mean and median hourly pay against the reference group, and the undisclosed share."""
    cols = table.get("columns", [])
    if "mean_gap_pct" not in cols:
        return []
    rows = [dict(zip(cols, r, strict=True)) for r in table.get("rows", [])]
    reference = next((r["group"] for r in rows if r.get("reference") in ("Yes", True)), None)
    out = []
    for r in rows:
        mean, median = r.get("mean_gap_pct"), r.get("median_gap_pct")
        if r.get("reference") in ("Yes", True) or reference is None or r["group"] == UNDISCLOSED:
            continue
        if not _number(mean):
            out.append(
                _("%(group)s: no pay gap shown (%(why)s).")
                % {"group": r["group"], "why": r.get("note") or _("small numbers")}
            )
            continue
        text = _("%(group)s staff: mean hourly pay %(mean)s %(ref)s staff") % {
            "group": r["group"],
            "ref": reference,
            "mean": _compare(float(mean)),
        }
        if _number(median):
            text += _("; median %(median)s") % {"median": _compare(float(median), than=False)}
        out.append(text + ".")
    undisclosed = next((r for r in rows if r["group"] == UNDISCLOSED), None)
    if undisclosed and _number(undisclosed.get("share_of_staff_pct")):
        out.append(
            _("%(share)s%% of staff did not disclose, so are in no group's pay gap.")
            % {"share": f"{float(undisclosed['share_of_staff_pct']):.1f}"}
        )
    return out


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not math.isnan(value)


def _compare(gap: float, *, than: bool = True) -> str:
    """A gap (reference minus group, as % of the reference) in words."""
    if abs(gap) < 0.05:
        return _("the same as") if than else _("the same")
    if gap > 0:
        words = _("%(gap)s%% lower than") if than else _("%(gap)s%% lower")
        return words % {"gap": f"{gap:.1f}"}
    words = _("%(gap)s%% higher than") if than else _("%(gap)s%% higher")
    return words % {"gap": f"{-gap:.1f}"}
