"""The GOV.UK gender pay gap sheet from a pay gap pack of the evidence workspace."""

from __future__ import annotations

import re

import pandas as pd
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dueregard.analytics.workforce.gpg_sheet import GpgSheet, sheet

# Public bodies (SI 2017/353) snapshot on 31 March; private and voluntary employers
# (SI 2017/172) on 5 April. Primary care practices and "other" are private employers.
PUBLIC_TYPES = {"nhs_trust", "icb", "council"}


def sector_of(organisation) -> str:
    return "public" if organisation.type in PUBLIC_TYPES else "private"


def snapshot_year(period: str) -> int:
    """``2025-26`` → 2025: the reporting year starts with the snapshot."""
    m = re.match(r"^(\d{4})", period or "")
    if not m:
        raise ValidationError(_("The analysis has no reporting year (for example 2025-26)."))
    return int(m.group(1))


def sheet_for(analysis) -> GpgSheet:
    result = analysis.result or {}
    table = next((t for t in result.get("published", []) if t["name"] == "gender_pay_gap"), None)
    if table is None:
        raise ValidationError(_("This analysis has no gender pay gap figures."))
    frame = pd.DataFrame(table["rows"], columns=table["columns"])
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    try:
        return sheet(
            frame,
            sector=sector_of(analysis.organisation),
            snapshot_year=snapshot_year(
                result.get("period") or analysis.parameters.get("period", "")
            ),
        )
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
