"""Label and code maps: ESR text labels and NHS Data Dictionary codes → canonical values.

Every characteristic column is mapped to one canonical value per person. Two special
values mean "no usable answer" and are kept apart so the data-quality report can show
them separately; both are excluded from ratios and counted (DOMAIN.md §5):

* :data:`NOT_DECLARED` — the person was asked and chose not to say ("Not Declared",
  "Not stated", "Prefer not to say", ethnic category ``Z``, sexual orientation ``Z``);
* :data:`UNKNOWN` — nothing usable is recorded ("Undefined", "Not known", blank,
  ethnic category ``99``, sexual orientation ``9``).

Labels are matched after normalisation (:func:`normalise`: lower case, punctuation and
repeated spaces removed), so ``"A White - British"``, ``"White British"``, ``"a"`` and
``" WHITE-BRITISH "`` all map to ethnic category ``A``. The maps are plain dictionaries
(:func:`code_maps`) and can be extended or overridden by the analyst (``overrides``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = [
    "CHARACTERISTICS",
    "ETHNIC_CATEGORIES",
    "NOT_DECLARED",
    "PAY_GRADES",
    "UNKNOWN",
    "Characteristic",
    "broad_ethnic_group",
    "code_maps",
    "normalise",
    "wres_group",
]

NOT_DECLARED = "Not declared"
UNKNOWN = "Unknown"
MISSING = (NOT_DECLARED, UNKNOWN)

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(label: object) -> str:
    """Lower-case ``label`` with every run of non-alphanumerics turned into one space."""
    return _NON_ALNUM.sub(" ", str(label).lower().replace("&", " and ")).strip()


# Labels that mean "not declared" / "unknown" for every characteristic.
_NOT_DECLARED_LABELS = [
    "not declared",
    "not stated",
    "prefer not to say",
    "prefer not to answer",
    "declined",
    "i do not wish to disclose",
    "i do not wish to disclose my disability status",
    "i do not wish to disclose my religion belief",
    "i do not wish to disclose my sexual orientation",
    "not disclosed",
    "do not wish to disclose",
    "not stated person asked but declined to provide a response",
]
_UNKNOWN_LABELS = [
    "",
    "undefined",
    "unknown",
    "not known",
    "not specified",
    "unspecified",
    "null",
    "none recorded",
    "nan",
    "n a",
    "blank",
]

# NHS Data Dictionary ETHNIC CATEGORY (2001 Census based): code → (label, broad group).
ETHNIC_CATEGORIES: dict[str, tuple[str, str]] = {
    "A": ("White - British", "White"),
    "B": ("White - Irish", "White"),
    "C": ("White - Any other White background", "White"),
    "D": ("Mixed - White and Black Caribbean", "Mixed"),
    "E": ("Mixed - White and Black African", "Mixed"),
    "F": ("Mixed - White and Asian", "Mixed"),
    "G": ("Mixed - Any other mixed background", "Mixed"),
    "H": ("Asian or Asian British - Indian", "Asian"),
    "J": ("Asian or Asian British - Pakistani", "Asian"),
    "K": ("Asian or Asian British - Bangladeshi", "Asian"),
    "L": ("Asian or Asian British - Any other Asian background", "Asian"),
    "M": ("Black or Black British - Caribbean", "Black"),
    "N": ("Black or Black British - African", "Black"),
    "P": ("Black or Black British - Any other Black background", "Black"),
    "R": ("Other Ethnic Groups - Chinese", "Other"),
    "S": ("Other Ethnic Groups - Any other ethnic group", "Other"),
}
_ETHNIC_EXTRA = {
    # Short forms and common variants seen in ESR and recruitment exports.
    "white british": "A",
    "british": "A",
    "white english welsh scottish northern irish or british": "A",
    "white irish": "B",
    "irish": "B",
    "white other": "C",
    "any other white background": "C",
    "white any other white background": "C",
    "white gypsy or irish traveller": "C",
    "white roma": "C",
    "white and black caribbean": "D",
    "white and black african": "E",
    "white and asian": "F",
    "mixed other": "G",
    "any other mixed background": "G",
    "indian": "H",
    "pakistani": "J",
    "bangladeshi": "K",
    "asian other": "L",
    "any other asian background": "L",
    "caribbean": "M",
    "african": "N",
    "black other": "P",
    "any other black background": "P",
    "chinese": "R",
    "asian or asian british chinese": "R",
    "any other ethnic group": "S",
    "other": "S",
    "arab": "S",
    "other arab": "S",
    "z": NOT_DECLARED,
    "99": UNKNOWN,
}

#: Canonical pay grades, in the order of the national returns (AfC, VSM, medical).
PAY_GRADES = (
    "Under Band 1",
    "Band 1",
    "Band 2",
    "Band 3",
    "Band 4",
    "Band 5",
    "Band 6",
    "Band 7",
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "VSM",
    "Consultant",
    "Non-consultant career grade",
    "Trainee grade",
    "Other",
)
_GRADE_EXTRA = {
    "under 1": "Under Band 1",
    "under band 1": "Under Band 1",
    "apprentice": "Under Band 1",
    "very senior manager": "VSM",
    "very senior managers": "VSM",
    "vsm": "VSM",
    "afc vsm": "VSM",
    "senior manager": "VSM",
    "consultant": "Consultant",
    "consultants": "Consultant",
    "medical consultant": "Consultant",
    "specialty doctor": "Non-consultant career grade",
    "associate specialist": "Non-consultant career grade",
    "specialist": "Non-consultant career grade",
    "staff grade": "Non-consultant career grade",
    "non consultant career grade": "Non-consultant career grade",
    "career grade": "Non-consultant career grade",
    "trainee": "Trainee grade",
    "trainee grade": "Trainee grade",
    "foundation year 1": "Trainee grade",
    "foundation year 2": "Trainee grade",
    "fy1": "Trainee grade",
    "fy2": "Trainee grade",
    "specialty registrar": "Trainee grade",
    "core training": "Trainee grade",
    "registrar": "Trainee grade",
    "other": "Other",
    "local pay": "Other",
    "non afc": "Other",
}
for _band in ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"):
    for _fmt in ("{}", "band {}", "afc band {}", "afc {}", "agenda for change band {}", "b{}"):
        _GRADE_EXTRA[_fmt.format(_band)] = f"Band {_band}"
    _GRADE_EXTRA[f"band {_band[0]} {_band[1:]}".strip()] = f"Band {_band}"
    _GRADE_EXTRA[f"band {_band} range"] = f"Band {_band}"


class Characteristic:
    """A characteristic column: its canonical values, labels and reference group."""

    def __init__(
        self,
        column: str,
        name: str,
        values: Mapping[str, str],
        *,
        reference: str | None,
        codes: Mapping[str, str] | None = None,
        open_values: bool = False,
    ) -> None:
        self.column = column
        self.name = name
        self.reference = reference  # None: the largest declared group
        self.open_values = open_values  # any label is a declared value (e.g. age bands)
        labels: dict[str, str] = {}
        for label in _UNKNOWN_LABELS:
            labels[label] = UNKNOWN
        for label in _NOT_DECLARED_LABELS:
            labels[label] = NOT_DECLARED
        for label, value in values.items():
            labels[normalise(label)] = value
            labels[normalise(value)] = value
        for code, value in (codes or {}).items():
            labels[normalise(code)] = value
        self.labels = labels
        self.values = tuple(dict.fromkeys(values.values()))

    def __repr__(self) -> str:
        return f"Characteristic({self.column!r})"


def _ethnic_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for code, (label, _) in ETHNIC_CATEGORIES.items():
        labels[code] = code
        labels[label] = code
        labels[f"{code} {label}"] = code
        labels[label.split(" - ", 1)[1]] = code if code not in "CGLPS" else code
    for label, value in _ETHNIC_EXTRA.items():
        labels[label] = value
        if value in ETHNIC_CATEGORIES:
            labels[f"{value} {label}"] = value
    # A bare "other"-style label is ambiguous between groups: keep "any other ethnic group".
    labels["Any other ethnic group"] = "S"
    labels["Z Not stated"] = NOT_DECLARED
    labels["99 Not known"] = UNKNOWN
    return labels


_YES_NO_DISABILITY = {
    "Yes": "Disabled",
    "Y": "Disabled",
    "Disabled": "Disabled",
    "Yes disabled": "Disabled",
    "No": "Non-disabled",
    "N": "Non-disabled",
    "Non-disabled": "Non-disabled",
    "Not disabled": "Non-disabled",
    "No disability": "Non-disabled",
}
_SEX = {
    "Male": "Male",
    "M": "Male",
    "Man": "Male",
    "1": "Male",
    "Female": "Female",
    "F": "Female",
    "Woman": "Female",
    "2": "Female",
    "Indeterminate": "Other",
    "Other": "Other",
    "Non-binary": "Other",
}
_SEX_CODES = {"9": UNKNOWN, "X": UNKNOWN, "0": UNKNOWN}
_SEXUAL_ORIENTATION = {
    "Heterosexual or straight": "Heterosexual or straight",
    "Heterosexual": "Heterosexual or straight",
    "Straight": "Heterosexual or straight",
    "Gay or lesbian": "Gay or lesbian",
    "Gay": "Gay or lesbian",
    "Lesbian": "Gay or lesbian",
    "Bisexual": "Bisexual",
    "Other sexual orientation not listed": "Other sexual orientation",
    "Other sexual orientation": "Other sexual orientation",
    "Person asked and does not know or is not sure": "Not sure",
    "Undecided": "Not sure",
    "Not sure": "Not sure",
}
# NHS Data Dictionary SEXUAL ORIENTATION CODE (2015): 1–4, U, Z, 9.
_SEXUAL_ORIENTATION_CODES = {
    "1": "Heterosexual or straight",
    "2": "Gay or lesbian",
    "3": "Bisexual",
    "4": "Other sexual orientation",
    "U": "Not sure",
    "Z": NOT_DECLARED,
    "9": UNKNOWN,
}
_RELIGION = {
    "Atheism": "Atheism",
    "Atheist": "Atheism",
    "No religion": "No religion",
    "None": "No religion",
    "Buddhism": "Buddhism",
    "Buddhist": "Buddhism",
    "Christianity": "Christianity",
    "Christian": "Christianity",
    "Hinduism": "Hinduism",
    "Hindu": "Hinduism",
    "Islam": "Islam",
    "Muslim": "Islam",
    "Jainism": "Jainism",
    "Judaism": "Judaism",
    "Jewish": "Judaism",
    "Sikhism": "Sikhism",
    "Sikh": "Sikhism",
    "Other": "Other religion or belief",
    "Other religion": "Other religion or belief",
    "Other religion or belief": "Other religion or belief",
}
# Letter codes for religion as used by dueregard's default map (A–N); editable, since
# local systems number these differently — confirm against the export's own code list.
_RELIGION_CODES = {
    "A": "Atheism",
    "B": "Buddhism",
    "C": "Christianity",
    "D": "Hinduism",
    "E": "Islam",
    "F": "Jainism",
    "G": "Judaism",
    "H": "Sikhism",
    "I": "Other religion or belief",
    "J": "No religion",
    "K": NOT_DECLARED,
    "L": NOT_DECLARED,
    "M": UNKNOWN,
    "N": UNKNOWN,
}
_GENDER_IDENTITY = {
    "Yes": "Same as sex registered at birth",
    "Same as sex registered at birth": "Same as sex registered at birth",
    "No": "Different from sex registered at birth",
    "Different from sex registered at birth": "Different from sex registered at birth",
}
_MARITAL = {
    "Married": "Married or civil partnership",
    "Civil partnership": "Married or civil partnership",
    "Married or civil partnership": "Married or civil partnership",
    "Single": "Single",
    "Divorced": "Divorced or dissolved",
    "Divorced or dissolved": "Divorced or dissolved",
    "Separated": "Separated",
    "Widowed": "Widowed",
    "Legally separated": "Separated",
}


def _ethnic_characteristic() -> Characteristic:
    values = {k: v for k, v in _ethnic_labels().items() if v not in MISSING}
    char = Characteristic("ethnic_category", "Ethnicity", values, reference="A")
    for label, value in _ethnic_labels().items():
        char.labels[normalise(label)] = value
    char.values = tuple(ETHNIC_CATEGORIES)
    return char


def _characteristics() -> dict[str, Characteristic]:
    # Canonical order: frameworks/data/characteristics.yaml (age, disability, gender
    # reassignment, marriage and civil partnership, race, religion or belief, sex, sexual
    # orientation); ethnicity appears as its two derived groupings as well.
    chars = [
        Characteristic("age_band", "Age", {}, reference=None, open_values=True),
        Characteristic("disability", "Disability", _YES_NO_DISABILITY, reference="Non-disabled"),
        Characteristic("gender_identity", "Gender reassignment", _GENDER_IDENTITY, reference=None),
        Characteristic(
            "marital_status", "Marriage and civil partnership", _MARITAL, reference=None
        ),
        _ethnic_characteristic(),
        Characteristic(
            "religion", "Religion or belief", _RELIGION, reference=None, codes=_RELIGION_CODES
        ),
        Characteristic("sex", "Sex", _SEX, reference="Male", codes=_SEX_CODES),
        Characteristic(
            "sexual_orientation",
            "Sexual orientation",
            _SEXUAL_ORIENTATION,
            reference="Heterosexual or straight",
            codes=_SEXUAL_ORIENTATION_CODES,
        ),
    ]
    return {c.column: c for c in chars}


#: Characteristic columns (raw, mapped from labels), in the canonical order.
CHARACTERISTICS: dict[str, Characteristic] = _characteristics()

#: Groupings used by the metrics: column → (name, reference group). Each is derived from
#: a characteristic column; ``ethnic_group`` is the WRES White / BME split.
GROUPINGS: dict[str, tuple[str, str | None]] = {
    "age_band": ("Age", None),
    "disability": ("Disability", "Non-disabled"),
    "gender_identity": ("Gender reassignment", None),
    "marital_status": ("Marriage and civil partnership", None),
    "ethnic_group": ("Ethnicity (WRES groups)", "White"),
    "ethnic_broad": ("Ethnicity (broad groups)", "White"),
    "ethnic_category": ("Ethnicity (categories)", "A"),
    "religion": ("Religion or belief", None),
    "sex": ("Sex", "Male"),
    "sexual_orientation": ("Sexual orientation", "Heterosexual or straight"),
}


def wres_group(code: str) -> str:
    """WRES group of an ethnic category code: White (A–C), BME (D–S) or Unknown."""
    if code in MISSING:
        return UNKNOWN
    return "White" if ETHNIC_CATEGORIES[code][1] == "White" else "BME"


def broad_ethnic_group(code: str) -> str:
    """Census high-level group (White, Mixed, Asian, Black, Other) or Unknown."""
    if code in MISSING:
        return UNKNOWN
    return ETHNIC_CATEGORIES[code][1]


def grade_labels() -> dict[str, str]:
    """Normalised pay-grade label → canonical grade (:data:`PAY_GRADES`)."""
    labels = {normalise(g): g for g in PAY_GRADES}
    labels.update({normalise(k): v for k, v in _GRADE_EXTRA.items()})
    return labels


def code_maps(
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, dict[str, str]]:
    """Column → {normalised label → canonical value}, with the analyst's ``overrides``.

    ``overrides`` maps a column (``"ethnic_category"``, ``"disability"``, ``"pay_grade"``…)
    to ``{label: canonical value}``; labels are normalised, values must be canonical
    (for ethnicity the code letter, or ``"Not declared"`` / ``"Unknown"``).
    """
    maps = {col: dict(c.labels) for col, c in CHARACTERISTICS.items()}
    maps["pay_grade"] = grade_labels()
    for col, extra in (overrides or {}).items():
        target = maps.setdefault(col, {})
        for label, value in extra.items():
            target[normalise(label)] = value
    return maps
