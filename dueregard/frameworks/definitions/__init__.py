"""Read and validate the framework definition files (pure Python: stdlib and PyYAML only).

Each file in ``data/`` holds one framework at one version:

- ``characteristics.yaml``: the protected characteristics and additional groups, in the
  one canonical order used everywhere;
- ``eds-2011.yaml``, ``eds2.yaml``, ``eds-2022.yaml``: the Equality Delivery System versions;
- ``idmf.yaml``: the Inclusive Decision Making Framework (screening and six steps).

Every file starts with the same header: ``framework`` (its code), ``version``, ``name``,
``source`` and ``published``. Parsing returns frozen dataclasses and rejects a malformed
file with :class:`FrameworkDataError`, whose message starts with the file name and says
where and what is wrong. Unknown keys are errors too, so a misspelt key cannot be ignored
silently.

Each parsed framework carries a ``checksum``: the SHA-256 of the file's content in a
canonical form (the parsed data as JSON with sorted keys). Comments and layout do not
change it; any change of content does. The database loader compares it with the stored
checksum of the same ``(framework, version)`` to tell a changed file from an unchanged one.

The package: :mod:`.reading` (YAML, the checked reader, errors), :mod:`.characteristics`,
:mod:`.eds` with :mod:`.eds_parser`, :mod:`.idmf` and :mod:`.awards` (award question sets);
this module holds the loaders.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .awards import (
    AwardQuestion,
    AwardQuestionSet,
    load_question_set,
    parse_question_set,
)
from .characteristics import Characteristic, Characteristics, _parse_characteristics
from .eds import (
    CoverageRule,
    CoverageWord,
    Domain,
    EdsFramework,
    Goal,
    Grade,
    GradingFactor,
    Outcome,
    PublicationDeadline,
    RatingBand,
    ReportField,
    ReportTable,
    ReportTemplate,
)
from .eds_parser import _parse_eds
from .idmf import (
    ChecklistItem,
    HumanRights,
    HumanRightsArticle,
    IdmfFramework,
    IdmfQuestion,
    IdmfScreening,
    IdmfStep,
    PsedAim,
    _parse_idmf,
)
from .reading import (
    _SHIPPED,
    ANSWER_TYPES,
    DATA_DIR,
    EDS_CODES,
    Choice,
    FrameworkDataError,
    FrameworkInfo,
    PathLike,
    _kind,
    _read,
    checksum_of,
)

__all__ = [
    "DATA_DIR",
    "EDS_CODES",
    "ANSWER_TYPES",
    "FrameworkDataError",
    "FrameworkInfo",
    "Choice",
    "Characteristic",
    "Characteristics",
    "Grade",
    "GradingFactor",
    "Outcome",
    "Goal",
    "Domain",
    "RatingBand",
    "CoverageWord",
    "CoverageRule",
    "PublicationDeadline",
    "ReportField",
    "ReportTable",
    "ReportTemplate",
    "EdsFramework",
    "IdmfQuestion",
    "IdmfScreening",
    "IdmfStep",
    "PsedAim",
    "HumanRightsArticle",
    "HumanRights",
    "ChecklistItem",
    "IdmfFramework",
    "load_characteristics",
    "load_eds",
    "load_idmf",
    "load_framework",
    "load_file",
    "parse_content",
    "available_frameworks",
    "checksum_of",
    "AwardQuestion",
    "AwardQuestionSet",
    "load_question_set",
    "parse_question_set",
]

# --------------------------------------------------------------------------------------
# Public loading functions
# --------------------------------------------------------------------------------------


def load_characteristics(path: PathLike | None = None) -> Characteristics:
    """The protected characteristics and additional groups, in the canonical order."""
    result = load_file(path if path is not None else DATA_DIR / "characteristics.yaml")
    if not isinstance(result, Characteristics):
        raise FrameworkDataError(Path(path or "").name, "not a characteristics file")
    return result


def load_eds(code: str, path: PathLike | None = None) -> EdsFramework:
    """An EDS version by code: "eds-2011", "eds2" or "eds-2022".

    With ``path``, read that file instead of the shipped one; its ``framework`` must
    still be ``code``.
    """
    if path is None:
        if code not in EDS_CODES:
            raise ValueError(f"unknown EDS framework {code!r}; expected one of {EDS_CODES}")
        path = DATA_DIR / f"{code}.yaml"
    filename, data = _read(path)
    return _parse_eds(filename, data, expected_code=code)


def load_idmf(path: PathLike | None = None) -> IdmfFramework:
    """The Inclusive Decision Making Framework: screening and six steps."""
    filename, data = _read(path if path is not None else DATA_DIR / "idmf.yaml")
    return _parse_idmf(filename, data)


def load_framework(code: str) -> Characteristics | EdsFramework | IdmfFramework:
    """Any shipped framework by code ("characteristics", an EDS code, or "idmf")."""
    if code not in _SHIPPED:
        raise ValueError(f"unknown framework {code!r}; expected one of {_SHIPPED}")
    return load_file(DATA_DIR / f"{code}.yaml")


def load_file(path: PathLike) -> Characteristics | EdsFramework | IdmfFramework:
    """Any framework file, parsed according to its ``framework`` header."""
    filename, data = _read(path)
    return parse_content(data, filename=filename)


def parse_content(
    content: Mapping[str, Any], filename: str = "<content>"
) -> Characteristics | EdsFramework | IdmfFramework:
    """Parse and validate content already read (for example a stored JSON copy of a file).

    The result, including its checksum, is the same as loading the file the content came
    from. ``filename`` names the content in error messages.
    """
    if not isinstance(content, Mapping):
        raise FrameworkDataError(filename, f"expected a mapping at the top, got {_kind(content)}")
    data = dict(content)
    code = data.get("framework")
    if code == "characteristics":
        return _parse_characteristics(filename, data)
    if code == "idmf":
        return _parse_idmf(filename, data)
    if isinstance(code, str) and code.startswith("eds"):
        return _parse_eds(filename, data, expected_code=code)
    if code is None:
        raise FrameworkDataError(filename, "missing required key 'framework'")
    raise FrameworkDataError(
        filename,
        f"unknown framework {code!r}: expected 'characteristics', 'idmf' or an EDS code",
    )


def available_frameworks() -> tuple[FrameworkInfo, ...]:
    """Every shipped framework file, parsed and validated, in loading order."""
    return tuple(load_framework(code).info for code in _SHIPPED)
