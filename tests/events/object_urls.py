"""Object URLs of the events app, with factories making one object in a given organisation."""

from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant
from dueregard.events.models import Booking, BookingStatus

from .helpers import make_series, make_session

# The isolation test later gives this person every role in organisation B and checks
# they reach the object: make the bookings theirs, so owner-only pages answer 200.
OWNER_B = "everything.b@example.nhs.uk"


def _series(org, make_user):
    return make_series(org)


def _session(org, make_user):
    return make_session(make_series(org))


def _booking(org, make_user):
    user = make_user(OWNER_B)
    grant(user, Role.STAFF, organisation=org)
    return Booking.objects.create(
        session=make_session(make_series(org)),
        user=user,
        status=BookingStatus.CONFIRMED,
        attended=True,
    )


def _offered(org, make_user):
    booking = _booking(org, make_user)
    booking.status = BookingStatus.OFFERED
    booking.save()
    return booking


def _session_fmt(org, make_user):
    return {"pk": _session(org, make_user).pk, "fmt": "csv"}


def _series_fmt(org, make_user):
    return {"pk": _series(org, make_user).pk, "fmt": "xlsx"}


def _agenda_item(org, make_user):
    import datetime as dt

    from dueregard.events.models import AgendaItem

    return AgendaItem.objects.create(
        session=_session(org, make_user),
        starts_at=dt.time(10, 0),
        ends_at=dt.time(11, 0),
        title="Welcome",
    )


OBJECT_URL_FACTORIES = {
    "events:agenda": (_session, "get"),
    "events:agenda-remove": (_agenda_item, "post"),
    "events:series": (_series, "get"),
    "events:reach": (_series, "get"),
    "events:session-create": (_series, "get"),
    "events:series-feedback": (_series, "get"),
    "events:series-export": (_series_fmt, "get"),
    "events:session": (_session, "get"),
    "events:book": (_session, "post"),
    "events:attendees": (_session, "get"),
    "events:invite": (_session, "get"),
    "events:session-feedback": (_session, "get"),
    "events:session-export": (_session_fmt, "get"),
    "events:booking": (_booking, "get"),
    "events:cancel": (_booking, "get"),
    "events:accept": (_offered, "post"),
    "events:calendar": (_booking, "get"),
    "events:evaluate": (_booking, "get"),
    "events:certificate": (_booking, "get"),
    "events:series-edit": (_series, "get"),
    "events:series-cancel": (_series, "get"),
    "events:session-edit": (_session, "get"),
    "events:session-cancel": (_session, "get"),
    "events:check-in": (_session, "get"),
    "events:message": (_session, "get"),
    "events:move": (_booking, "get"),
    "events:remove": (_booking, "get"),
}
