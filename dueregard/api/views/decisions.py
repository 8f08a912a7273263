"""The decision register: read it, and add a decision from a board-paper system."""

from ninja import Query, Router, Status

from dueregard.idmf.forms import DecisionForm
from dueregard.idmf.models import Decision
from dueregard.idmf.services import decisions

from .. import presenters
from ..access import needs
from ..forms import validated
from ..paging import ListParams, Page, get_one, paginate
from ..schemas import ERRORS, DecisionDetailOut, DecisionIn, DecisionOut

router = Router(tags=["Decision register"])


class DecisionFilters(ListParams):
    status: str | None = None


@router.get("", response={200: Page[DecisionOut], **ERRORS}, url_name="decisions")
@needs("read:decisions", "idmf.view")
def list_decisions(request, params: Query[DecisionFilters]):
    """The register: status, screening and assessment, sign-off, review dates.

    Filter by `status` (screening, screened_out, in_progress, signed_off).
    Token scope: `read:decisions`; role rule `idmf.view`."""
    # current_assessment() per row without a query per row
    rows = decisions.register_rows(request.scope).order_by("-created_at", "pk")
    if params.status:
        rows = rows.filter(status=params.status)
    return paginate(request, rows, params, presenters.decision, own="updated_at")


@router.get("/{decision_id}", response={200: DecisionDetailOut, **ERRORS}, url_name="decision")
@needs("read:decisions", "idmf.view")
def get_decision(request, decision_id: int):
    """One decision with every assessment version and, if published, its public summary.

    Token scope: `read:decisions`; role rule `idmf.view`."""
    row = get_one(request, Decision, own="updated_at", pk=decision_id)
    return presenters.decision_detail(row)


@router.post("", response={201: DecisionDetailOut, **ERRORS}, url_name="create_decision")
@needs("write:decisions", "idmf.create")
def create_decision(request, payload: DecisionIn):
    """Add a proposal to the register (the token's person becomes its owner), with the same
    checks as the web form. Screening and the assessment happen in dueregard.

    Token scope: `write:decisions`; role rule `idmf.create`. Audited."""
    data = validated(DecisionForm, payload.dict())
    scope = request.scope
    row = decisions.create_decision(
        actor=request.user,
        system=scope.system,
        organisation=scope.organisation,
        request=request,
        **data,
    )
    return Status(201, presenters.decision_detail(row))
