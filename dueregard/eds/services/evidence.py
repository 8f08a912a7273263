"""Evidence per outcome (per service in per-service domains), its checks, and coverage."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dueregard.core.services import audit
from dueregard.frameworks.services import loader
from dueregard.population.services.population import summary_text

from ..models import Assessment, Evidence, Service
from .assessments import _require_editable, framework_of, population_summary

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Written evidence is read on screen by a panel: about ten pages. Longer goes in a file.
MAX_EVIDENCE_TEXT = 30_000
# Extension -> what the file must start with (PDF header; DOCX/XLSX/ODS are zip packages).
ALLOWED_TYPES = {
    ".pdf": b"%PDF-",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".ods": b"PK\x03\x04",
}
ZIP_MARKERS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".ods": "content.xml"}


def check_upload(upload) -> None:
    """Refuse files that are too big, of another type, or not what their name says."""
    name = upload.name or ""
    ext = Path(name).suffix.lower()
    if ext not in ALLOWED_TYPES:
        raise ValidationError(
            {
                "document": "The file must be a PDF, Word (DOCX), Excel (XLSX) or OpenDocument "
                f"spreadsheet (ODS). {name} is not."
            }
        )
    if upload.size == 0:
        raise ValidationError({"document": f"{name} is empty."})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "document": "The file must be smaller than 10 MB. "
                f"{name} is {upload.size / 1e6:.1f} MB."
            }
        )
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ALLOWED_TYPES[ext]):
        raise ValidationError({"document": f"{name} is not a real {ext[1:].upper()} file."})
    if ext in ZIP_MARKERS:
        try:
            with zipfile.ZipFile(upload) as package:
                if ZIP_MARKERS[ext] not in package.namelist():
                    raise ValidationError(
                        {"document": f"{name} is not a real {ext[1:].upper()} file."}
                    )
        except zipfile.BadZipFile as exc:
            raise ValidationError({"document": f"{name} is damaged and cannot be opened."}) from exc
        finally:
            upload.seek(0)


def characteristic_codes() -> list[tuple[str, str]]:
    chars = loader.definition(loader.current("characteristics"))
    return [(c.code, c.name) for c in chars.top_level]


def protected_codes() -> list[str]:
    chars = loader.definition(loader.current("characteristics"))
    return [c.code for c in chars.protected]


@transaction.atomic
def add(
    assessment: Assessment,
    actor,
    *,
    outcome_code: str,
    kind: str,
    title: str,
    text: str = "",
    url: str = "",
    document=None,
    characteristics=(),
    factors=(),
    service: Service | None = None,
    may_be_published: bool = False,
) -> Evidence:
    _require_editable(assessment)
    framework = framework_of(assessment)
    framework.outcome(outcome_code)
    goal = next(g for g in framework.goals if any(o.code == outcome_code for o in g.outcomes))
    if goal.per_service and service is None:
        raise ValidationError({"service": "Choose the service this evidence is about."})
    _check_content(kind, text, url)
    if kind == Evidence.Kind.DOCUMENT:
        if document is None:
            raise ValidationError({"document": _("Choose a file to upload")})
        check_upload(document)
    evidence = Evidence.objects.create(
        assessment=assessment,
        outcome_code=outcome_code,
        service=service,
        kind=kind,
        title=title.strip(),
        text=text,
        url=url,
        document=document if kind == Evidence.Kind.DOCUMENT else None,
        characteristics=list(characteristics),
        factors=list(factors),
        may_be_published=may_be_published,
        added_by=actor,
    )
    audit.record(
        "eds.evidence.added",
        actor=actor,
        obj=assessment,
        after={"outcome": outcome_code, "title": evidence.title, "kind": kind},
    )
    return evidence


def _check_content(kind: str, text: str, url: str) -> None:
    if kind == Evidence.Kind.TEXT and not text.strip():
        raise ValidationError({"text": _("Enter the evidence")})
    if len(text) > MAX_EVIDENCE_TEXT:
        raise ValidationError(
            {
                "text": _(
                    "Written evidence must be %(limit)s characters or fewer (this is "
                    "%(length)s). Upload a long document as a file instead."
                )
                % {"limit": f"{MAX_EVIDENCE_TEXT:,}", "length": f"{len(text):,}"}
            }
        )
    if kind == Evidence.Kind.LINK and not url:
        raise ValidationError({"url": _("Enter the web address of the evidence")})


EDITABLE = ("title", "text", "url", "characteristics", "factors", "service", "may_be_published")


@transaction.atomic
def update(evidence: Evidence, actor, **fields) -> Evidence:
    """Change an item's title, content, tags, service or publishable flag (the kind and an
    uploaded file stay: remove the item and add it again to replace the file)."""
    _require_editable(evidence.assessment)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    framework = framework_of(evidence.assessment)
    goal = next(
        g for g in framework.goals if any(o.code == evidence.outcome_code for o in g.outcomes)
    )
    if goal.per_service and "service" in fields and fields["service"] is None:
        raise ValidationError({"service": _("Choose the service this evidence is about.")})
    title = (fields.get("title", evidence.title) or "").strip()
    if not title:
        raise ValidationError({"title": _("Enter a title for the evidence")})
    fields["title"] = title
    _check_content(
        evidence.kind, fields.get("text", evidence.text), fields.get("url", evidence.url)
    )
    before = {name: _plain(getattr(evidence, name)) for name in fields}
    for name, value in fields.items():
        setattr(evidence, name, list(value) if name in ("characteristics", "factors") else value)
    evidence.save()
    after = {name: _plain(getattr(evidence, name)) for name in fields}
    audit.record(
        "eds.evidence.changed",
        actor=actor,
        obj=evidence.assessment,
        before={"evidence": evidence.pk, **before},
        after={"evidence": evidence.pk, **after},
    )
    return evidence


def _plain(value):
    return str(value) if isinstance(value, Service) else value


@transaction.atomic
def remove(evidence: Evidence, actor) -> None:
    _require_editable(evidence.assessment)
    audit.record(
        "eds.evidence.removed",
        actor=actor,
        obj=evidence.assessment,
        before={"outcome": evidence.outcome_code, "title": evidence.title},
    )
    evidence.delete()


@dataclass(frozen=True)
class CoverageRow:
    outcome_code: str
    statement: str
    covered: tuple[bool, ...]
    evidence_count: int
    coverage_word: str  # all / most / some / few
    suggested_grade: str | None  # grade name, advice only


def coverage_word(covered: int, of: int) -> str:
    """all = every protected characteristic; most = more than half; some = at least two."""
    if covered >= of:
        return "all"
    if covered * 2 > of:
        return "most"
    if covered >= 2:
        return "some"
    return "few"


def coverage(assessment: Assessment) -> tuple[list[tuple[str, str]], list[CoverageRow]]:
    framework = framework_of(assessment)
    columns = characteristic_codes()
    protected = set(protected_codes())
    by_outcome: dict[str, list[Evidence]] = {}
    for ev in Evidence.objects.filter(assessment=assessment):
        by_outcome.setdefault(ev.outcome_code, []).append(ev)
    rows = []
    for outcome in framework.outcomes:
        items = by_outcome.get(outcome.code, [])
        tagged = {code for ev in items for code in ev.characteristics}
        word = coverage_word(len(tagged & protected), len(protected))
        suggestion = None
        if framework.coverage_rule is not None:
            grade = framework.suggested_grade(word if items else None)
            suggestion = grade.name if grade else None
        rows.append(
            CoverageRow(
                outcome.code,
                outcome.statement,
                tuple(code in tagged for code, _ in columns),
                len(items),
                word,
                suggestion,
            )
        )
    return columns, rows


def add_register_share(scope, assessment: Assessment, actor, code: str) -> Evidence:
    """The decision register's figures (EDS 2022 outcome 3B) as written evidence."""
    from .assessments import register_share

    rows = register_share(scope, assessment, code) or []
    text = "; ".join(f"{r.body} {r.year}: {r.share_text}" for r in rows)
    return add(
        assessment,
        actor,
        outcome_code=code,
        kind=Evidence.Kind.TEXT,
        title=_("Decisions with a completed equality and health inequalities assessment"),
        text=text or _("No decisions in the register yet."),
    )


def add_population_summary(assessment: Assessment, actor, code: str, service=None) -> Evidence:
    """Who lives in the areas served (Census 2021) as written evidence for Domain 1."""
    summary = population_summary(assessment, code)
    if summary is None:
        raise ValidationError(_("Choose the areas you serve and load the Census file first."))
    return add(
        assessment,
        actor,
        outcome_code=code,
        kind=Evidence.Kind.TEXT,
        title=_("Who lives in the areas we serve (Census 2021)"),
        text=summary_text(summary),
        characteristics=("race",),
        service=service,
    )
