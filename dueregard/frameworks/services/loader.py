"""Idempotent loader: each shipped framework file becomes a ``FrameworkVersion`` row.

A file whose content is unchanged (same checksum) is left alone; a changed file becomes a
new version, and earlier versions stay, because assessments point at the version they used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Max

from .. import definitions
from ..models import FrameworkVersion

KINDS = {"characteristics": FrameworkVersion.Kind.CHARACTERISTICS, "idmf": FrameworkVersion.Kind.IDMF}


@dataclass(frozen=True)
class LoadResult:
    code: str
    version: int
    created: bool


def _kind(code: str) -> str:
    return KINDS.get(code, FrameworkVersion.Kind.EDS)


@transaction.atomic
def load_file(path: Path) -> LoadResult:
    parsed = definitions.load_file(path)  # validates; raises FrameworkDataError
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    code = raw["framework"]
    checksum = definitions.checksum_of(raw)
    existing = FrameworkVersion.objects.filter(code=code, checksum=checksum).first()
    if existing is not None:
        return LoadResult(code, existing.version, created=False)
    latest = FrameworkVersion.objects.filter(code=code).aggregate(v=Max("version"))["v"] or 0
    row = FrameworkVersion.objects.create(
        code=code,
        kind=_kind(code),
        version=latest + 1,
        name=parsed.info.name,
        checksum=checksum,
        content=raw,
    )
    return LoadResult(code, row.version, created=True)


def load_all(directory: Path | None = None) -> list[LoadResult]:
    directory = directory or definitions.DATA_DIR
    return [load_file(path) for path in sorted(directory.glob("*.yaml"))]


def current(code: str) -> FrameworkVersion:
    """The newest stored version of a framework (load_frameworks must have run)."""
    row = FrameworkVersion.objects.filter(code=code).order_by("-version").first()
    if row is None:
        raise LookupError(f"Framework {code!r} is not loaded. Run: manage.py load_frameworks")
    return row


def definition(row: FrameworkVersion):
    """The parsed definition a stored version holds (not today's file)."""
    return definitions.parse_content(row.content, filename=f"{row.code} v{row.version}")
