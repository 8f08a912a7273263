"""Workshops: series and sessions with places left; book a place for the token's person."""

from ninja import Query, Router, Status

from dueregard.core.requests import site_url
from dueregard.events.models import Series, Session
from dueregard.events.services import booking

from .. import presenters
from ..access import needs, require_for
from ..paging import ListParams, Page, get_one, paginate
from ..schemas import ERRORS, BookingIn, BookingOut, SeriesOut, SessionOut

router = Router(tags=["Workshops"])


class SessionFilters(ListParams):
    series_id: int | None = None


@router.get("/series", response={200: Page[SeriesOut], **ERRORS}, url_name="event_series_list")
@needs("read:events")
def list_series(request, params: Query[ListParams]):
    """Workshop series run by the token's organisation or open to it.

    Token scope: `read:events`."""
    rows = request.scope.query(Series).order_by("title", "pk")
    return paginate(request, rows, params, presenters.series, own="created_at")


@router.get("/series/{series_id}", response={200: SeriesOut, **ERRORS}, url_name="event_series")
@needs("read:events")
def get_series(request, series_id: int):
    """One workshop series. Token scope: `read:events`."""
    return presenters.series(get_one(request, Series, own="created_at", pk=series_id))


@router.get("/sessions", response={200: Page[SessionOut], **ERRORS}, url_name="event_sessions")
@needs("read:events")
def list_sessions(request, params: Query[SessionFilters]):
    """Sessions with places left and people waiting. Filter by `series_id`.

    Token scope: `read:events`."""
    rows = request.scope.query(Session).select_related("series").order_by("date", "pk")
    if params.series_id is not None:
        rows = rows.filter(series_id=params.series_id)
    return paginate(request, rows, params, presenters.session, own="created_at")


@router.get(
    "/sessions/{session_id}", response={200: SessionOut, **ERRORS}, url_name="event_session"
)
@needs("read:events")
def get_session(request, session_id: int):
    """One session with places left. Token scope: `read:events`."""
    return presenters.session(get_one(request, Session, own="created_at", pk=session_id))


@router.post(
    "/sessions/{session_id}/bookings",
    response={200: BookingOut, 201: BookingOut, **ERRORS},
    url_name="event_book",
)
@needs("write:bookings", "events.book")
def book(request, session_id: int, payload: BookingIn):
    """Book a place for the token's person, through the same booking service as the web:
    a full session (or one with people waiting) puts them on the waiting list, and the
    confirmation e-mail is sent. 201 for a new booking, 200 if they already had one.

    Token scope: `write:bookings`; role rule `events.book`. Audited."""
    session = request.scope.get_or_404(Session, pk=session_id)
    require_for(request, "events.book", session.series)
    outcome = booking.book(
        session,
        request.user,
        access_needs=booking.clean_needs(payload.bsl, payload.captions, payload.other),
        organisation=request.scope.organisation,
        group=payload.group,
        base_url=site_url(request),
        request=request,
    )
    return Status(201 if outcome.created else 200, presenters.booking(outcome))
