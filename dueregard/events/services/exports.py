"""Attendee lists: one iterator of rows, many formats (CSV, XLSX)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dueregard.publishing.tabular import FORMATS, to_csv, to_xlsx

from ..models import Booking, BookingStatus

PERSONAL_COLUMNS = ("Name", "E-mail", "Accessibility needs")
COLUMNS = ("Organisation", "Session date", "Status", "Booked at", "Attended")


def attendee_rows(
    bookings: Iterable[Booking], *, personal: bool, questions: Iterable[str] = ()
) -> Iterator[tuple[str, ...]]:
    """The header, then one row per booking; personal columns (and the answers to the
    series' booking ``questions``, which may be personal) only when ``personal``."""
    questions = tuple(questions) if personal else ()
    yield (PERSONAL_COLUMNS if personal else ()) + COLUMNS + questions
    for b in bookings:
        attended = {True: "Yes", False: "No", None: ""}[b.attended]
        common = (
            b.organisation.name if b.organisation else "",
            b.session.date.isoformat(),
            b.get_status_display(),
            b.created_at.strftime("%Y-%m-%d %H:%M"),
            attended,
        )
        if personal:
            answers = tuple((b.answers or {}).get(q, "") for q in questions)
            yield (b.user.full_name, b.user.email, "; ".join(b.needs_list())) + common + answers
        else:
            yield common


def export_bookings(queryset):
    return (
        queryset.exclude(status__in=[BookingStatus.CANCELLED, BookingStatus.LAPSED])
        .select_related("user", "session", "organisation")
        .order_by("session__date", "created_at", "pk")
    )


# The writers live in publishing, shared by every app's exports.
__all__ = ["FORMATS", "attendee_rows", "export_bookings", "to_csv", "to_xlsx"]
