"""Importing an existing published EDS report: extract, parse and check for review; save only
when a person confirms. The file is read in a background job (``import_jobs``), which keeps
the review (``to_dict``) on a ``ReportImport``; the review page and the confirmation use
that stored review (``stored_review``) and never read the file again."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dueregard.background.limits import (
    LimitExceeded,
    Limits,
    check_document,
    check_size,
    check_text,
)
from dueregard.core.services import audit
from dueregard.frameworks.services import loader

from ..importing.extract import extract_candidates
from ..importing.parser import Problem, check_report, parse_report
from ..importing.per_service import ServiceGrade, service_grades
from ..importing.results import problem_from_dict, report_from_dict
from ..models import Assessment, Evidence, Grading, OutcomeLead, Service, Stage

MAX_REPORT_BYTES = 15 * 1024 * 1024


@dataclass(frozen=True)
class Review:
    parsed: object  # ParsedReport
    problems: list
    framework: object
    by_service: dict = field(default_factory=dict)  # outcome code -> its services' grades

    @property
    def to_acknowledge(self) -> list[tuple[str, object]]:
        """(key, problem) for each problem the person must acknowledge one by one before
        confirming: every error, and an organisation that does not match."""
        return [
            (problem_key(p), p)
            for p in self.problems
            if p.severity == "error" or p.kind == "organisation_mismatch"
        ]


def problem_key(problem) -> str:
    """A stable key for one problem of one review (the same text gives the same key)."""
    raw = f"{problem.kind}|{problem.outcome_code}|{problem.message}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def read_text(content: bytes, filename: str, framework_code: str | None = None) -> str:
    """The report's text, within the upload limits (run by the background job, never in a
    request). For a PDF, when the first extractor's text is unusable or finds no outcome,
    ``pdftotext`` (Debian's poppler-utils) is tried, and the text that finds more graded
    outcomes is kept. Raises ``ImportFileError`` or ``LimitExceeded`` (naming the limit)."""
    limits = Limits.from_settings()
    # Issue 23: the package's unpacked size before reading, the text's length after.
    check_document(content, filename, limits)
    candidates = extract_candidates(filename, content)
    for text in candidates:
        check_text(text, limits, filename)
    if framework_code is None or len(candidates) == 1:
        return candidates[0]
    framework = loader.definition(loader.current(framework_code))
    return max(candidates, key=lambda text: _graded(parse_report(text, framework)))


def check_upload(upload) -> bytes:
    """What the upload request checks before storing the file: its size (nothing parsed)."""
    if upload.size > MAX_REPORT_BYTES:
        raise ValidationError({"report": _("The report must be smaller than 15 MB.")})
    if not upload.size:
        raise ValidationError({"report": _("The selected file is empty.")})
    try:
        check_size(upload.size, Limits.from_settings(), upload.name)
    except LimitExceeded as exc:
        raise ValidationError({"report": str(exc)}) from exc
    return upload.read()


def _graded(parsed) -> tuple[int, int]:
    return (sum(1 for o in parsed.outcomes if o.grade), len(parsed.outcomes))


def review(
    text: str, framework_code: str, scope=None, filename: str = "", *, importing_for: str = ""
) -> Review:
    """Parse and check the text. ``importing_for`` (or the scope's organisation) is the
    organisation's name the report should name."""
    framework = loader.definition(loader.current(framework_code))
    parsed = parse_report(text, framework)
    by_service = per_service(text, parsed, framework)
    found = _explained_by_services(check_report(parsed, framework), by_service)
    if not parsed.outcomes and filename.lower().endswith(".pdf"):
        found.insert(
            0,
            Problem(
                None,
                "pdf_unusable",
                _(
                    "No outcome was found in the text of this PDF: its text layer may be "
                    "damaged. Upload the Word (DOCX) version or a plain text copy instead."
                ),
            ),
        )
    if not importing_for and scope is not None and scope.organisation is not None:
        importing_for = scope.organisation.name
    if importing_for:
        mismatch = organisation_mismatch(parsed.organisation, importing_for)
        if mismatch:
            found.insert(0, Problem(None, "organisation_mismatch", mismatch, "warning"))
    return Review(parsed, found, framework, by_service)


def review_to_dict(result: Review) -> dict:
    """What the background job stores for the review page and the confirmation."""
    return {
        "parsed": result.parsed.to_dict(),
        "problems": [p.to_dict() for p in result.problems],
        "by_service": {
            code: [{"service": g.service, "grade": g.grade, "reasons": g.reasons} for g in grades]
            for code, grades in result.by_service.items()
        },
    }


def stored_review(stored: dict, framework_code: str) -> Review:
    """The review the background job stored, rebuilt without reading the file again."""
    return Review(
        report_from_dict(stored["parsed"]),
        [problem_from_dict(p) for p in stored.get("problems", ())],
        loader.definition(loader.current(framework_code)),
        {
            code: tuple(ServiceGrade(**g) for g in grades)
            for code, grades in stored.get("by_service", {}).items()
        },
    )


def per_service(text: str, parsed, framework) -> dict[str, tuple]:
    """Outcome code -> its services' grades, for outcomes of per-service domains whose
    section sets out one grade per service (EDS 2022 Domain 1)."""
    codes = {o.code for g in framework.goals if g.per_service for o in g.outcomes}
    found = {}
    for outcome in parsed.outcomes:
        if outcome.code in codes:
            grades = service_grades(text, outcome, framework)
            if grades:
                found.setdefault(outcome.code, grades)
    return found


def _explained_by_services(problems: list, by_service: dict) -> list:
    """ "Several grades" in a per-service section is no problem when each grade belongs to a
    service heading: each is imported as that service's grade."""
    return [
        p for p in problems if not (p.kind == "several_grades" and p.outcome_code in by_service)
    ]


_ORG_NOISE = re.compile(
    r"\b(nhs|trust|foundation|the|of|and|university|hospitals?|integrated|care|board)\b"
)


def _org_words(name: str) -> set[str]:
    return set(_ORG_NOISE.sub(" ", re.sub(r"[^a-z0-9 ]", " ", name.casefold())).split())


def organisation_mismatch(named: str, importing: str) -> str:
    """A warning when the report names another organisation than the one importing it."""
    if not named.strip():
        return ""
    mine, theirs = _org_words(importing), _org_words(named)
    if not mine or not theirs or mine & theirs:
        return ""
    return _(
        "The report names %(named)s, but you are importing it for %(importing)s. Check that "
        "this is your organisation's report."
    ) % {"named": named, "importing": importing}


@transaction.atomic
def confirm(
    scope,
    actor,
    *,
    result: Review,
    framework_code: str,
    period: str,
    filename: str,
    acknowledged: list[str] | tuple[str, ...] = (),
) -> Assessment:
    """Save the reviewed import as an assessment: its recorded grades, reasons, lead contacts
    and narrative (as written evidence), ready for the checks, sign-off and publication.

    Every error of the review (and an organisation mismatch) must be acknowledged by its
    key; the acknowledgements are kept in the audit trail. A section placed out of order
    (its statement matches an outcome that is not where it stands) is never saved.
    ``result`` is the review the person saw (``stored_review``): nothing is parsed here."""
    parsed = result.parsed
    if not any(o.grade for o in parsed.outcomes):
        raise ValidationError(
            _("No graded outcomes were recognised, so there is nothing to import.")
        )
    needed = result.to_acknowledge
    missing = [p for key, p in needed if key not in set(acknowledged)]
    if missing:
        raise ValidationError(
            {
                "acknowledged": _(
                    "Tick each problem to confirm you have checked it: %(count)s of "
                    "%(total)s not yet acknowledged."
                )
                % {"count": len(missing), "total": len(needed)}
            }
        )
    misplaced = {p.outcome_code for _key, p in needed if p.kind == "section_out_of_place"}
    by_service = result.by_service
    assessment = Assessment.objects.create(
        system=scope.system,
        organisation=scope.organisation,
        framework=loader.current(framework_code),
        title=parsed.title[:200] or f"Imported EDS report ({filename})"[:200],
        period=period,
        stage=Stage.AGREEMENT,
        imported=True,
        created_by=actor,
    )
    seen = set()
    for outcome in parsed.outcomes:
        if outcome.code in seen or outcome.code in misplaced:
            continue  # duplicates are reported in the review; the first section is used
        seen.add(outcome.code)
        if outcome.lead_contacts:
            OutcomeLead.objects.create(
                assessment=assessment,
                outcome_code=outcome.code,
                lead_contact="; ".join(c.name for c in outcome.lead_contacts if c.name)[:200],
                role="; ".join(c.role for c in outcome.lead_contacts if c.role)[:200],
            )
        if outcome.narrative:
            Evidence.objects.create(
                assessment=assessment,
                outcome_code=outcome.code,
                kind=Evidence.Kind.TEXT,
                title=(
                    "Narrative from the imported report "
                    f"(lines {outcome.start_line} to {outcome.end_line})"
                ),
                text=outcome.narrative,
                added_by=actor,
            )
        if outcome.code in by_service:
            _save_service_grades(assessment, actor, outcome.code, by_service[outcome.code])
        elif outcome.grade:
            reasons = {r.factor: r.text for r in outcome.reasons}
            if outcome.summary:
                reasons["summary"] = outcome.summary
            Grading.objects.create(
                assessment=assessment,
                outcome_code=outcome.code,
                source=Grading.Source.IMPORTED,
                grade_code=outcome.grade,
                reasons=reasons,
                recorded_by=actor,
            )
    audit.record(
        "eds.report.imported",
        actor=actor,
        obj=assessment,
        after={
            "file": filename,
            "outcomes": len(seen),
            "graded": sum(1 for o in parsed.outcomes if o.grade),
            "problems": len(result.problems),
            "acknowledged": [p.message for _key, p in needed],
        },
    )
    return assessment


def _save_service_grades(assessment: Assessment, actor, code: str, grades) -> None:
    """One imported grade per service (the services are created as the report names them);
    each service's text under its grade is kept as its reasons."""
    for item in grades:
        service, _created = Service.objects.get_or_create(
            assessment=assessment, name=item.service[:200]
        )
        Grading.objects.create(
            assessment=assessment,
            outcome_code=code,
            service=service,
            source=Grading.Source.IMPORTED,
            grade_code=item.grade,
            reasons={"summary": item.reasons} if item.reasons else {},
            recorded_by=actor,
        )
