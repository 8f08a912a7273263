"""Evidence: analyses' disclosure-controlled figures; upload a dataset, import it and start
an analysis through the same services as the web, polling their progress."""

import datetime as dt

from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from dueregard.evidence.models import Analysis, Dataset
from dueregard.evidence.services import analyses, datasets

from .. import presenters
from ..access import needs
from ..paging import ListParams, Page, get_one, paginate
from ..schemas import ERRORS, AnalysisIn, AnalysisOut, DatasetOut

router = Router(tags=["Evidence"])


class AnalysisFilters(ListParams):
    status: str | None = None


@router.get("/analyses", response={200: Page[AnalysisOut], **ERRORS}, url_name="analyses")
@needs("read:evidence", "evidence.view")
def list_analyses(request, params: Query[AnalysisFilters]):
    """Analyses with their disclosure-controlled figures only (small numbers suppressed,
    counts rounded), whatever the token's person may see in the app.

    Token scope: `read:evidence`; role rule `evidence.view`."""
    rows = request.scope.query(Analysis).order_by("-created_at", "pk")
    if params.status:
        rows = rows.filter(status=params.status)
    return paginate(request, rows, params, presenters.analysis, own="created_at")


@router.get("/analyses/{analysis_id}", response={200: AnalysisOut, **ERRORS}, url_name="analysis")
@needs("read:evidence", "evidence.view")
def get_analysis(request, analysis_id: int):
    """One analysis: poll `status` (queued, running, ready, failed) after starting it.

    Token scope: `read:evidence`; role rule `evidence.view`."""
    return presenters.analysis(get_one(request, Analysis, own="created_at", pk=analysis_id))


class UploadForm(Schema):
    name: str = Field(..., min_length=1, max_length=200, description="A name for the dataset.")
    kind: str = Field(..., description="What the file holds: a service or workforce kind.")
    period: str = Field(
        "", pattern=r"^(\d{4}-\d{2})?$", description="Reporting year of a workforce file."
    )
    retain_until: dt.date | None = Field(
        None, description="Keep the rows until this date (otherwise deleted after analysis)."
    )
    start_import: bool = Field(
        True, description="Start the import at once when every required column was found."
    )


@router.post("/datasets", response={201: DatasetOut, **ERRORS}, url_name="upload_dataset")
@needs("write:datasets", "evidence.analyse")
def upload_dataset(request, data: Form[UploadForm], file: File[UploadedFile]):
    """Upload a CSV, XLSX or Parquet file (multipart). The columns are matched as on the
    web; if every required column was found the import starts (all or nothing: either
    every row is imported or none, with what failed where). Poll the dataset's `status`
    and `progress`. Token scope: `write:datasets`; role rule `evidence.analyse`. Audited."""
    row = datasets.upload(
        request.scope,
        request.user,
        name=data.name,
        kind=data.kind,
        file=file,
        retain_until=data.retain_until,
        period=data.period,
    )
    # Issue 23: the file is read by a background check; the import starts here only once
    # it has been read (with a worker queue, poll `status` until "mapping", then import).
    if (
        data.start_import
        and row.status == Dataset.Status.MAPPING
        and not row.quality.get("missing_required")
    ):
        row = datasets.start_import(row, request.user)
    row.refresh_from_db()
    return Status(201, presenters.dataset(row))


@router.get("/datasets", response={200: Page[DatasetOut], **ERRORS}, url_name="datasets")
@needs("write:datasets", "evidence.analyse")
def list_datasets(request, params: Query[ListParams]):
    """Datasets (metadata only, never rows). Token scope: `write:datasets`."""
    rows = request.scope.query(Dataset).order_by("-created_at", "pk")
    return paginate(request, rows, params, presenters.dataset, own="created_at")


@router.get("/datasets/{dataset_id}", response={200: DatasetOut, **ERRORS}, url_name="dataset")
@needs("write:datasets", "evidence.analyse")
def get_dataset(request, dataset_id: int):
    """One dataset: poll `status` and `progress` during its import; `problems` says what
    failed where. Token scope: `write:datasets`; role rule `evidence.analyse`."""
    return presenters.dataset(get_one(request, Dataset, own="created_at", pk=dataset_id))


@router.post(
    "/datasets/{dataset_id}/import", response={202: DatasetOut, **ERRORS}, url_name="import"
)
@needs("write:datasets", "evidence.analyse")
def start_import(request, dataset_id: int):
    """Start (or retry) the import of an uploaded dataset. Token scope: `write:datasets`."""
    row = request.scope.get_or_404(Dataset, pk=dataset_id)
    row = datasets.start_import(row, request.user)
    row.refresh_from_db()
    return Status(202, presenters.dataset(row))


@router.post(
    "/datasets/{dataset_id}/analyses",
    response={202: AnalysisOut, **ERRORS},
    url_name="start_analysis",
)
@needs("write:datasets", "evidence.analyse")
def start_analysis(request, dataset_id: int, payload: AnalysisIn):
    """Start an analysis of an imported dataset (the same choices as the web). Poll the
    analysis for its status and figures. Token scope: `write:datasets`. Audited."""
    row = request.scope.get_or_404(Dataset, pk=dataset_id)
    analysis = analyses.request(
        row, request.user, kind=payload.kind, group=payload.group, also=payload.also
    )
    analysis.refresh_from_db()
    return Status(202, presenters.analysis(analysis))
