"""Clinical or non-clinical from the ESR occupation code, when a staff file has no flag.

WRES indicator 1 and WDES metric 1 are reported for clinical and non-clinical staff
separately. ESR exports carry the NHS occupation code (three characters) even when no
clinical flag is given; its first character is the occupation-code *matrix*, which names
the staff group (NHS Occupation Code Manual):

* three digits — medical and dental: clinical;
* ``N`` nursing, midwifery and health visiting; ``H`` support to doctors, nurses and
  midwives; ``S`` scientific, therapeutic and technical (allied health professionals and
  others); ``T``/``U`` healthcare science; ``A`` ambulance staff: clinical;
* ``G`` administration and estates (including non-clinical managers and board members):
  non-clinical.

Any other code is *unknown* (never guessed) and is listed so the analyst can add it to
``overrides`` (matrix letter or whole code → True/False).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["MATRICES", "ClinicalResult", "clinical_from_codes", "is_clinical"]

#: Occupation-code matrix (first character) → (staff group, clinical).
MATRICES: dict[str, tuple[str, bool]] = {
    "N": ("Nursing, midwifery and health visiting", True),
    "H": ("Support to doctors, nurses and midwives", True),
    "S": ("Scientific, therapeutic and technical", True),
    "T": ("Healthcare science", True),
    "U": ("Healthcare science", True),
    "A": ("Ambulance staff", True),
    "G": ("Administration and estates", False),
}
MEDICAL = ("Medical and dental", True)


def _clean(code: object) -> str:
    return "" if code is None else str(code).strip().upper()


def is_clinical(code: object, overrides: Mapping[str, bool] | None = None) -> bool | None:
    """True/False for a known code, None when the code does not say."""
    text = _clean(code)
    if not text or text in ("NAN", "NONE"):
        return None
    overrides = {k.strip().upper(): v for k, v in (overrides or {}).items()}
    if text in overrides:
        return overrides[text]
    if text[0] in overrides:
        return overrides[text[0]]
    if len(text) == 3 and text.isdigit():
        return MEDICAL[1]
    found = MATRICES.get(text[0])
    return None if found is None or len(text) != 3 else found[1]


@dataclass(frozen=True)
class ClinicalResult:
    values: list[bool | None]
    unknown_codes: dict[str, int]  # code → people whose code says neither


def clinical_from_codes(
    codes: Iterable[object], overrides: Mapping[str, bool] | None = None
) -> ClinicalResult:
    """Each person's clinical flag from their occupation code, mapping each distinct code
    once; codes that say neither are counted in ``unknown_codes``."""
    cache: dict[str, bool | None] = {}
    values: list[bool | None] = []
    unknown: dict[str, int] = {}
    for code in codes:
        text = _clean(code)
        if text not in cache:
            cache[text] = is_clinical(text, overrides)
        value = cache[text]
        if value is None:
            unknown[text or "(blank)"] = unknown.get(text or "(blank)", 0) + 1
        values.append(value)
    return ClinicalResult(values, unknown)
