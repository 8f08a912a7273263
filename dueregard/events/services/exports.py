"""Attendee lists: one iterator of rows, many formats (CSV, XLSX)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from ..models import Booking, BookingStatus

PERSONAL_COLUMNS = ("Name", "E-mail", "Accessibility needs")
COLUMNS = ("Session date", "Status", "Booked at", "Attended")


def attendee_rows(bookings: Iterable[Booking], *, personal: bool) -> Iterator[tuple[str, ...]]:
    """The header, then one row per booking; personal columns only when ``personal``."""
    yield (PERSONAL_COLUMNS if personal else ()) + COLUMNS
    for b in bookings:
        attended = {True: "Yes", False: "No", None: ""}[b.attended]
        common = (
            b.session.date.isoformat(),
            b.get_status_display(),
            b.created_at.strftime("%Y-%m-%d %H:%M"),
            attended,
        )
        if personal:
            yield (b.user.full_name, b.user.email, "; ".join(b.needs_list())) + common
        else:
            yield common


def export_bookings(queryset):
    return (
        queryset.exclude(status__in=[BookingStatus.CANCELLED, BookingStatus.LAPSED])
        .select_related("user", "session")
        .order_by("session__date", "created_at", "pk")
    )


def _safe(cell: str) -> str:
    """Stop spreadsheet formula injection from names people typed."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def to_csv(rows: Iterable[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_safe(str(c)) for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[tuple[str, ...]], title: str = "Attendees") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = title[:31]
    for i, row in enumerate(rows):
        sheet.append([_safe(str(c)) for c in row])
        if i == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORMATS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
