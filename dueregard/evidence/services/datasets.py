"""Datasets: upload, column and code mapping, the check and import tasks, disposal of rows.

No uploaded file is parsed in a web request (issue 23): ``upload`` stores the bytes and
queues ``run_check`` (read the file within the upload limits, guess the mapping, the
quality report); ``start_import`` queues ``run_import``. Both are tracked background jobs
(``dueregard.background.jobs``): a worker that dies leaves the dataset failed with a
message, and the person tries again (``retry``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dueregard.background import identifiers, jobs
from dueregard.background.limits import LimitExceeded, Limits, check_shape, check_size, check_table
from dueregard.core.services import audit

from .. import imported
from ..models import Dataset, RowData
from . import mapping as m
from . import workforce
from .schemas import match_columns
from .schemas import schema as schema_for


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


CHECK = "evidence.check"
IMPORT = "evidence.import"


def _read_upload(upload) -> tuple[bytes, str]:
    name = getattr(upload, "name", "") or "upload"
    try:
        check_size(upload.size, Limits.from_settings(), name)
    except LimitExceeded as exc:
        raise ValidationError({"file": str(exc)}) from exc
    if Path(name).suffix.lower() not in m.SUFFIXES:
        raise ValidationError({"file": f"{name} is not a CSV, Excel (XLSX) or Parquet file."})
    content = upload.read()
    upload.seek(0)
    if not content:
        raise ValidationError({"file": f"{name} is empty."})
    return content, name


def read_bounded(content: bytes, filename: str):
    """Read an uploaded table within the upload limits (checked before and after)."""
    limits = Limits.from_settings()
    check_table(content, filename, limits)
    frame = m.read_table(content, filename)
    check_shape(frame.shape[0], frame.shape[1], limits, filename)
    return frame


@transaction.atomic
def upload(
    scope,
    actor,
    *,
    name: str,
    kind: str,
    file,
    retain_until: dt.date | None = None,
    period: str = "",
) -> Dataset:
    """Store the file (row-level data, briefly) and guess the column and code mapping."""
    try:
        sch = schema_for(kind)
    except KeyError as exc:
        raise ValidationError({"kind": "Choose what kind of data the file holds"}) from exc
    if retain_until is not None and retain_until <= timezone.localdate():
        raise ValidationError(
            {"retain_until": "The date to keep the rows until must be in the future"}
        )
    if sch.workforce and not period:
        raise ValidationError({"period": "Enter the reporting year of the workforce file"})
    content, filename = _read_upload(file)
    dataset = Dataset.objects.create(
        system=scope.system,
        organisation=scope.organisation,
        name=name.strip() or filename,
        kind=kind,
        period=period if sch.workforce else "",
        original_name=filename,
        checksum=checksum(content),
        size_bytes=len(content),
        status=Dataset.Status.CHECKING,
        retain_until=retain_until,
        created_by=actor,
    )
    RowData.objects.create(dataset=dataset, upload=content)
    audit.record(
        "evidence.dataset.uploaded",
        actor=actor,
        obj=dataset,
        after={"kind": kind, "file": filename, "checksum": dataset.checksum},
    )
    _queue_check(dataset)
    dataset.refresh_from_db()
    return dataset


def _queue_check(dataset: Dataset) -> None:
    from .tasks import check_dataset

    Dataset.objects.filter(pk=dataset.pk).update(
        status=Dataset.Status.CHECKING, progress=0, errors=[]
    )
    jobs.queue(CHECK, dataset.pk, check_dataset, dataset.pk)


def run_check(dataset_id: int) -> str:
    """The check task: read the file within the limits, guess the mapping and the code
    maps, report its quality. A file over a limit or unreadable is refused and not kept."""
    dataset = Dataset.objects.get(pk=dataset_id)
    with jobs.running(CHECK, dataset.pk) as job:
        rows = RowData.objects.filter(dataset=dataset).first()
        if rows is None:
            return _refuse(dataset, job, "The file of this dataset has been deleted.")
        Dataset.objects.filter(pk=dataset.pk).update(progress=10)
        try:
            frame = read_bounded(bytes(rows.upload), dataset.original_name)
        except (m.FileProblem, LimitExceeded) as exc:
            return _refuse(dataset, job, str(exc))
        sch = schema_for(dataset.kind)
        dataset.headers = list(frame.columns)
        dataset.mapping = match_columns(dataset.headers, sch)
        dataset.code_maps = m.default_code_maps(frame, sch, dataset.mapping)
        dataset.quality = _quality(frame, sch, dataset)
        with transaction.atomic():
            RowData.objects.filter(pk=rows.pk).update(table=m.to_parquet(frame))
            updated = Dataset.objects.filter(pk=dataset.pk, status=Dataset.Status.CHECKING).update(
                headers=dataset.headers,
                mapping=dataset.mapping,
                code_maps=dataset.code_maps,
                quality=dataset.quality,
                status=Dataset.Status.MAPPING,
                progress=100,
            )
            if updated:
                audit.record("evidence.dataset.checked", obj=dataset, after={"rows": len(frame)})
    return "checked"


def _refuse(dataset: Dataset, job, message: str) -> str:
    with transaction.atomic():
        RowData.objects.filter(dataset=dataset).delete()  # an unreadable file is not kept
        Dataset.objects.filter(pk=dataset.pk).update(
            status=Dataset.Status.FAILED,
            progress=100,
            errors={"total": 1, "listed": [{"row": None, "column": "", "message": message}]},
        )
        audit.record("evidence.dataset.refused", obj=dataset, after={"reason": message[:200]})
    jobs.finish(job, jobs.Status.FAILED, message)
    return "refused"


def worker_died(dataset_id: int, message: str) -> None:
    """``on_dead`` of the check and import jobs: failed, nothing half-written, retryable."""
    with transaction.atomic():
        RowData.objects.filter(dataset_id=dataset_id).update(canonical=None)
        Dataset.objects.filter(
            pk=dataset_id,
            status__in=(
                Dataset.Status.CHECKING,
                Dataset.Status.QUEUED,
                Dataset.Status.IMPORTING,
            ),
        ).update(
            status=Dataset.Status.FAILED,
            progress=100,
            row_count=0,
            errors={"total": 1, "listed": [{"row": None, "column": "", "message": message}]},
        )
        dataset = Dataset.objects.filter(pk=dataset_id).first()
        if dataset is not None:
            audit.record("evidence.dataset.worker_died", obj=dataset, after={"job": "lost"})


def job_of(dataset: Dataset):
    """The dataset's latest check or import job, after sweeping it if its worker died."""
    for kind in (IMPORT, CHECK):
        jobs.sweep(kind=kind, object_id=dataset.pk)
    found = [j for j in (jobs.latest(IMPORT, dataset.pk), jobs.latest(CHECK, dataset.pk)) if j]
    return max(found, key=lambda j: (j.created_at, j.pk)) if found else None


