"""Workshops and events: what people booking see (``attendee``) and what organisers run
(``organise``). Each view loads through ``request.scope``, authorises with a named rule,
calls one service through ``core.form_actions`` and renders."""

from .agenda import agenda, agenda_remove
from .attendee import (
    accept,
    book,
    booking_detail,
    calendar,
    cancel,
    certificate,
    evaluate,
    index,
    own_bookings,
    series_detail,
    session_detail,
)
from .attendees import (
    attendees,
    check_in,
    invite,
    message,
    move,
    remove,
    series_export,
    series_feedback,
    session_export,
    session_feedback,
)
from .organise import (
    series_cancel,
    series_create,
    series_edit,
    session_cancel,
    session_create,
    session_edit,
)
from .reach import reach

__all__ = [
    "reach",
    "agenda",
    "agenda_remove",
    "accept",
    "attendees",
    "book",
    "booking_detail",
    "calendar",
    "cancel",
    "certificate",
    "check_in",
    "evaluate",
    "index",
    "invite",
    "message",
    "move",
    "own_bookings",
    "remove",
    "series_cancel",
    "series_create",
    "series_detail",
    "series_edit",
    "series_export",
    "series_feedback",
    "session_cancel",
    "session_create",
    "session_detail",
    "session_edit",
    "session_export",
    "session_feedback",
]
