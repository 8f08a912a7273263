"""The shapes the API reads and writes (pydantic, via django-ninja): the OpenAPI document
is generated from these, and every response is validated against them."""

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from .problems import Problem

# Error responses every operation may give (RFC 9457 problem details).
ERRORS = {frozenset({400, 401, 403, 404, 422, 429}): Problem}


class OrganisationOut(Schema):
    id: int
    name: str
    ods_code: str
    type: str
    system_id: int
    is_active: bool


class SystemOut(Schema):
    id: int
    name: str
    code: str
    organisation_count: int


class AssessmentVersionOut(Schema):
    version: int
    screening_result: str = Field(description="'', 'relevant' or 'not_relevant'.")
    completed_steps: list[str]
    signed_off_at: dt.datetime | None
    signed_off_by: str | None
    review_date: dt.date | None


class DecisionOut(Schema):
    id: int
    title: str
    organisation_id: int | None = Field(description="Null for a system-wide decision.")
    system_id: int
    owner: str
    design_group: str
    decision_body: str
    decision_type: str
    date_needed: dt.date | None
    status: str = Field(description="screening, screened_out, in_progress or signed_off.")
    status_label: str
    current_version: int | None
    screening_result: str
    signed_off_at: dt.datetime | None
    review_date: dt.date | None
    is_published: bool
    public_summary_url: str | None = Field(description="The public summary page, if published.")
    created_at: dt.datetime
    last_changed: dt.datetime


class DecisionDetailOut(DecisionOut):
    versions: list[AssessmentVersionOut]
    public_summary: dict[str, Any] | None = Field(
        description="The published public summary as a structured document, if published."
    )


class DecisionIn(Schema):
    title: str = Field(description="The proposal's title.", max_length=200)
    decision_body: str = Field(description="The board or committee deciding.", max_length=160)
    decision_type: str = Field(
        description="service_change, workforce, policy, procurement, commissioning or other."
    )
    design_group: str = Field("", max_length=120)
    date_needed: dt.date | None = None


class OutcomeGradeOut(Schema):
    outcome_code: str
    service: str | None
    organisation_grade: str | None
    panel_grade: str | None
    agreed_grade: str | None
    disagreement: bool


class EdsAssessmentOut(Schema):
    id: int
    title: str
    period: str
    framework: str = Field(description="Framework code and version, e.g. eds2022@1.")
    level: str
    stage: str = Field(description="draft, evidence, grading, agreement, sign_off, published.")
    revision: int
    organisation_id: int | None
    system_id: int
    signed_off_at: dt.datetime | None
    published_at: dt.datetime | None
    total_score: float | None
    overall_rating: str | None
    public_report_url: str | None = Field(description="The published report page.")
    report_json_url: str = Field(description="The report as a structured document (JSON).")
    created_at: dt.datetime
    last_changed: dt.datetime


class EdsAssessmentDetailOut(EdsAssessmentOut):
    domain_scores: dict[str, float]
    outcomes: list[OutcomeGradeOut]
    frozen: bool = Field(description="True once signed off: the grades are the agreed record.")


class ReportOut(Schema):
    assessment_id: int
    published: bool
    document: dict[str, Any] = Field(description="The report's blocks: headings, tables, …")


class SeriesOut(Schema):
    id: int
    title: str
    description: str
    audience: str
    organisation_id: int | None
    one_per_person: bool
    created_at: dt.datetime
    last_changed: dt.datetime


class SessionOut(Schema):
    id: int
    series_id: int
    series_title: str
    date: dt.date
    starts_at: str = Field(description="Start time in UK time, e.g. 10:00.")
    ends_at: str = Field(description="End time in UK time, e.g. 16:00.")
    start: dt.datetime = Field(description="Start, with its UTC offset.")
    end: dt.datetime = Field(description="End, with its UTC offset.")
    mode: str
    venue: str
    capacity: int
    places_left: int
    waiting: int
    created_at: dt.datetime
    last_changed: dt.datetime


class BookingIn(Schema):
    bsl: bool = Field(False, description="Needs a British Sign Language interpreter.")
    captions: bool = Field(False, description="Needs live captions.")
    other: str = Field("", max_length=500, description="Any other access need.")
    group: str = Field(
        "",
        max_length=200,
        description="A network development day only: the staff network the person registers "
        "with (one the session page offers).",
    )


class BookingOut(Schema):
    id: int
    session_id: int
    status: str = Field(description="confirmed, waiting, offered, cancelled or lapsed.")
    status_label: str
    created: bool = Field(description="False when the person already had this booking.")


class RoundOut(Schema):
    id: int
    title: str
    opens_on: dt.date
    closes_on: dt.date
    announced_at: dt.datetime | None
    winners_url: str | None = Field(description="The public winners page, once announced.")
    created_at: dt.datetime
    last_changed: dt.datetime


class WinnerOut(Schema):
    category: str
    nominee_name: str
    nominee_organisation: str
    citation: str


class WinnersOut(Schema):
    round_id: int
    announced: bool
    winners: list[WinnerOut]


class AnalysisOut(Schema):
    id: int
    title: str
    kind: str
    dataset_id: int
    status: str = Field(description="queued, running, ready or failed.")
    error: str
    characteristics: list[str]
    figures: dict[str, Any] = Field(
        description="The disclosure-controlled readings and table (small numbers "
        "suppressed and rounded); empty until the analysis is ready."
    )
    computed_at: dt.datetime | None
    created_at: dt.datetime
    last_changed: dt.datetime


class DatasetOut(Schema):
    id: int
    name: str
    kind: str
    period: str
    original_name: str
    checksum: str
    status: str = Field(
        description="checking, mapping, queued, importing, ready, failed or disposed."
    )
    progress: int = Field(description="Import progress, in percent.")
    row_count: int
    mapping: dict[str, str]
    missing_required: list[str]
    problems_total: int
    problems: list[dict[str, Any]] = Field(
        description="What failed where: row, column and message (at most 100 listed)."
    )
    created_at: dt.datetime
    last_changed: dt.datetime


class AnalysisIn(Schema):
    kind: str = Field(description="The analysis, e.g. by_group, deprivation, wres.")
    group: str = Field("", description="The column to compare groups by, where needed.")
    also: list[int] = Field(
        default_factory=list, description="Other imported files of the same year to combine."
    )
