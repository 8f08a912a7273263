"""Running partnerships: meetings, check-in reminders, ending early, evaluation, summary."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.analytics.disclosure import suppress_counts
from dueregard.core.services import audit, notifications

from ..models import (
    Application,
    CheckIn,
    Evaluation,
    Meeting,
    PairStatus,
    Partnership,
    Programme,
    Side,
)
from .review import _record


@transaction.atomic
def log_meeting(pair: Partnership, *, actor, request=None, **values) -> Meeting:
    if pair.status != PairStatus.ACTIVE:
        raise ValidationError("Meetings can be logged once the pair has been introduced")
    meeting = Meeting.objects.create(partnership=pair, logged_by=actor, **values)
    _record(
        "mentoring.meeting_logged",
        pair,
        actor=actor,
        after={"meeting": meeting.pk, "date": meeting.date, "minutes": meeting.minutes},
        request=request,
    )
    return meeting


@transaction.atomic
def end_early(pair: Partnership, *, reason: str, actor, request=None) -> Partnership:
    """End a partnership before the programme ends; the reason is kept on the pair only."""
    if pair.status not in (PairStatus.ACTIVE, PairStatus.ACCEPTED):
        raise ValidationError("Only a running partnership can be ended")
    if not reason.strip():
        raise ValidationError("Give a reason for ending the partnership")
    before = pair.status
    pair.status, pair.end_reason, pair.ended_at = PairStatus.ENDED, reason, timezone.now()
    pair.save(update_fields=["status", "end_reason", "ended_at"])
    _record(
        "mentoring.ended_early",
        pair,
        actor=actor,
        before={"status": before},
        after={"status": pair.status, "reason_given": True},
        request=request,
    )
    return pair


@transaction.atomic
def evaluate(pair: Partnership, side: str, *, actor, request=None, **values) -> Evaluation:
    """One evaluation per side; the pair is completed when both sides have answered."""
    if pair.status not in (PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED):
        raise ValidationError(_("This partnership has not started"))
    if pair.status == PairStatus.ACTIVE:  # a pair that ended early may answer at once
        from .lifecycle import require_evaluation_open

        require_evaluation_open(Programme.objects.get(pk=pair.programme_id))
    if Evaluation.objects.filter(partnership=pair, side=side).exists():
        raise ValidationError(_("You have already sent your evaluation"))
    evaluation = Evaluation.objects.create(partnership=pair, side=side, **values)
    if pair.status == PairStatus.ACTIVE and pair.evaluations.count() == 2:
        pair.status = PairStatus.COMPLETED
        pair.save(update_fields=["status"])
    _record(
        "mentoring.evaluated",
        pair,
        actor=actor,
        after={"side": side, "rating": evaluation.rating, "status": pair.status},
        request=request,
    )
    return evaluation


def send_checkin_reminders(*, today=None, base_url: str = "") -> int:
    """E-mail both people at each due check-in point; each reminder is claimed once."""
    today = today or timezone.localdate()
    due = CheckIn.objects.filter(
        due_on__lte=today,
        reminder_sent_at__isnull=True,
        partnership__status=PairStatus.ACTIVE,
    ).select_related(
        "partnership__leader__user", "partnership__partner__user", "partnership__programme"
    )
    sent = 0
    for checkin in due:
        claimed = CheckIn.objects.filter(pk=checkin.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
        if not claimed:
            continue
        pair = checkin.partnership
        programme = pair.programme
        link = f"{base_url}/mentoring/partnerships/{pair.pk}/"
        for me, other in ((pair.leader, pair.partner), (pair.partner, pair.leader)):
            notifications.send(
                me.user.email,
                "mentoring_checkin",
                {
                    "checkin": checkin,
                    "me": me,
                    "other": other,
                    "programme": programme,
                    "link": link,
                },
                organisation=programme.organisation or programme.organiser_organisation,
            )
        audit.record(
            "mentoring.checkin_reminded",
            obj=pair,
            after={"month": checkin.month},
            object_repr=f"Pair {pair.pk} in {programme.title}",
            organisation=programme.organisation,
            system=programme.system,
        )
        sent += 1
    return sent


COUNT_LABELS = (
    ("leaders", "Leaders who applied"),
    ("partners", "Partners who applied"),
    ("pairs", "Pairs introduced"),
    ("active", "Partnerships running"),
    ("completed", "Partnerships completed"),
    ("ended", "Partnerships ended early"),
    ("meetings", "Meetings logged"),
    ("evaluations", "Evaluations received"),
)


def summary(programme: Programme, *, exact: bool) -> dict:
    """Counts, completion and evaluation ratings. ``exact=False`` (anyone beyond the
    organisers) applies small-number suppression and rounding to every count, and hides
    a rate or average computed from a suppressed count."""
    apps = Application.objects.filter(programme=programme, status=Application.Status.SUBMITTED)
    pairs = Partnership.objects.filter(
        programme=programme,
        status__in=[PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED],
    )
    evaluations = Evaluation.objects.filter(partnership__in=pairs)
    counts = {
        "leaders": apps.filter(side=Side.LEADER).count(),
        "partners": apps.filter(side=Side.PARTNER).count(),
        "pairs": pairs.count(),
        "active": pairs.filter(status=PairStatus.ACTIVE).count(),
        "completed": pairs.filter(status=PairStatus.COMPLETED).count(),
        "ended": pairs.filter(status=PairStatus.ENDED).count(),
        "meetings": Meeting.objects.filter(partnership__in=pairs).count(),
        "evaluations": evaluations.count(),
    }
    ratings = {}
    for side, label in Side.choices:
        values = list(evaluations.filter(side=side).values_list("rating", flat=True))
        recommend = evaluations.filter(side=side, would_recommend=True).count()
        ratings[side] = {"label": label, "n": len(values), "values": values, "recommend": recommend}
    finished = counts["completed"] + counts["ended"]
    completion = counts["completed"] / finished if finished else None

    if exact:
        shown = {k: str(v) for k, v in counts.items()}
        suppressed = False
    else:
        table = suppress_counts(list(counts.values()), total=False)
        published = table.published[0]
        shown = {
            k: ("*" if table.suppressed[0][i] else f"{published[i]:,.0f}")
            for i, k in enumerate(counts)
        }
        suppressed = bool(table.suppressed.any())

    def small(n: int) -> bool:
        return not exact and 1 <= n <= 7

    rows = [{"key": k, "label": label, "value": shown[k]} for k, label in COUNT_LABELS]
    rating_rows = []
    for side, info in ratings.items():
        hidden = small(info["n"]) or info["n"] == 0
        rating_rows.append(
            {
                "side": side,
                "label": info["label"],
                "n": "*" if small(info["n"]) else str(info["n"]) if exact else shown_n(info["n"]),
                "average": None if hidden else round(sum(info["values"]) / info["n"], 1),
                "recommend": None if hidden else round(100 * info["recommend"] / info["n"]),
                "distribution": (
                    [info["values"].count(r) for r in range(1, 6)] if exact and info["n"] else None
                ),
            }
        )
    return {
        "counts": counts if exact else None,
        "rows": rows,
        "ratings": rating_rows,
        "completion": (
            None
            if completion is None or small(counts["completed"]) or small(counts["ended"])
            else round(100 * completion)
        ),
        "exact": exact,
        "suppressed": suppressed,
    }


def shown_n(n: int) -> str:
    table = suppress_counts([n], total=False)
    return "*" if table.suppressed[0][0] else f"{table.published[0][0]:,.0f}"
