"""Reminders of the national deadlines (run daily by the scheduler): the EDI leads of an
organisation hear 30, 14, 7 and 1 days before the data submission deadline while the data
is not yet checked, and before the publication deadline while the report is unpublished."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dueregard.core.models import Membership
from dueregard.core.roles import Role
from dueregard.core.services import notifications

from ..models import ReturnYear, Stage

MILESTONES = (30, 14, 7, 1)


def _due(ry: ReturnYear, today: dt.date) -> list[tuple[str, dt.date]]:
    out = []
    if ry.stage == Stage.COLLECTING:
        out.append(("submission", ry.submission_deadline))
    if ry.stage != Stage.PUBLISHED:
        out.append(("publication", ry.publication_deadline))
    return [(what, day) for what, day in out if (day - today).days in MILESTONES]


def send_reminders(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    years = ReturnYear.objects.exclude(stage=Stage.PUBLISHED).exclude(reminded_on=today)
    for ry in years.select_related("organisation"):
        due = _due(ry, today)
        if not due:
            continue
        leads = Membership.objects.active().filter(role=Role.EDI_LEAD, organisation=ry.organisation)
        for membership in leads.select_related("user"):
            for what, day in due:
                notifications.send(
                    membership.user.email,
                    "returns_deadline_reminder",
                    {"ry": ry, "what": what, "deadline": day, "days": (day - today).days},
                    organisation=ry.organisation,
                )
                sent += 1
        ry.reminded_on = today
        ry.save(update_fields=["reminded_on"])
    return sent
