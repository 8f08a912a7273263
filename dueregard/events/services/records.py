"""On the day and after: the attendance register, evaluations, certificates."""

from __future__ import annotations

from statistics import mean

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def has_evaluated(booking: Booking) -> bool:
    return Evaluation.objects.filter(booking=booking).exists()


def can_evaluate(booking: Booking) -> bool:
    return booking.status == BookingStatus.CONFIRMED and bool(booking.attended)


@transaction.atomic
def record_evaluation(booking: Booking, *, actor, request=None, **answers) -> Evaluation:
    if not can_evaluate(booking):
        raise ValidationError(_("Only people marked as attending can give feedback."))
    if Evaluation.objects.filter(booking=booking).exists():
        raise ValidationError(_("You have already given feedback on this session. Thank you."))
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
    ("overall", gettext_lazy("Overall, how good was the workshop?")),
    ("usefulness", gettext_lazy("How useful will it be in your work?")),
    ("confidence", gettext_lazy("How confident do you now feel applying what you learned?")),
]


def feedback_threshold() -> int:
    """The fewest responses before any rating or free text is shown (default 5)."""
    return int(getattr(settings, "EVENTS_FEEDBACK_MIN_RESPONSES", 5))


def summary(evaluations) -> dict:
    """Counts and averages per question, and what people will do differently.

    Below the threshold nothing but the number of responses is shown, so no summary can
    be read back to one person's answers (``shown`` is False).
    """
    rows = list(evaluations)
    threshold = feedback_threshold()
    if len(rows) < threshold:
        return {
            "responses": len(rows),
            "shown": False,
            "threshold": threshold,
            "questions": [],
            "actions": [],
            "comments": [],
        }
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
        "shown": True,
        "threshold": threshold,
        "questions": questions,
        "actions": sorted(e.do_differently for e in rows if e.do_differently),
        "comments": sorted(e.comments for e in rows if e.comments),
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
