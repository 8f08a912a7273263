"""EDS assessments: stage, grades, scores, rating, report links and the report itself."""

from ninja import Query, Router

from dueregard.eds.models import Assessment, Stage
from dueregard.eds.services import publication

from .. import presenters
from ..access import needs
from ..paging import ListParams, Page, get_one, paginate
from ..schemas import ERRORS, EdsAssessmentDetailOut, EdsAssessmentOut, ReportOut

router = Router(tags=["Equality Delivery System"])


class AssessmentFilters(ListParams):
    stage: str | None = None
    period: str | None = None


def _rows(request):
    return request.scope.query(Assessment).select_related("framework")


@router.get(
    "/assessments", response={200: Page[EdsAssessmentOut], **ERRORS}, url_name="eds_assessments"
)
@needs("read:eds", "eds.view")
def list_assessments(request, params: Query[AssessmentFilters]):
    """EDS assessments with stage, total score and overall rating (agreed grades once
    signed off). Filter by `stage` or `period` (e.g. 2025-26).

    Token scope: `read:eds`; role rule `eds.view`."""
    rows = _rows(request).order_by("-period", "title", "-revision", "pk")
    if params.stage:
        rows = rows.filter(stage=params.stage)
    if params.period:
        rows = rows.filter(period=params.period)
    return paginate(request, rows, params, presenters.eds_assessment, own="created_at")


@router.get(
    "/assessments/{assessment_id}",
    response={200: EdsAssessmentDetailOut, **ERRORS},
    url_name="eds_assessment",
)
@needs("read:eds", "eds.view")
def get_assessment(request, assessment_id: int):
    """One assessment with each outcome's organisation, panel and agreed grade, domain
    scores and links to its report. Token scope: `read:eds`; role rule `eds.view`."""
    row = get_one(request, Assessment, own="created_at", pk=assessment_id)
    return presenters.eds_assessment(row, detail=True)


@router.get(
    "/assessments/{assessment_id}/report",
    response={200: ReportOut, **ERRORS},
    url_name="eds_report",
)
@needs("read:eds", "eds.view")
def get_report(request, assessment_id: int):
    """The report as a structured document: the same blocks as the published page, PDF
    and JSON download. Token scope: `read:eds`; role rule `eds.view`."""
    row = request.scope.get_or_404(Assessment, pk=assessment_id)
    document = publication.build_document(row)
    return {
        "assessment_id": row.pk,
        "published": row.stage == Stage.PUBLISHED,
        "document": document.as_dict(),
    }
