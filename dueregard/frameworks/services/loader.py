"""Idempotent loader: each shipped framework file becomes a ``FrameworkVersion`` row.

The row's version is the file's own ``version``. Loading an unchanged file does nothing;
a file with a new version number adds a row, and earlier versions stay, because
assessments point at the version they used. Changing a file's content without raising
its version is refused, so a stored version never silently changes meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import IntegrityError, transaction

from .. import definitions
from ..models import FrameworkVersion

KINDS = {
    "characteristics": FrameworkVersion.Kind.CHARACTERISTICS,
    "idmf": FrameworkVersion.Kind.IDMF,
}


@dataclass(frozen=True)
class LoadResult:
    code: str
    version: int
    created: bool


@transaction.atomic
def load_file(path: Path) -> LoadResult:
    parsed = definitions.load_file(path)  # validates; raises FrameworkDataError
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    info = parsed.info
    existing = FrameworkVersion.objects.filter(code=info.code, version=info.version).first()
    if existing is None:
        try:
            # A savepoint: two requests loading the shipped files at once (the first use
            # of an empty database) both try to insert; the loser finds the winner's row.
            with transaction.atomic():
                FrameworkVersion.objects.create(
                    code=info.code,
                    kind=KINDS.get(info.code, FrameworkVersion.Kind.EDS),
                    version=info.version,
                    name=info.name,
                    checksum=info.checksum,
                    content=raw,
                )
            return LoadResult(info.code, info.version, created=True)
        except IntegrityError:
            existing = FrameworkVersion.objects.get(code=info.code, version=info.version)
    if existing.checksum != info.checksum:
        raise definitions.FrameworkDataError(
            path.name,
            f"content changed but version is still {info.version}: raise 'version' so "
            "assessments made with the earlier content keep it",
        )
    return LoadResult(info.code, info.version, created=False)


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
