"""Detailed or broad groups, chosen per analysis (Census 2021 classifications).

Imported rows keep the most detailed group a file gives (e.g. the 19 Census 2021 ethnic
groups, or the 2001 NHS codes mapped onto them); an analysis counts them at the level the
analyst chose: the broad roll-up, the detailed groups, or detailed groups where numbers
allow and rolled up where disclosure control would hide them
(:func:`dueregard.analytics.classifications.roll_up_small`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from django.utils.translation import gettext_lazy as _

from dueregard.analytics.classifications import (
    DISABILITY,
    ETHNICITY,
    RELIGION,
    SEXUAL_ORIENTATION,
    Classification,
    roll_up_small,
    unit_of,
)
from dueregard.analytics.disclosure import DEFAULT_RULES

#: Canonical column -> its standard classification.
CLASSIFIED: dict[str, Classification] = {
    "ethnicity": ETHNICITY,
    "disability": DISABILITY,
    "religion": RELIGION,
    "sexual_orientation": SEXUAL_ORIENTATION,
}
BROAD, DETAILED, AUTO = "broad", "detailed", "auto"
CHOICES = [
    (BROAD, _("Broad groups (the Census 2021 roll-up)")),
    (AUTO, _("Detailed groups where numbers allow, combined where they would be hidden")),
    (DETAILED, _("Detailed groups (Census 2021 list)")),
]
#: The comparison group at the detailed level (the broad one is in ``REFERENCE_GROUP``).
REFERENCE_DETAILED = {
    "ethnicity": "English, Welsh, Scottish, Northern Irish or British",
    "disability": "No long-term physical or mental health conditions",
}
#: A group is combined when one of its published cells would be 1 to this.
SMALL = DEFAULT_RULES.suppress_to


def classified(column: str) -> bool:
    return column in CLASSIFIED


def position(value: str, canon: tuple[str, ...]) -> tuple[int, str]:
    """Sort key: canonical order; a combined row ("Asian (combined: …)") after its broad
    group's detailed rows; other labels (free text) after those, alphabetically."""
    if value in canon:
        return (canon.index(value) * 2, "")
    head = str(value).split(" (combined", 1)[0]
    if head in canon:
        following = [i for i, v in enumerate(canon) if i > canon.index(head)]
        return (following[0] * 2 - 1 if following else len(canon) * 2, str(value))
    return (len(canon) * 2, str(value))


def describe(column: str, level: str) -> str:
    """The method note for the level used ("" for an unclassified column)."""
    cls = CLASSIFIED.get(column)
    if cls is None:
        return ""
    if level == DETAILED:
        return f"detailed groups: {cls.source}"
    if level == AUTO:
        return (
            f"detailed groups ({cls.source}) where each has more than {SMALL} people in every "
            "cell; smaller groups combined within their broad group"
        )
    return f"broad groups of the {cls.source}"


def apply(frame: pd.DataFrame, column: str, level: str, *, proportion: bool) -> pd.DataFrame:
    """``frame`` with ``column`` relabelled to the groups counted at ``level``."""
    cls = CLASSIFIED.get(column)
    if cls is None or column not in frame:
        return frame
    if level not in (BROAD, DETAILED, AUTO):
        raise ValueError(f"Unknown level of detail {level!r}")
    labels = frame[column].astype(object)
    distinct = labels.dropna().unique()
    shown = {v: cls.display(v) or v for v in distinct}
    detailed = labels.map(shown)
    if level == BROAD:
        units = {v: unit_of(v, cls, BROAD) for v in set(shown.values())}
    elif level == DETAILED:
        units = {v: v for v in set(shown.values())}
    else:
        units = roll_up_small(_smallest_cells(frame, detailed, proportion), cls, SMALL + 1)
    return frame.assign(**{column: detailed.map(units).where(labels.notna(), labels)})


def _smallest_cells(frame: pd.DataFrame, labels: pd.Series, proportion: bool) -> dict:
    """Per group, its smallest non-zero published cell (numerator, the rest, or the
    denominator): the count disclosure control would look at first."""
    sums = frame.assign(_label=labels).groupby("_label")[["numerator", "denominator"]].sum()
    cells = [sums["numerator"], sums["denominator"]]
    if proportion:
        cells.append((sums["denominator"] - sums["numerator"]).clip(lower=0))
    stacked = np.vstack([c.to_numpy(dtype=float) for c in cells])
    stacked[stacked == 0] = np.inf
    smallest = stacked.min(axis=0)
    return {label: float(v) for label, v in zip(sums.index, smallest, strict=True)}
