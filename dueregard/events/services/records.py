"""On the day and after: the attendance register, evaluations, certificates."""

from __future__ import annotations

from statistics import mean

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dueregard.core.services import audit
from dueregard.publishing.document import Document, Paragraph, SummaryList

from ..models import Booking, BookingStatus, Evaluation, Session


@transaction.atomic
def mark_attendance(session: Session, present_ids: set[int], *, actor, request=None) -> int:
    """Everyone booked is marked present (ticked) or absent (not ticked)."""
    changed = 0
    for booking in session.bookings.filter(status=BookingStatus.CONFIRMED):
        attended = booking.pk in present_ids
        if booking.attended != attended:
            before = booking.attended
            booking.attended = attended
            booking.save(update_fields=["attended"])
            audit.record(
                "events.attendance.marked",
                actor=actor,
                obj=booking,
                organisation=session.series.organisation,
                system=session.series.system,
                before={"attended": before},
                after={"attended": attended},
                request=request,
            )
            changed += 1
    return changed


def can_evaluate(booking: Booking) -> bool:
    return booking.status == BookingStatus.CONFIRMED and bool(booking.attended)


@transaction.atomic
def record_evaluation(booking: Booking, *, actor, request=None, **answers) -> Evaluation:
    if not can_evaluate(booking):
        raise ValidationError("Only people marked as attending can give feedback.")
    if Evaluation.objects.filter(booking=booking).exists():
        raise ValidationError("You have already given feedback on this session. Thank you.")
    evaluation = Evaluation.objects.create(booking=booking, created_at=timezone.now(), **answers)
    audit.record(
        "events.evaluation.submitted",
        actor=actor,
        obj=booking,
        organisation=booking.session.series.organisation,
        system=booking.session.series.system,
        request=request,
    )
    return evaluation


RATING_QUESTIONS = [
    ("overall", "Overall, how good was the workshop?"),
    ("usefulness", "How useful will it be in your work?"),
    ("confidence", "How confident do you now feel applying what you learned?"),
]


def summary(evaluations) -> dict:
    """Counts and averages per question, and what people will do differently."""
    rows = list(evaluations)
    questions = []
    for name, text in RATING_QUESTIONS:
        values = [getattr(e, name) for e in rows]
        questions.append(
            {
                "name": name,
                "text": text,
                "mean": f"{mean(values):.1f}" if values else "–",
                "counts": [sum(1 for v in values if v == score) for score in range(1, 6)],
            }
        )
    return {
        "responses": len(rows),
        "questions": questions,
        "actions": [e.do_differently for e in rows if e.do_differently],
    }


def certificate(booking: Booking) -> Document:
    if not can_evaluate(booking):
        raise ValidationError("Certificates are only for people marked as attending.")
    session = booking.session
    series = session.series
    name = booking.user.full_name or booking.user.email
    return Document(
        title="Certificate of attendance",
        subtitle=series.title,
        blocks=(
            Paragraph(
                f"This certifies that {name} attended {series.title} on "
                f"{session.date:%-d %B %Y}, {session.starts_at:%H:%M} to {session.ends_at:%H:%M}."
            ),
            SummaryList(
                rows=(
                    ("Attendee", name),
                    ("Workshop", series.title),
                    ("Date", f"{session.date:%-d %B %Y}"),
                    ("Facilitated by", session.facilitators or "–"),
                    ("Organised by", series.organisation.name if series.organisation else ""),
                )
            ),
        ),
        metadata={"organisation": str(series.organisation or "")},
    )
