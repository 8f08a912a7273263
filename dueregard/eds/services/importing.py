"""Importing an existing published EDS report: extract, parse and check for review; save only
when a person confirms. Nothing is written until then (the text waits in the session)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dueregard.background.limits import LimitExceeded, Limits, check_document, check_text
from dueregard.core.services import audit
from dueregard.frameworks.services import loader

from ..importing.extract import extract_candidates
from ..importing.parser import ImportFileError, Problem, check_report, parse_report
from ..models import Assessment, Evidence, Grading, OutcomeLead, Stage

MAX_REPORT_BYTES = 15 * 1024 * 1024


@dataclass(frozen=True)
class Review:
    parsed: object  # ParsedReport
    problems: list
    framework: object

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


def read_upload(upload, framework_code: str | None = None) -> str:
    """The report's text. For a PDF, when the first extractor's text is unusable or finds
    no outcome, ``pdftotext`` (Debian's poppler-utils) is tried, and the text that finds
    more graded outcomes is kept."""
    if upload.size > MAX_REPORT_BYTES:
        raise ValidationError({"report": _("The report must be smaller than 15 MB.")})
    content = upload.read()
    limits = Limits.from_settings()
    try:
        # Issue 23: the package's unpacked size before reading, the text's length after.
        check_document(content, upload.name, limits)
        candidates = extract_candidates(upload.name, content)
        for text in candidates:
            check_text(text, limits, upload.name)
    except (ImportFileError, LimitExceeded) as exc:
        raise ValidationError({"report": str(exc)}) from exc
    if framework_code is None or len(candidates) == 1:
        return candidates[0]
    framework = loader.definition(loader.current(framework_code))
    return max(candidates, key=lambda text: _graded(parse_report(text, framework)))


def _graded(parsed) -> tuple[int, int]:
    return (sum(1 for o in parsed.outcomes if o.grade), len(parsed.outcomes))


def review(text: str, framework_code: str, scope=None, filename: str = "") -> Review:
    framework = loader.definition(loader.current(framework_code))
    parsed = parse_report(text, framework)
    found = check_report(parsed, framework)
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
    if scope is not None and scope.organisation is not None:
        mismatch = organisation_mismatch(parsed.organisation, scope.organisation.name)
        if mismatch:
            found.insert(0, Problem(None, "organisation_mismatch", mismatch, "warning"))
    return Review(parsed, found, framework)


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
    text: str,
    framework_code: str,
    period: str,
    filename: str,
    acknowledged: list[str] | tuple[str, ...] = (),
) -> Assessment:
    """Save the reviewed import as an assessment: its recorded grades, reasons, lead contacts
    and narrative (as written evidence), ready for the checks, sign-off and publication.

    Every error of the review (and an organisation mismatch) must be acknowledged by its
    key; the acknowledgements are kept in the audit trail. A section placed out of order
    (its statement matches an outcome that is not where it stands) is never saved."""
    result = review(text, framework_code, scope, filename)
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
        if outcome.grade:
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
