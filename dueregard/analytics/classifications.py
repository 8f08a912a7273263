"""Classifications shared by the evidence engine and the apps (pure: no Django).

Census 2021 ethnic group (England and Wales): 19 groups in 5 high-level groups, in the
order ONS publishes them (TS021). Codes are ours and stable; labels are ONS's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    code: str
    label: str
    broad: str  # the code of its high-level group


CENSUS_2021_BROAD: tuple[tuple[str, str], ...] = (
    ("asian", "Asian, Asian British or Asian Welsh"),
    ("black", "Black, Black British, Black Welsh, Caribbean or African"),
    ("mixed", "Mixed or Multiple ethnic groups"),
    ("white", "White"),
    ("other", "Other ethnic group"),
)

CENSUS_2021_ETHNICITY: tuple[Group, ...] = (
    Group("asian-bangladeshi", "Bangladeshi", "asian"),
    Group("asian-chinese", "Chinese", "asian"),
    Group("asian-indian", "Indian", "asian"),
    Group("asian-pakistani", "Pakistani", "asian"),
    Group("asian-other", "Other Asian", "asian"),
    Group("black-african", "African", "black"),
    Group("black-caribbean", "Caribbean", "black"),
    Group("black-other", "Other Black", "black"),
    Group("mixed-white-asian", "White and Asian", "mixed"),
    Group("mixed-white-black-african", "White and Black African", "mixed"),
    Group("mixed-white-black-caribbean", "White and Black Caribbean", "mixed"),
    Group("mixed-other", "Other Mixed or Multiple ethnic groups", "mixed"),
    Group("white-british", "English, Welsh, Scottish, Northern Irish or British", "white"),
    Group("white-irish", "Irish", "white"),
    Group("white-gypsy-traveller", "Gypsy or Irish Traveller", "white"),
    Group("white-roma", "Roma", "white"),
    Group("white-other", "Other White", "white"),
    Group("other-arab", "Arab", "other"),
    Group("other-any", "Any other ethnic group", "other"),
)

BROAD_LABELS = dict(CENSUS_2021_BROAD)
DETAILED_CODES = tuple(g.code for g in CENSUS_2021_ETHNICITY)


def roll_up(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts by the 19 groups → counts by the 5 high-level groups (every code required)."""
    unknown = set(counts) - set(DETAILED_CODES)
    missing = set(DETAILED_CODES) - set(counts)
    if unknown or missing:
        raise ValueError(
            f"Census 2021 ethnic groups: unknown {sorted(unknown)}, missing {sorted(missing)}"
        )
    out = {code: 0 for code, _label in CENSUS_2021_BROAD}
    for group in CENSUS_2021_ETHNICITY:
        out[group.broad] += int(counts[group.code])
    return out
