"""Import an existing Word EqIA / EHIA (DOCX) into an assessment, with a review first.

``start`` checks the upload (extension, size) and queues ``parse_job`` (a background
task), which opens the DOCX within limits (compressed and uncompressed size, text length;
the upload limits' setting names where they exist: ``UPLOAD_MAX_BYTES``,
``UPLOAD_MAX_DECOMPRESSED_BYTES``, ``UPLOAD_MAX_TEXT_CHARS``), finds answers to the
framework's questions and the impact on each group, and keeps what it found for review.
``apply`` saves only what the person kept, only into unanswered questions and unrated
groups, never completing a step: nothing typed is overwritten.

Matching: a label (a table row's first cell, or a short paragraph followed by text) is
matched to a question when most of its words are the question's, or by a few common EqIA
headings; a table row whose first cell names a group and whose cells say "positive",
"negative", "neutral" or "unknown" gives that group's impact.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from dueregard.core.services import audit

from ..models import Assessment, Impact, ImportJob
from . import framework

WORD = re.compile(r"[a-z]+")
STOP = {
    "the",
    "a",
    "an",
    "of",
    "and",
    "or",
    "to",
    "is",
    "it",
    "what",
    "are",
    "will",
    "you",
    "your",
    "be",
    "for",
    "in",
    "on",
    "this",
    "that",
    "how",
    "who",
    "which",
    "any",
    "do",
}
# Common headings of Word EqIA templates, to the question they answer.
ALIASES = {
    "aims": "define-aims",
    "purpose": "define-aims",
    "objectives": "define-aims",
    "scope": "define-scope",
    "who is affected": "define-who-affected",
    "partners": "define-partners",
    "alternatives": "mitigate-alternatives",
    "options considered": "mitigate-alternatives",
    "mitigation": "mitigate-actions",
    "mitigations": "mitigate-actions",
    "decision": "decide-decision",
}
RATINGS = ("negative", "positive", "neutral", "unknown")
MAX_ANSWER = 10000


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOP and len(w) > 2}


def start(assessment: Assessment, upload, *, actor) -> ImportJob:
    """Check the upload and queue its reading; raises ValidationError for the form."""
    if not assessment.is_current or assessment.is_signed_off:
        raise ValidationError(_("Only the current version, before sign-off, can be filled."))
    name = upload.name or ""
    if not name.lower().endswith(".docx"):
        raise ValidationError(
            {"document": _("The file must be a Word document (.docx). Save a .doc as .docx first.")}
        )
    most = _limit("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    if upload.size > most:
        raise ValidationError(
            {"document": _("The file must be smaller than %(mb)s MB.") % {"mb": most // 1048576}}
        )
    job = ImportJob.objects.create(
        assessment=assessment, uploaded_by=actor, filename=name[:255], content=upload.read()
    )
    parse_job.enqueue(job.pk)  # the database queue writes its row in this transaction
    return job


@task()
def parse_job(job_id: int) -> str:
    job = ImportJob.objects.select_related("assessment").get(pk=job_id)
    if job.status != ImportJob.Status.PENDING:
        return job.status
    try:
        blocks = read_docx(bytes(job.content))
        job.found = find(job.assessment, blocks)
        job.status = ImportJob.Status.READY
        if not job.found["answers"] and not job.found["impacts"]:
            job.status = ImportJob.Status.FAILED
            job.error = _(
                "Nothing in this document matched the questions of the assessment. Copy the "
                "answers in by hand, or check it is an equality impact assessment."
            )
    except ValidationError as exc:
        job.status, job.error = ImportJob.Status.FAILED, exc.messages[0]
    job.content = b""  # the file is not kept once read
    job.save(update_fields=["status", "found", "error", "content"])
    return job.status


def read_docx(content: bytes) -> list[list[str]]:
    """Blocks in document order: a paragraph is ``[text]``, a table row its cells."""
    unreadable = ValidationError(_("The file is not a readable Word document (.docx)."))
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise unreadable
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        total = sum(i.file_size for i in package.infolist())
    if total > _limit("UPLOAD_MAX_DECOMPRESSED_BYTES", 100 * 1024 * 1024):
        raise ValidationError(_("The document is too large once unpacked."))
    try:
        from docx import Document  # python-docx: loaded only when a document is read
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise unreadable from exc
    blocks: list[list[str]] = []
    chars = 0
    most = _limit("UPLOAD_MAX_TEXT_CHARS", 1_000_000)
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            rows = [[Paragraph(child, document).text.strip()]]
        elif child.tag.endswith("}tbl"):
            rows = [[c.text.strip() for c in r.cells] for r in Table(child, document).rows]
        else:
            continue
        for row in rows:
            chars += sum(len(c) for c in row)
            if chars > most:
                raise ValidationError(_("The document has too much text to import."))
            if any(row):
                blocks.append(row)
    return blocks


def _questions(assessment: Assessment):
    spec = framework.idmf(assessment)
    for step in spec.steps:
        for q in framework.step_questions(spec, step.code):
            if q.type in ("text", "long_text") and not q.repeat_for:
                yield q


def _match(label: str, questions) -> str | None:
    text = label.lower().strip(" :?")
    if not text or len(text) > 300:
        return None
    for alias, code in ALIASES.items():
        if text == alias or text.startswith(alias + " "):
            return code
    words = _words(text)
    best, score = None, 0.0
    for q in questions:
        wanted = _words(q.text)
        if not wanted or not words:
            continue
        overlap = len(words & wanted) / max(len(words), len(wanted))
        if overlap > score:
            best, score = q.code, overlap
    return best if score >= 0.5 else None


def find(assessment: Assessment, blocks: list[list[str]]) -> dict:
    questions = list(_questions(assessment))
    groups = {g.name.lower(): g.code for g in framework.groups(assessment)}
    answers: dict[str, str] = {}
    impacts: dict[str, dict] = {}
    pending: str | None = None
    for row in blocks:
        if len(row) >= 2:
            pending = None
            _row(row, questions, groups, answers, impacts)
            continue
        text = row[0]
        code = _match(text, questions) if len(text) <= 200 else None
        if code and code not in answers:
            pending = code
        elif pending:
            answers[pending] = answers.get(pending, "")
            answers[pending] = (answers[pending] + "\n" + text).strip()[:MAX_ANSWER]
    return {"answers": {k: v for k, v in answers.items() if v}, "impacts": impacts}


def _row(row, questions, groups, answers, impacts) -> None:
    first = row[0].lower().strip(" :")
    group = next((code for name, code in groups.items() if first.startswith(name)), None)
    rest = [c for c in row[1:] if c and c != row[0]]
    if group:
        rating = next((r for cell in rest for r in RATINGS if r in cell.lower()), "")
        reasons = max(rest, key=len) if rest else ""
        if rating or reasons:
            impacts[group] = {"rating": rating, "reasons": reasons[:MAX_ANSWER]}
        return
    code = _match(row[0], questions)
    if code and rest and code not in answers:
        answers[code] = "\n".join(dict.fromkeys(rest))[:MAX_ANSWER]


@transaction.atomic
def apply(job: ImportJob, *, keep: list[str], actor, request=None) -> int:
    """Save the kept findings (keys "answer:<code>", "impact:<group>"); returns how many."""
    assessment = job.assessment
    if job.status != ImportJob.Status.READY:
        raise ValidationError(_("This import is not ready to save."))
    if assessment.is_signed_off or not assessment.is_current:
        raise ValidationError(_("Only the current version, before sign-off, can be filled."))
    kept = set(keep)
    answers = dict(assessment.answers)
    saved = 0
    for code, text in job.found.get("answers", {}).items():
        if f"answer:{code}" in kept and not answers.get(code):
            answers[code] = text
            saved += 1
    assessment.answers = answers
    assessment.save(update_fields=["answers", "updated_at"])
    rated = {i.group for i in assessment.impacts.exclude(rating="")}
    for group, values in job.found.get("impacts", {}).items():
        if f"impact:{group}" in kept and group not in rated:
            Impact.objects.update_or_create(
                assessment=assessment,
                group=group,
                defaults={"rating": values.get("rating", ""), "reasons": values.get("reasons", "")},
            )
            saved += 1
    job.status = ImportJob.Status.SAVED
    job.save(update_fields=["status"])
    audit.record(
        "idmf.imported",
        actor=actor,
        obj=assessment.decision,
        request=request,
        after={"version": assessment.version, "file": job.filename, "saved": saved},
    )
    return saved
