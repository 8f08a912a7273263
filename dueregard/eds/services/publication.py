"""Sign-off, publication and the publication deadline reminder. The report itself is
built in :mod:`.report`."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.models import Membership
from dueregard.core.roles import Role
from dueregard.core.services import audit, notifications
from dueregard.publishing import stored

from ..models import Assessment, Stage
from .assessments import framework_of
from .checks import problems
from .grading import result
from .report import build_document, history

#: Public downloads made at publication (the slow ones); others at their first request.
PREPARED = ("pdf", "docx")

__all__ = ["build_document", "history", "publish", "sign_off", "send_publication_reminders"]


@transaction.atomic
def sign_off(assessment: Assessment, actor) -> None:
    """The board member signs off: only when the checks pass; the agreed result is frozen."""
    if assessment.stage not in (Stage.AGREEMENT, Stage.SIGN_OFF):
        raise ValidationError(_("Agree the grades before sign-off."))
    found = problems(assessment)
    if found:
        raise ValidationError(
            _("Sign-off needs %(count)d problem(s) fixed first. See the checks page.")
            % {"count": len(found)}
        )
    assessment.result = result(assessment).as_dict()
    assessment.stage = Stage.SIGN_OFF
    assessment.signed_off_by = actor
    assessment.signed_off_at = timezone.now()
    assessment.save(update_fields=["result", "stage", "signed_off_by", "signed_off_at"])
    audit.record(
        "eds.assessment.signed_off",
        actor=actor,
        obj=assessment,
        after={"total": assessment.result.get("total"), "rating": assessment.result.get("rating")},
    )


@transaction.atomic
def publish(assessment: Assessment, actor) -> None:
    if assessment.signed_off_at is None:
        raise ValidationError(
            _("A board member must sign the assessment off before it is published.")
        )
    if assessment.stage == Stage.PUBLISHED:
        return
    assessment.stage = Stage.PUBLISHED
    assessment.published_at = timezone.now()
    assessment.save(update_fields=["stage", "published_at"])
    # The public downloads are made once, now (in the background), and served from storage.
    stored.prepare_on_commit(
        "eds", "dueregard.eds.services.public.document_for_store", assessment.public_slug, PREPARED
    )
    audit.record(
        "eds.assessment.published",
        actor=actor,
        obj=assessment,
        after={"slug": str(assessment.public_slug)},
    )


def deadline_for(assessment: Assessment) -> dt.date | None:
    framework = framework_of(assessment)
    if framework.publication_deadline is None:
        return None
    end_year = (
        int(assessment.period[:4]) + 1
        if assessment.period[:4].isdigit()
        else timezone.localdate().year
    )
    return framework.publication_deadline.for_year(end_year)


def _claim_day(assessment: Assessment, today: dt.date) -> bool:
    """Mark ``assessment`` reminded today, unless it already is (one conditional UPDATE, so
    two runs at once, e.g. cron's ``daily`` beside the scheduler, cannot both send)."""
    return bool(
        Assessment.objects.filter(pk=assessment.pk)
        .filter(Q(publication_reminded_on__isnull=True) | Q(publication_reminded_on__lt=today))
        .update(publication_reminded_on=today)
    )


def send_publication_reminders(today: dt.date | None = None, days_before: int = 30) -> int:
    """E-mail the EDI leads of unpublished assessments whose deadline is near: at most once a
    day for each assessment, however often the job runs that day."""
    today = today or timezone.localdate()
    sent = 0
    for assessment in Assessment.objects.exclude(stage=Stage.PUBLISHED).select_related(
        "organisation", "system"
    ):
        deadline = deadline_for(assessment)
        if deadline is None or not (0 <= (deadline - today).days <= days_before):
            continue
        with transaction.atomic():  # the day is claimed only if its messages are queued
            if not _claim_day(assessment, today):
                continue
            sent += _remind_leads(assessment, deadline, today)
    return sent


def _remind_leads(assessment: Assessment, deadline: dt.date, today: dt.date) -> int:
    leads = Membership.objects.active().filter(role=Role.EDI_LEAD).select_related("user")
    leads = (
        leads.filter(organisation=assessment.organisation)
        if assessment.organisation
        else leads.filter(system=assessment.system)
    )
    for m in leads:
        notifications.send(
            m.user.email,
            "eds_publication_reminder",
            {"assessment": assessment, "deadline": deadline, "days": (deadline - today).days},
            organisation=assessment.organisation,
        )
    return len(leads)
