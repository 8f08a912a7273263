"""Reading an uploaded EDS report in a tracked background job (issue 23, ADR 0037).

``start`` (the upload request) checks the size only, stores the file on a ``ReportImport``
and queues ``read_report`` with ``background.jobs.queue``. The job reads the file within
the upload limits (``UPLOAD_MAX_BYTES``, ``UPLOAD_MAX_DECOMPRESSED_BYTES``,
``UPLOAD_MAX_TEXT_CHARS``), parses and checks it, stores the review (``result``) and
empties the file: a refused file is not kept either. A worker that dies mid-read leaves
the import failed with the file kept, so the person can try again (``retry``). Confirming
saves the assessment from the stored review, all or nothing, once.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from dueregard.background import jobs
from dueregard.background.limits import LimitExceeded

from ..importing.parser import ImportFileError
from ..models import Assessment, ReportImport
from . import importing

KIND = "eds.import"
RETAIN_DAYS = 7  # an upload not confirmed within a week is deleted
Status = ReportImport.Status


def start(scope, actor, upload, *, framework_code: str, period: str) -> ReportImport:
    """Store the upload and queue its reading; nothing is parsed here."""
    content = importing.check_upload(upload)
    with transaction.atomic():
        record = ReportImport.objects.create(
            system=scope.system,
            organisation=scope.organisation,
            framework_code=framework_code,
            period=period,
            filename=(upload.name or "report")[:255],
            content=content,
            created_by=actor,
        )
        jobs.queue(KIND, record.pk, read_report, record.pk)
    record.refresh_from_db()
    return record


@task()
def read_report(import_id: int) -> str:
    return run_read(import_id)


def run_read(import_id: int) -> str:
    """The job: read, parse and check within the limits; keep the review, drop the file."""
    record = ReportImport.objects.filter(pk=import_id).select_related("organisation").first()
    if record is None or record.status != Status.READING:
        return "skipped"
    try:
        return _read(record)
    except Exception:  # an error in the app: the job says so too; the file is kept
        ReportImport.objects.filter(pk=record.pk, status=Status.READING).update(
            status=Status.FAILED, message=_("The work stopped because of an error in the app.")
        )
        raise


def _read(record: ReportImport) -> str:
    with jobs.running(KIND, record.pk) as job:
        try:
            content, name = bytes(record.content), record.filename
            text = importing.read_text(content, name, record.framework_code)
        except (ImportFileError, LimitExceeded) as exc:
            return _refuse(record, job, str(exc))
        result = importing.review(
            text,
            record.framework_code,
            filename=record.filename,
            importing_for=record.organisation.name if record.organisation else "",
        )
        ReportImport.objects.filter(pk=record.pk, status=Status.READING).update(
            status=Status.READY, result=importing.review_to_dict(result), content=b"", message=""
        )
    return "ready"


def _refuse(record: ReportImport, job, message: str) -> str:
    ReportImport.objects.filter(pk=record.pk, status=Status.READING).update(
        status=Status.FAILED,
        message=message,
        content=b"",  # a refused file is not kept
    )
    jobs.finish(job, jobs.Status.FAILED, message)
    return "refused"


def worker_died(import_id: int, message: str) -> None:
    """``on_dead`` of the job: failed with the job's message; the file is kept for a retry."""
    ReportImport.objects.filter(pk=import_id, status=Status.READING).update(
        status=Status.FAILED, message=message
    )


def state(record: ReportImport):
    """The record (after sweeping its job if its worker died) and its latest job."""
    jobs.sweep(kind=KIND, object_id=record.pk)
    record.refresh_from_db()
    return record, jobs.latest(KIND, record.pk)


def can_retry(record: ReportImport) -> bool:
    return record.status == Status.FAILED and bool(record.content)


def retry(record: ReportImport) -> ReportImport:
    """Read the kept file again after the worker died."""
    if not can_retry(record):
        raise ValidationError(_("This file cannot be read again: upload it again."))
    with transaction.atomic():
        claimed = ReportImport.objects.filter(pk=record.pk, status=Status.FAILED).update(
            status=Status.READING, message=""
        )
        if claimed:
            jobs.queue(KIND, record.pk, read_report, record.pk)
    record.refresh_from_db()
    return record


def confirm(record: ReportImport, scope, actor, acknowledged) -> Assessment:
    """Save the stored review as an assessment, all or nothing, once."""
    with transaction.atomic():
        locked = ReportImport.objects.select_for_update().get(pk=record.pk)
        if locked.status != Status.READY:
            raise ValidationError(_("This import has already been saved or is not ready."))
        assessment = importing.confirm(
            scope,
            actor,
            result=importing.stored_review(locked.result, locked.framework_code),
            framework_code=locked.framework_code,
            period=locked.period,
            filename=locked.filename,
            acknowledged=acknowledged,
        )
        ReportImport.objects.filter(pk=locked.pk).update(
            status=Status.IMPORTED, assessment=assessment, result={}
        )
    return assessment


def dispose_expired(now) -> int:
    """Imports older than ``RETAIN_DAYS`` are deleted (the file and what was read); an
    imported report lives on as its assessment."""
    old = ReportImport.objects.filter(created_at__lt=now - dt.timedelta(days=RETAIN_DAYS))
    return old.delete()[0]
