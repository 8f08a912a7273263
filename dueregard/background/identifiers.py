"""Direct identifiers in an uploaded table that the analysis does not need (issue 23).

Pure (no Django): looks at each column's header and a sample of its values and reports
columns that hold NHS numbers (ten digits whose modulus 11 check digit is right), dates of
birth, full UK postcodes, or people's names. The analyst is asked to drop them from the
file before import; columns the mapping uses are the analyst's choice and not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SAMPLE = 500
SHARE = 0.5  # at least half the non-blank sampled values match

_NHS = re.compile(r"^\d{3}[ -]?\d{3}[ -]?\d{4}$")
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$", re.I)
_DATE = re.compile(r"^(\d{1,2}[/.-]\d{1,2}[/.-](19|20)\d{2}|(19|20)\d{2}-\d{2}-\d{2})")
_BIRTH_HEADER = re.compile(r"\b(birth|dob|d\.o\.b|born)\b", re.I)
_NAME_HEADER = re.compile(
    r"^(full[ _]?name|name|first[ _]?name|forenames?|given[ _]?names?|surname|last[ _]?name|"
    r"family[ _]?name|patient[ _]?name|employee[ _]?name|staff[ _]?name|person[ _]?name)$",
    re.I,
)


def nhs_number_valid(value: str) -> bool:
    """The NHS number check digit (modulus 11, weights 10..2)."""
    digits = re.sub(r"[ -]", "", value or "")
    if not _NHS.match(value or "") or len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _share(values: list[str], test) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def _kind(header: str, values: list[str]) -> str:
    if _share(values, nhs_number_valid) >= SHARE:
        return "nhs_number"
    if _BIRTH_HEADER.search(header) and _share(values, lambda v: bool(_DATE.match(v))) >= SHARE:
        return "date_of_birth"
    if _share(values, lambda v: bool(_POSTCODE.match(v.strip()))) >= SHARE:
        return "postcode"
    if _NAME_HEADER.match(header.strip()):
        return "name"
    return ""


MESSAGES = {
    "nhs_number": "“{column}” holds NHS numbers (their check digits are right)",
    "date_of_birth": "“{column}” holds dates of birth",
    "postcode": "“{column}” holds full postcodes",
    "name": "“{column}” holds people's names",
}


def find(columns: Iterable[tuple[str, list[str]]], used: set[str]) -> list[dict]:
    """``columns`` as (header, values); ``used``: headers the mapping uses (not reported)."""
    found = []
    for header, values in columns:
        if header in used:
            continue
        sample = [str(v).strip() for v in values if str(v).strip()][:SAMPLE]
        kind = _kind(header, sample)
        if kind:
            found.append(
                {"column": header, "kind": kind, "message": MESSAGES[kind].format(column=header)}
            )
    return found
