"""A synthetic service file (deterministic): flu vaccination uptake by area, deprivation
decile, ethnicity and sex, for the demo and the tests.

Made messy on purpose, as real extracts are: the deprivation column is headed
"IMD Decile (2019)" (no alias matches it, so the analyst maps it), ethnicity mixes NHS Data
Dictionary codes, long labels and one abbreviation ("Blk African") the code map does not
know, and the least deprived decile holds only a handful of people (small numbers, so
publication suppresses them).
"""

from __future__ import annotations

import csv
import io

import numpy as np

# Area, relative size and how much lower its uptake is (Vale East stands out on the funnel).
AREAS = (
    ("Riverside North", 1.0, 0.0),
    ("Riverside South", 0.6, 0.01),
    ("Vale East", 1.5, 0.06),
    ("Vale West", 0.35, -0.02),
)
ETHNIC_LABELS = (
    ("A White - British", 0.52, 0.00),
    ("White - Irish", 0.03, 0.01),
    ("C", 0.05, 0.03),
    ("Mixed - White and Asian", 0.03, 0.06),
    ("Asian or Asian British - Pakistani", 0.10, 0.09),
    ("H Indian", 0.06, 0.04),
    ("Black or Black British - Caribbean", 0.06, 0.16),
    ("Blk African", 0.05, 0.14),
    ("R", 0.02, 0.05),
    ("Z", 0.05, 0.08),
    ("Not known", 0.03, 0.10),
)
HEADERS = ("GP practice area", "IMD Decile (2019)", "Ethnic group", "Sex", "Eligible", "Vaccinated")
MESSY_LABEL = "Blk African"


def uptake_rows(seed: int = 1, scale: int = 1) -> list[tuple]:
    rng = np.random.default_rng(seed)
    rows = []
    for area_i, (area, size, area_penalty) in enumerate(AREAS):
        for decile in range(1, 11):
            # a deprived catchment: many people in decile 1, very few in decile 10
            people = 0 if decile == 10 else int(900 * scale * size * (1.25 - decile / 10))
            for label, share, penalty in ETHNIC_LABELS:
                for sex in ("F", "M"):
                    eligible = int(round(people * share / 2))
                    if decile == 10 and area_i == 0 and label == ETHNIC_LABELS[0][0]:
                        eligible = 3 if sex == "F" else 2
                    if eligible == 0:
                        continue
                    p = 0.52 + 0.03 * (decile - 1) - penalty - area_penalty
                    p -= 0.02 if sex == "M" else 0
                    taken = int(rng.binomial(eligible, min(max(p, 0.05), 0.95)))
                    rows.append((area, str(decile), label, sex, str(eligible), str(taken)))
    return rows


def uptake_csv(seed: int = 1, scale: int = 1) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(uptake_rows(seed, scale))
    return out.getvalue().encode("utf-8")