def retry(dataset: Dataset, actor) -> Dataset:
    """Try again after a failure: the check when the file was never read, else the import."""
    if dataset.status != Dataset.Status.FAILED:
        raise ValidationError("Only failed work can be tried again.")
    if not dataset.has_rows:
        raise ValidationError("The file was not kept: upload it again.")
    if dataset.headers:
        return start_import(dataset, actor)
    audit.record("evidence.dataset.check_retried", actor=actor, obj=dataset)
    _queue_check(dataset)
    dataset.refresh_from_db()
    return dataset


def _quality(frame, sch, dataset: Dataset) -> dict:
    if sch.workforce:
        report = workforce.quality_report(frame, dataset, sch)
    else:
        report = m.quality_report(frame, sch, dataset.mapping, dataset.code_maps)
    # Issue 23: direct identifiers the analysis does not use (unmapped columns).
    report["identifiers"] = identifiers.find(
        ((str(h), frame[h].head(identifiers.SAMPLE).tolist()) for h in frame.columns),
        used=set(dataset.mapping.values()),
    )
    return report


@transaction.atomic
def drop_identifiers(dataset: Dataset, actor) -> Dataset:
    """Drop the columns holding direct identifiers from the stored table, and the uploaded
    file itself (only the table without them is kept)."""
    found = [f["column"] for f in dataset.quality.get("identifiers", [])]
    if not found:
        raise ValidationError("The file holds no direct identifiers to drop.")
    if dataset.status not in (Dataset.Status.MAPPING, Dataset.Status.FAILED):
        raise ValidationError("This dataset has been imported already.")
    frame = frame_of(dataset).drop(columns=found)
    RowData.objects.filter(dataset=dataset).update(table=m.to_parquet(frame), upload=b"")
    dataset.headers = list(frame.columns)
    dataset.mapping = {k: v for k, v in dataset.mapping.items() if v not in found}
    dataset.quality = _quality(frame, schema_for(dataset.kind), dataset)
    dataset.save(update_fields=["headers", "mapping", "quality"])
    audit.record(
        "evidence.dataset.identifiers_dropped", actor=actor, obj=dataset, after={"columns": found}
    )
    return dataset


