"""Importing an existing published EDS report: extract, parse and check for review; save only
when a person confirms. Nothing is written until then (the text waits in the session)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from dueregard.core.services import audit
from dueregard.frameworks.services import loader

from ..importing.parser import ImportFileError, check_report, extract_text, parse_report
from ..models import Assessment, Evidence, Grading, OutcomeLead, Stage

MAX_REPORT_BYTES = 15 * 1024 * 1024


@dataclass(frozen=True)
class Review:
    parsed: object  # ParsedReport
    problems: list
    framework: object


def read_upload(upload) -> str:
    if upload.size > MAX_REPORT_BYTES:
        raise ValidationError({"report": "The report must be smaller than 15 MB."})
    try:
        return extract_text(upload.name, upload.read())
    except ImportFileError as exc:
        raise ValidationError({"report": str(exc)}) from exc


def review(text: str, framework_code: str) -> Review:
    framework = loader.definition(loader.current(framework_code))
    parsed = parse_report(text, framework)
    return Review(parsed, check_report(parsed, framework), framework)


@transaction.atomic
def confirm(
    scope, actor, *, text: str, framework_code: str, period: str, filename: str
) -> Assessment:
    """Save the reviewed import as an assessment: its recorded grades, reasons, lead contacts
    and narrative (as written evidence), ready for the checks, sign-off and publication."""
    result = review(text, framework_code)
    parsed = result.parsed
    if not any(o.grade for o in parsed.outcomes):
        raise ValidationError("No graded outcomes were recognised, so there is nothing to import.")
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
        if outcome.code in seen:
            continue  # duplicates are reported in the review; the first section is used
        seen.add(outcome.code)
        if outcome.lead_contacts:
            OutcomeLead.objects.create(
                assessment=assessment,
                outcome_code=outcome.code,
                lead_contact="; ".join(
                    f"{c.name} ({c.role})" if c.role else c.name for c in outcome.lead_contacts
                )[:200],
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
        },
    )
    return assessment
