"""Builders for reach tests: bookings and nominations with voluntary monitoring."""

from dueregard.awards.models import Monitoring as NomineeMonitoring
from dueregard.awards.models import Nomination, NomineeKind, Stage
from dueregard.core.models import User
from dueregard.events.models import Booking, BookingStatus
from dueregard.events.models import Monitoring as BookingMonitoring
from dueregard.frameworks.services.characteristics import current

_made = [0]


def person(org=None) -> User:
    _made[0] += 1
    return User.objects.create_user(
        f"reach.{_made[0]}@example.nhs.uk", "correct horse battery", full_name=f"P {_made[0]}"
    )


def book(session, *, attended=None, codes=None, ethnic="", org=None, status=None):
    booking = Booking.objects.create(
        session=session,
        user=person(),
        status=status or BookingStatus.CONFIRMED,
        confirmed_at=session.created_at,
        attended=attended,
        organisation=org or session.series.organisation,
    )
    if codes is not None or ethnic:
        BookingMonitoring.objects.create(
            booking=booking, framework=current(), codes=codes or [], ethnic_group=ethnic
        )
    return booking


def nominate(rnd, nominator, *, stage=Stage.NOT_SHORTLISTED, codes=None, ethnic="", kind=None):
    _made[0] += 1
    nomination = Nomination.objects.create(
        round=rnd,
        category=rnd.categories.first(),
        nominator=nominator,
        nominator_organisation=rnd.organisation,
        kind=kind or NomineeKind.INDIVIDUAL,
        nominee_name=f"Nominee {_made[0]}",
        nominee_email=f"nominee.{_made[0]}@example.nhs.uk",
        nominee_job_title="Nurse",
        nominee_organisation=rnd.organisation,
        stage=stage,
        reference=f"R-{_made[0]:05d}",
    )
    if codes is not None or ethnic:
        NomineeMonitoring.objects.create(
            nomination=nomination, framework=current(), codes=codes or [], ethnic_group=ethnic
        )
    return nomination
