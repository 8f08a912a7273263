"""Standard populations for direct standardisation.

The European Standard Population 2013 (ESP2013) is built in as data
(``data/esp2013.csv``, Eurostat 2013, 19 age bands, total 100,000). Any other standard
population can be passed as a mapping ``age band -> population`` or as an array.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from types import MappingProxyType
from typing import Any

import numpy as np

from ._validation import fail_rows

__all__ = [
    "ESP2013",
    "ESP2013_BANDS",
    "esp2013",
    "normalise_band",
    "standard_lookup",
    "standard_population_for",
]


def _load_esp2013() -> Mapping[str, float]:
    text = resources.files(__package__).joinpath("data/esp2013.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return MappingProxyType({row["ageband"]: float(row["population"]) for row in rows})


#: European Standard Population 2013, ``band -> population`` in age order (read-only).
ESP2013: Mapping[str, float] = _load_esp2013()
#: The 19 ESP2013 age-band labels in age order ("0-4" … "85-89", "90+").
ESP2013_BANDS: tuple[str, ...] = tuple(ESP2013)

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-|–|to)\s*(\d+)\s*$")
_OPEN = re.compile(r"^\s*(\d+)\s*(?:\+|plus|and over|and older)\s*$", re.IGNORECASE)


def normalise_band(label: Any) -> str:
    """Canonical age-band text: ``"00-04"`` → ``"0-4"``, ``"90 and over"`` → ``"90+"``."""
    text = str(label)
    match = _RANGE.match(text)
    if match:
        return f"{int(match.group(1))}-{int(match.group(2))}"
    match = _OPEN.match(text)
    if match:
        return f"{int(match.group(1))}+"
    return text.strip()


def esp2013() -> np.ndarray:
    """ESP2013 populations as a float array in age order (a fresh copy)."""
    return np.array(list(ESP2013.values()), dtype=np.float64)


def standard_lookup(bands: Sequence[Any], standard: Mapping[Any, float] | None = None):
    """Each band's standard population (ESP2013 by default), nan where there is none."""
    table = ESP2013 if standard is None else standard
    lookup = {normalise_band(k): float(v) for k, v in table.items()}
    return np.array([lookup.get(normalise_band(b), np.nan) for b in bands], dtype=np.float64)


def standard_population_for(
    bands: Sequence[Any],
    standard: Mapping[Any, float] | None = None,
    labels: Sequence[Any] | None = None,
) -> np.ndarray:
    """Look up the standard population of each row's age band.

    Band labels are compared after :func:`normalise_band`. Raises ``ValueError`` naming
    the rows whose band has no standard population (by ``labels`` when given, e.g. the
    area and band of each input row; by position otherwise).
    """
    keys = [normalise_band(b) for b in bands]
    out = standard_lookup(keys, standard)
    missing = np.isnan(out)
    if missing.any():
        unknown = sorted({keys[i] for i in np.flatnonzero(missing)})
        fail_rows(
            missing,
            f"no standard population for age band(s) {', '.join(unknown[:10])}",
            labels,
        )
    return out
