"""One iterator of rows, many formats."""

import io

from openpyxl import load_workbook

from dueregard.events.services import booking as svc
from dueregard.events.services.exports import attendee_rows, export_bookings, to_csv, to_xlsx


def test_rows_with_and_without_personal_data(session, people):
    a, b = people(2)
    svc.book(session, a, access_needs=svc.clean_needs(captions=True))
    svc.book(session, b)
    rows = list(attendee_rows(export_bookings(session.bookings.all()), personal=True))
    assert rows[0][:3] == ("Name", "E-mail", "Accessibility needs")
    assert rows[1][1] == a.email and rows[1][2] == "Live captions"
    anonymous = list(attendee_rows(export_bookings(session.bookings.all()), personal=False))
    assert all(a.email not in cell for row in anonymous for cell in row)


def test_csv_and_xlsx_say_the_same(session, people):
    (a,) = people(1)
    a.full_name = "=HYPERLINK(1)"
    a.save()
    svc.book(session, a)
    rows = list(attendee_rows(export_bookings(session.bookings.all()), personal=True))
    text = to_csv(rows).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    sheet = load_workbook(io.BytesIO(to_xlsx(rows))).active
    assert [c.value for c in sheet[1]] == list(rows[0])
    assert sheet["A2"].value == "'=HYPERLINK(1)"
