"""Per-service grades in a report's section (EDS 2022 Domain 1 grades each service).

dueregard's own reports, like the NHS England template, set a per-service outcome out as
one sub-heading per service ("Service: Maternity") followed by that service's grade
("EDS grade: Developing activity (1)") and its reasons. ``service_grades`` reads them from
one parsed outcome's lines; it returns nothing unless every service found has exactly one
recognisable grade, so a damaged section is left to the review, never half-read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dueregard.frameworks.definitions import EdsFramework

SERVICE = re.compile(r"^\s*Service\s*[:\u2013\u2014-]\s*(?P<name>\S.{0,198}?)\s*$", re.I)
GRADE = re.compile(r"^\s*(?:EDS\s+)?grade\s*[:\u2013\u2014-]\s*(?P<grade>\S.*?)\s*$", re.I)
PARENS = re.compile(r"\s*\([^)]*\)\s*\.?$")


@dataclass(frozen=True)
class ServiceGrade:
    service: str
    grade: str  # the framework's grade code
    reasons: str  # the text under the service's grade, up to the next service


def _grade_code(framework: EdsFramework, written: str) -> str | None:
    for candidate in (written, PARENS.sub("", written), written.rstrip(".")):
        grade = framework.grade_for(candidate.strip())
        if grade is not None:
            return grade.code
    return None


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        match = SERVICE.match(line)
        if match:
            blocks.append((match.group("name"), []))
        elif blocks:
            blocks[-1][1].append(line)
    return blocks


def service_grades(text: str, outcome, framework: EdsFramework) -> tuple[ServiceGrade, ...]:
    """The grade of each service in ``outcome``'s section of ``text``, or () when the
    section is not laid out per service or any service's grade is missing or unclear."""
    lines = text.split("\n")[outcome.start_line - 1 : outcome.end_line]
    found: list[ServiceGrade] = []
    for name, body in _blocks(lines):
        grades = [(i, m.group("grade")) for i, m in enumerate(map(GRADE.match, body)) if m]
        if len(grades) != 1:
            return ()
        index, written = grades[0]
        code = _grade_code(framework, written)
        if code is None:
            return ()
        reasons = "\n".join(line for line in body[index + 1 :] if line.strip()).strip()
        found.append(ServiceGrade(name, code, reasons))
    names = [g.service.casefold() for g in found]
    if len(set(names)) != len(names):
        return ()
    return tuple(found)