def canonical_from(frame, dataset: Dataset):
    """All or nothing: ``(rows, problems listed, problems in all)``."""
    sch = schema_for(dataset.kind)
    if sch.workforce:
        return workforce.to_canonical(frame, dataset)
    return m.to_canonical(frame, sch, dataset.mapping, dataset.code_maps)


def frame_of(dataset: Dataset):
    """The upload as a table: the copy the check stored (no parse of the file), else the
    file read within the limits."""
    rows = RowData.objects.filter(dataset=dataset).first()
    if rows is None:
        raise ValidationError("The rows of this dataset have been deleted.")
    if rows.table is not None:
        return m.from_parquet(rows.table)
    return read_bounded(bytes(rows.upload), dataset.original_name)


@transaction.atomic
def save_mapping(dataset: Dataset, actor, *, columns: dict, codes: dict) -> Dataset:
    """The analyst's column mapping (canonical -> header) and code maps; re-checks quality."""
    if dataset.status not in (Dataset.Status.MAPPING, Dataset.Status.FAILED):
        raise ValidationError("This dataset has been imported already.")
    sch = schema_for(dataset.kind)
    chosen = {k: v for k, v in columns.items() if v}
    dupes = {v for v in chosen.values() if list(chosen.values()).count(v) > 1}
    if dupes:
        raise ValidationError(
            {
                f"col_{k}": f"“{v}” is mapped to more than one field"
                for k, v in chosen.items()
                if v in dupes
            }
        )
    unknown = [v for v in chosen.values() if v not in dataset.headers]
    if unknown:
        raise ValidationError(f"The file has no column {unknown[0]}.")
    frame = frame_of(dataset)
    maps = m.default_code_maps(frame, sch, chosen)
    for column, values in codes.items():
        if column in maps:
            for raw, value in values.items():
                if raw in maps[column] and value:
                    maps[column][raw] = value
    before = {"mapping": dataset.mapping}
    dataset.mapping = chosen
    dataset.code_maps = maps
    dataset.quality = _quality(frame, sch, dataset)
    dataset.status = Dataset.Status.MAPPING
    dataset.errors = []
    dataset.save(update_fields=["mapping", "code_maps", "quality", "status", "errors"])
    audit.record(
        "evidence.dataset.mapped",
        actor=actor,
        obj=dataset,
        before=before,
        after={"mapping": chosen},
    )
    return dataset


def start_import(dataset: Dataset, actor) -> Dataset:
    """Queue the import as a background task; the dataset page shows its progress."""
    if dataset.status not in (Dataset.Status.MAPPING, Dataset.Status.FAILED):
        raise ValidationError("This dataset has been imported already.")
    if dataset.quality.get("missing_required"):
        raise ValidationError(
            "Map a column to " + ", ".join(dataset.quality["missing_required"]) + " first."
        )
    if dataset.quality.get("identifiers"):
        raise ValidationError(
            "The file holds direct identifiers the analysis does not need: "
            + "; ".join(f["message"] for f in dataset.quality["identifiers"])
            + ". Drop them before importing (or map the column if the analysis uses it)."
        )
    unmapped = [c for c in dataset.quality.get("columns", []) if c.get("unmapped")]
    if unmapped:
        # Refused here, not after a failed import: the person maps or excludes each label.
        raise ValidationError(
            "Some labels are not mapped to a group: "
            + "; ".join(
                f"{c['label']}: "
                + ", ".join(f"“{v}”" for v in c.get("unmapped_labels", [])[:10])
                + (" and others" if len(c.get("unmapped_labels", [])) > 10 else "")
                for c in unmapped
            )
            + ". Map each to a group, or to Unknown to leave those people out of the "
            "comparisons, then import."
        )
    Dataset.objects.filter(pk=dataset.pk).update(
        status=Dataset.Status.QUEUED, progress=0, errors=[]
    )
    audit.record("evidence.dataset.import_queued", actor=actor, obj=dataset)
    from .tasks import import_dataset

    jobs.queue(IMPORT, dataset.pk, import_dataset, dataset.pk)
    dataset.refresh_from_db()
    return dataset


