"""Datasets: upload, column and code mapping, the import task, and disposal of rows."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dueregard.core.services import audit

from ..models import Dataset, RowData
from . import mapping as m
from . import workforce
from .schemas import match_columns
from .schemas import schema as schema_for


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _read_upload(upload) -> tuple[bytes, str]:
    name = getattr(upload, "name", "") or "upload"
    if upload.size > m.MAX_UPLOAD_BYTES:
        raise ValidationError({"file": f"The file must be smaller than 50 MB. {name} is bigger."})
    content = upload.read()
    upload.seek(0)
    return content, name


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
    try:
        frame = m.read_table(content, filename)
    except m.FileProblem as exc:
        raise ValidationError({"file": str(exc)}) from exc
    headers = list(frame.columns)
    found = match_columns(headers, sch)
    dataset = Dataset.objects.create(
        system=scope.system,
        organisation=scope.organisation,
        name=name.strip() or filename,
        kind=kind,
        period=period if sch.workforce else "",
        original_name=filename,
        checksum=checksum(content),
        size_bytes=len(content),
        headers=headers,
        mapping=found,
        code_maps=m.default_code_maps(frame, sch, found),
        retain_until=retain_until,
        created_by=actor,
    )
    dataset.quality = _quality(frame, sch, dataset)
    dataset.save(update_fields=["quality"])
    RowData.objects.create(dataset=dataset, upload=content)
    audit.record(
        "evidence.dataset.uploaded",
        actor=actor,
        obj=dataset,
        after={
            "kind": kind,
            "file": filename,
            "rows": dataset.quality["rows"],
            "checksum": dataset.checksum,
        },
    )
    return dataset


def _quality(frame, sch, dataset: Dataset) -> dict:
    if sch.workforce:
        return workforce.quality_report(frame, dataset, sch)
    return m.quality_report(frame, sch, dataset.mapping, dataset.code_maps)


def canonical_from(frame, dataset: Dataset):
    """All or nothing: ``(rows, problems listed, problems in all)``."""
    sch = schema_for(dataset.kind)
    if sch.workforce:
        return workforce.to_canonical(frame, dataset)
    return m.to_canonical(frame, sch, dataset.mapping, dataset.code_maps)


def frame_of(dataset: Dataset):
    rows = RowData.objects.filter(dataset=dataset).first()
    if rows is None:
        raise ValidationError("The rows of this dataset have been deleted.")
    return m.read_table(bytes(rows.upload), dataset.original_name)


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

    import_dataset.enqueue(dataset.pk)
    dataset.refresh_from_db()
    return dataset


def run_import(dataset_id: int) -> str:
    """The import task: all or nothing. A failure keeps no rows and says what failed where."""
    dataset = Dataset.objects.get(pk=dataset_id)
    Dataset.objects.filter(pk=dataset.pk).update(status=Dataset.Status.IMPORTING, progress=10)
    try:
        frame = frame_of(dataset)
    except (ValidationError, m.FileProblem) as exc:
        return _fail(dataset, [{"row": None, "column": "", "message": str(exc)}], 1)
    Dataset.objects.filter(pk=dataset.pk).update(progress=40)
    rows, problems, total = canonical_from(frame, dataset)
    if rows is None:
        return _fail(dataset, problems, total)
    with transaction.atomic():
        RowData.objects.filter(dataset=dataset).update(canonical=m.to_parquet(rows))
        Dataset.objects.filter(pk=dataset.pk).update(
            status=Dataset.Status.READY,
            progress=100,
            row_count=len(rows),
            imported_at=timezone.now(),
            errors=[],
        )
        audit.record("evidence.dataset.imported", obj=dataset, after={"rows": len(rows)})
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
