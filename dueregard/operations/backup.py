"""Back up and restore the database and the uploaded files, with a manifest to check both.

A backup is a folder holding ``database.json.gz`` (every row, Django's ``dumpdata`` with
natural keys, so it loads into any supported database), ``files.tar.gz`` (every file in the
uploads storage: local disk or S3) and ``manifest.json`` (row counts per model, the SHA-256
of each uploaded file and of the two archives). Restoring checks the archives against the
manifest first, wipes the database and loads the rows, writes the files back, and checks
the counts and the files' checksums again. docs/deploying.md says when to prefer
``pg_dump`` (very large databases) and how.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

# Rebuilt by ``migrate`` itself: dumping them would clash with the rows it makes.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupProblem(Exception):
    """The backup is incomplete or does not match its manifest."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def row_counts() -> dict[str, int]:
    skip = {"contenttypes", "sessions"}
    counts = {}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in skip or label == "auth.Permission" or not model._meta.managed:
            continue
        counts[label] = model._default_manager.count()
    return counts


def _walk(store, folder=""):
    folders, files = store.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _walk(store, f"{folder}/{sub}" if folder else sub)


def uploaded_files() -> dict[str, str]:
    """Each uploaded file's name and SHA-256."""
    store = storages["default"]
    try:
        names = sorted(_walk(store))
    except FileNotFoundError:
        return {}
    result = {}
    for name in names:
        with store.open(name, "rb") as handle:
            result[name] = sha256(handle.read())
    return result


def back_up(folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    rows = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        indent=None,
        stdout=rows,
    )
    (folder / "database.json.gz").write_bytes(gzip.compress(rows.getvalue().encode()))
    store = storages["default"]
    files = uploaded_files()
    with tarfile.open(folder / "files.tar.gz", "w:gz") as archive:
        for name in files:
            with store.open(name, "rb") as handle:
                data = handle.read()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "counts": row_counts(),
        "files": files,
        "archives": {
            name: sha256((folder / name).read_bytes())
            for name in ("database.json.gz", "files.tar.gz")
        },
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def verify_archives(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except FileNotFoundError as exc:
        raise BackupProblem(f"{folder} has no manifest.json: is it a dueregard backup?") from exc
    for name, expected in manifest["archives"].items():
        path = folder / name
        if not path.exists():
            raise BackupProblem(f"{name} is missing from the backup.")
        if sha256(path.read_bytes()) != expected:
            raise BackupProblem(f"{name} does not match its checksum: the backup is damaged.")
    return manifest


def restore(folder: Path) -> dict:
    """Replace the database's rows and the uploaded files with the backup's; check both."""
    manifest = verify_archives(folder)
    fixture = folder / "restore-rows.json"
    fixture.write_bytes(gzip.decompress((folder / "database.json.gz").read_bytes()))
    store = storages["default"]
    try:
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(fixture), verbosity=0)
            counts = row_counts()
            if counts != manifest["counts"]:
                differ = {
                    k: (manifest["counts"].get(k), counts.get(k))
                    for k in set(counts) | set(manifest["counts"])
                    if counts.get(k) != manifest["counts"].get(k)
                }
                raise BackupProblem(f"Row counts differ after loading (backup, now): {differ}")
    finally:
        fixture.unlink(missing_ok=True)
    for name in uploaded_files():
        if name not in manifest["files"]:
            store.delete(name)
    with tarfile.open(folder / "files.tar.gz", "r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile() or member.name not in manifest["files"]:
                continue
            data = archive.extractfile(member).read()
            if store.exists(member.name):
                store.delete(member.name)
            saved = store.save(member.name, ContentFile(data))
            if saved != member.name:
                raise BackupProblem(f"{member.name} was stored as {saved}.")
    files = uploaded_files()
    if files != manifest["files"]:
        raise BackupProblem("The uploaded files differ from the backup's after restoring.")
    return {"counts": counts, "files": files}
