"""Award rounds and their public winners (only winners who approved their citation)."""

from ninja import Query, Router

from dueregard.awards.models import Round
from dueregard.awards.services import decisions

from .. import presenters
from ..access import needs
from ..paging import ListParams, Page, paginate
from ..schemas import ERRORS, RoundOut, WinnersOut

router = Router(tags=["Awards"])


@router.get("/rounds", response={200: Page[RoundOut], **ERRORS}, url_name="award_rounds")
@needs("read:awards", "awards.view")
def list_rounds(request, params: Query[ListParams]):
    """Award rounds run by, or open to, the token's organisation.

    Token scope: `read:awards`; role rule `awards.view`."""
    rows = request.scope.query(Round).order_by("-opens_on", "title", "pk")
    return paginate(request, rows, params, presenters.award_round, own="created_at")


@router.get(
    "/rounds/{round_id}/winners", response={200: WinnersOut, **ERRORS}, url_name="award_winners"
)
@needs("read:awards", "awards.view")
def get_winners(request, round_id: int):
    """The public winners of a round once announced: exactly what the public winners page
    names (winners who approved their citation). Token scope: `read:awards`."""
    rnd = request.scope.get_or_404(Round, pk=round_id)
    winners = decisions.public_winners(rnd) if rnd.announced_at else []
    return {
        "round_id": rnd.pk,
        "announced": rnd.announced_at is not None,
        "winners": [presenters.winner(n) for n in winners],
    }
