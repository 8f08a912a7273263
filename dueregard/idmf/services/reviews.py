"""Reviews and actions that are due, and the reminders e-mailed to their owners."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from dueregard.core.requests import absolute_url
from dueregard.core.services import audit, notifications

from ..models import Assessment


def due_reviews(assessments: QuerySet, today: dt.date | None = None) -> QuerySet:
    """Current, signed-off versions whose review date has come."""
    today = today or timezone.localdate()
    return (
        assessments.filter(signed_off_at__isnull=False, review_date__lte=today)
        .exclude(decision__assessments__version__gt=F("version"))
        .select_related("decision", "decision__owner", "signed_off_by")
        .order_by("review_date")
    )


def overdue_actions(actions: QuerySet, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return actions.filter(completed_on__isnull=True, due_date__lt=today).select_related(
        "assessment__decision"
    )


def send_review_reminders(today: dt.date | None = None, base_url: str = "") -> int:
    """E-mail the owner (and the decision maker who signed off) of each review that is due.

    Each version is reminded once; run daily (``manage.py idmf_review_reminders``). The
    link is absolute: ``base_url`` when given, else the site's address (``SITE_URL``).
    """
    today = today or timezone.localdate()
    sent = 0
    for assessment in due_reviews(Assessment.objects.all(), today).filter(
        reminder_sent_on__isnull=True
    ):
        decision = assessment.decision
        recipients = {decision.owner.email}
        if assessment.signed_off_by is not None:
            recipients.add(assessment.signed_off_by.email)
        open_actions = list(assessment.actions.filter(completed_on__isnull=True))
        for email in sorted(recipients):
            notifications.send(
                email,
                "idmf_review_due",
                {
                    "decision": decision,
                    "assessment": assessment,
                    "open_actions": open_actions,
                    "link": _link(decision, base_url),
                },
                organisation=decision.organisation,
            )
        assessment.reminder_sent_on = today
        assessment.save(update_fields=["reminder_sent_on"])
        audit.record(
            "idmf.review.reminded",
            obj=decision,
            after={"version": assessment.version, "recipients": len(recipients)},
        )
        sent += 1
    return sent


def _link(decision, base_url: str = "") -> str:
    path = reverse("idmf:detail", args=[decision.pk])
    return base_url.rstrip("/") + path if base_url else absolute_url(path)
