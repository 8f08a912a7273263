"""Column headings in words for the workforce tables' files (HTML report, XLSX).

The tables name their columns for code (``mean_gap_pct``); a person reads these headings
instead. CSV and JSON keep the column names, as a machine-readable interface. The web
app's translatable headings are in ``dueregard/evidence/wording.py``.
"""

from __future__ import annotations

import re

__all__ = ["HEADINGS", "heading"]

HEADINGS = {
    "group": "Group",
    "people": "People",
    "mean_hourly": "Mean hourly pay (£)",
    "median_hourly": "Median hourly pay (£)",
    "mean_gap_pct": "Mean pay gap (%)",
    "median_gap_pct": "Median pay gap (%)",
    "reference": "Reference group",
    "note": "Note",
    "relative_likelihood": "Relative likelihood",
    "lower95": "Lower 95% limit",
    "upper95": "Upper 95% limit",
    "outside_0_80_1_25": "Outside 0.80 to 1.25",
    "difference_pp": "Difference (percentage points)",
    "difference_lower95": "Difference: lower 95% limit (percentage points)",
    "difference_upper95": "Difference: upper 95% limit (percentage points)",
    "pct": "Percentage",
    "pct_lower95": "Percentage: lower 95% limit",
    "pct_upper95": "Percentage: upper 95% limit",
    "staff_pct": "Staff (%)",
    "reference_pct": "Reference population (%)",
    "staff_known": "Staff with this recorded",
    "staff_unknown": "Staff without this recorded",
    "shortlisted_per_applied": "Shortlisted per applicant",
    "appointed_per_shortlisted": "Appointed per person shortlisted",
    "appointed_from_shortlisting": "Appointed from shortlisting",
    "entered_per_staff": "Entering the process per member of staff",
    "accessed_per_staff": "Accessing training per member of staff",
    "engagement_score": "Engagement score",
    "pay_grade": "Pay band",
}
_PREFIXES = {"shortlisting_": "Shortlisting", "appointment_": "Appointment"}


def heading(column: str) -> str:
    """The heading a column is shown under ("BME %" and other labels stay as they are)."""
    if column in HEADINGS:
        return HEADINGS[column]
    for prefix, name in _PREFIXES.items():
        rest = column.removeprefix(prefix)
        if rest != column and rest in HEADINGS:
            return f"{name}: {HEADINGS[rest][:1].lower()}{HEADINGS[rest][1:]}"
    if column != column.lower():
        return column
    text = re.sub(r"_pct$", " (%)", column)
    text = text.replace("_pp", " (percentage points)").replace("_", " ")
    return text[:1].upper() + text[1:]
