"""Network development days (issue 19): registration by staff network, places per
organisation, and the agenda (sessions, speakers, breakout rooms)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from dueregard.core.services import audit

from .. import groups
from ..models import AgendaItem, Booking, BookingStatus, Series, Session


class NetworkDayRefused(ValidationError):
    """Raised under the session lock; the booking view shows it on the form."""


def check_network_day(series: Series, user, organisation, group: str) -> None:
    """A network development day: the group must be one the person may register with, and
    the organisation must have a place left of its share (counted under the session lock).
    """
    if series.register_by_group and group not in groups.choices(series, user):
        raise NetworkDayRefused({"group": _("Choose the staff network you are registering with")})
    cap = series.places_per_organisation
    if cap is None or organisation is None:
        return
    held = Booking.objects.filter(
        session__series=series,
        organisation=organisation,
        status__in=[BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITING],
    ).count()
    if held >= cap:
        raise NetworkDayRefused(
            _(
                "All %(cap)d places for %(organisation)s are taken. Ask the organisers if"
                " another place can be found."
            )
            % {"cap": cap, "organisation": organisation.name}
        )


@transaction.atomic
def add_agenda_item(session: Session, *, actor, request=None, **data) -> AgendaItem:
    if data["ends_at"] <= data["starts_at"]:
        raise ValidationError({"ends_at": _("The end time must be after the start time")})
    if data["starts_at"] < session.starts_at or data["ends_at"] > session.ends_at:
        raise ValidationError(
            _("Agenda items must fit within the day: %(start)s to %(end)s")
            % {
                "start": session.starts_at.strftime("%H:%M"),
                "end": session.ends_at.strftime("%H:%M"),
            }
        )
    same_room = session.agenda.filter(
        room__iexact=data.get("room", ""),
        starts_at__lt=data["ends_at"],
        ends_at__gt=data["starts_at"],
    )
    if same_room.exists():
        raise ValidationError(
            _("%(title)s is already in this room at that time: choose another room for a breakout")
            % {"title": same_room.first().title}
        )
    item = AgendaItem.objects.create(session=session, **data)
    audit.record(
        "events.agenda.added",
        actor=actor,
        obj=session.series,
        after={"session": str(session.date), "item": item.title, "room": item.room},
        request=request,
    )
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem, *, actor, request=None) -> None:
    series = item.session.series
    audit.record(
        "events.agenda.removed",
        actor=actor,
        obj=series,
        before={"item": item.title},
        request=request,
    )
    item.delete()


def agenda_slots(session: Session) -> list[dict]:
    """The agenda by time: each slot's items side by side (breakouts share a slot)."""
    slots: dict[tuple, list[AgendaItem]] = {}
    for item in session.agenda.all():
        slots.setdefault((item.starts_at, item.ends_at), []).append(item)
    return [
        {"starts_at": start, "ends_at": end, "items": items, "breakout": len(items) > 1}
        for (start, end), items in slots.items()
    ]


def registrations_by_group(session: Session) -> list[dict]:
    """Confirmed and waiting registrations per staff network (for the organisers)."""
    rows = (
        session.bookings.filter(
            status__in=[BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITING]
        )
        .values("group")
        .annotate(n=Count("pk"))
        .order_by("group")
    )
    return [{"group": r["group"] or _("No network given"), "n": r["n"]} for r in rows]


def places_by_organisation(series: Series) -> list[dict]:
    rows = (
        Booking.objects.filter(
            session__series=series,
            status__in=[BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITING],
        )
        .values("organisation__name")
        .annotate(n=Count("pk"))
        .order_by("organisation__name")
    )
    return [{"organisation": r["organisation__name"] or "", "n": r["n"]} for r in rows]
