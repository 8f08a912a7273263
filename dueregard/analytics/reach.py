"""Who a programme reaches: each stage (applied, selected, completed...) for the people who
shared a characteristic against those who did not, with disclosure control and relative
likelihoods computed from the published counts (ADR 0019). Pure numpy; no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .derived import likelihood
from .disclosure import suppress_counts


@dataclass(frozen=True)
class ReachRow:
    label: str
    published: list[float]  # per stage; nan where suppressed
    suppressed: list[bool]
    likelihood: list[dict]  # per stage after the first: value, lower, upper, outside_band
    reference_published: list[float]
    reference_suppressed: list[bool]


def _publish(counts: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    table = suppress_counts(list(counts), total=False)
    return table.published[0], table.suppressed[0]


def reach_rows(
    stages: Sequence[str], groups: Sequence[tuple[str, Sequence[int], Sequence[int]]]
) -> list[ReachRow]:
    """``groups``: (label, counts per stage of those who shared, counts of those who did
    not). Each later stage's relative likelihood is "reached this stage, given the first"
    against the reference, from published counts only (nan where an input is hidden)."""
    rows = []
    for label, shared, others in groups:
        if len(shared) != len(stages) or len(others) != len(stages):
            raise ValueError(f"{label}: one count per stage ({len(stages)}) is needed")
        pub, hid = _publish(shared)
        ref, ref_hid = _publish(others)
        figures = likelihood(pub[1:], pub[0], ref[1:], ref[0])
        rows.append(
            ReachRow(
                label=label,
                published=pub.tolist(),
                suppressed=hid.tolist(),
                likelihood=[
                    {
                        "value": figures["value"][i],
                        "lower": figures["lower"][i],
                        "upper": figures["upper"][i],
                        "outside_band": figures["outside_band"][i],
                    }
                    for i in range(len(stages) - 1)
                ],
                reference_published=ref.tolist(),
                reference_suppressed=ref_hid.tolist(),
            )
        )
    return rows
