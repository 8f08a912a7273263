"""Reviews and actions that are due, and the reminders e-mailed to their owners."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
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


def _claim(assessment: Assessment, today: dt.date) -> bool:
    """Mark the version reminded, unless another run already has (one conditional UPDATE,
    so two runs at once, e.g. cron beside the scheduler, cannot both send)."""
    return bool(
        Assessment.objects.filter(pk=assessment.pk, reminder_sent_on__isnull=True).update(
            reminder_sent_on=today
        )
    )


def send_review_reminders(today: dt.date | None = None, base_url: str = "") -> int:
    """E-mail the owner (and the decision maker who signed off) of each review that is due.

    Each version is reminded once, however often and however many times at once the job
    runs: each version is claimed with a conditional UPDATE, in the same transaction as its
    messages (``manage.py idmf_review_reminders``, or ``daily``). The link is absolute:
    ``base_url`` when given, else the site's address (``SITE_URL``).
    """
    today = today or timezone.localdate()
    sent = 0
    for assessment in due_reviews(Assessment.objects.all(), today).filter(
        reminder_sent_on__isnull=True
    ):
        with transaction.atomic():  # claimed only if its messages are queued
            if not _claim(assessment, today):
                continue
            _remind(assessment, today, base_url)
        sent += 1
    return sent


def _remind(assessment: Assessment, today: dt.date, base_url: str) -> None:
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
    audit.record(
        "idmf.review.reminded",
        obj=decision,
        after={"version": assessment.version, "recipients": len(recipients)},
    )


def _link(decision, base_url: str = "") -> str:
    path = reverse("idmf:detail", args=[decision.pk])
    return base_url.rstrip("/") + path if base_url else absolute_url(path)