def run_import(dataset_id: int) -> str:
    """The import task: all or nothing. A failure keeps no rows and says what failed where."""
    dataset = Dataset.objects.get(pk=dataset_id)
    with jobs.running(IMPORT, dataset.pk):
        return _import(dataset)


def _import(dataset: Dataset) -> str:
    Dataset.objects.filter(pk=dataset.pk).update(status=Dataset.Status.IMPORTING, progress=10)
    try:
        frame = frame_of(dataset)
    except (ValidationError, m.FileProblem, LimitExceeded) as exc:
        message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        return _fail(dataset, [{"row": None, "column": "", "message": message}], 1)
    Dataset.objects.filter(pk=dataset.pk).update(progress=40)
    rows, problems, total = canonical_from(frame, dataset)
    if rows is None:
        return _fail(dataset, problems, total)
    with transaction.atomic():
        RowData.objects.filter(dataset=dataset).update(canonical=m.to_parquet(rows))
        done = Dataset.objects.filter(pk=dataset.pk, status=Dataset.Status.IMPORTING).update(
            status=Dataset.Status.READY,
            progress=100,
            row_count=len(rows),
            imported_at=timezone.now(),
            errors=[],
        )
        if not done:  # declared dead meanwhile: the person was told; keep nothing
            transaction.set_rollback(True)
            return "abandoned"
        audit.record("evidence.dataset.imported", obj=dataset, after={"rows": len(rows)})
        dataset.refresh_from_db()
        imported.notify(dataset, rows)
    return "ready"


def _fail(dataset: Dataset, problems: list[dict], total: int) -> str:
    with transaction.atomic():
        RowData.objects.filter(dataset=dataset).update(canonical=None)
        Dataset.objects.filter(pk=dataset.pk).update(
            status=Dataset.Status.FAILED,
            progress=100,
            errors={"total": total, "listed": problems},
            row_count=0,
        )
        audit.record("evidence.dataset.import_failed", obj=dataset, after={"problems": total})
    return "failed"


def canonical_rows(dataset: Dataset):
    rows = RowData.objects.filter(dataset=dataset).first()
    if rows is None or rows.canonical is None:
        return None
    return m.from_parquet(rows.canonical)


@transaction.atomic
def dispose_rows(dataset: Dataset, actor=None, *, reason: str) -> bool:
    """Delete the row-level data (the upload and the imported rows); keep the aggregates."""
    deleted, _ = RowData.objects.filter(dataset=dataset).delete()
    if not deleted:
        return False
    Dataset.objects.filter(pk=dataset.pk).update(
        status=Dataset.Status.DISPOSED, disposed_at=timezone.now()
    )
    dataset.refresh_from_db()
    audit.record(
        "evidence.dataset.rows_deleted", actor=actor, obj=dataset, after={"reason": reason}
    )
    return True


def dispose_expired(now=None) -> int:
    """Retention (called by core's ``dispose_expired``): rows kept until a date that has
    passed, and rows without a date older than ``RowData.retention_days``."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    for dataset in Dataset.objects.filter(retain_until__lt=today, rows__isnull=False):
        count += dispose_rows(dataset, reason=f"retention date {dataset.retain_until} passed")
    cutoff = now - dt.timedelta(days=RowData.retention_days)
    for dataset in Dataset.objects.filter(
        retain_until__isnull=True, rows__isnull=False, rows__created_at__lt=cutoff
    ):
        count += dispose_rows(
            dataset, reason=f"unused for {RowData.retention_days} days without a retention date"
        )
    return count
