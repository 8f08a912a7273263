"""Change projects and milestones, completion (attendance and the project), and the
follow-ups at 6 and 12 months after completion, reminded once a day at most by the daily
``cohort_follow_ups`` (the day is claimed by a conditional UPDATE; ADR 0043)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.requests import site_url
from dueregard.core.services import audit, notifications

from ..models import Application, FollowUp, Milestone, Project, Status
from . import calendar

FOLLOW_UP_MONTHS = (6, 12)
REMIND_EVERY_DAYS = 7
MAX_REMINDERS = 3


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _require_participant(app: Application) -> None:
    if app.status != Status.ACCEPTED:
        raise ValidationError(_("Only participants of the cohort have a change project"))


@transaction.atomic
def save_project(app: Application, *, title: str, summary: str, actor, request=None) -> Project:
    _require_participant(app)
    project, created = Project.objects.update_or_create(
        application=app, defaults={"title": title.strip(), "summary": summary.strip()}
    )
    audit.record(
        "cohorts.project_saved",
        actor=actor,
        obj=app.cohort.programme,
        object_repr=str(app),
        after={"title": project.title, "created": created},
        request=request,
    )
    return project


@transaction.atomic
def add_milestone(project: Project, *, title: str, due_on: dt.date, actor, request=None):
    milestone = Milestone.objects.create(project=project, title=title.strip(), due_on=due_on)
    audit.record(
        "cohorts.milestone_added",
        actor=actor,
        obj=project.application.cohort.programme,
        object_repr=str(project.application),
        after={"milestone": milestone.title, "due_on": str(due_on)},
        request=request,
    )
    return milestone


@transaction.atomic
def milestone_done(milestone: Milestone, *, actor, request=None) -> Milestone:
    if milestone.done_on is not None:
        raise ValidationError(_("This milestone is already done"))
    milestone.done_on = timezone.localdate()
    milestone.save(update_fields=["done_on"])
    project = milestone.project
    all_done = not project.milestones.filter(done_on__isnull=True).exists()
    if all_done != project.done:
        project.done = all_done
        project.save(update_fields=["done"])
    audit.record(
        "cohorts.milestone_done",
        actor=actor,
        obj=project.application.cohort.programme,
        object_repr=str(project.application),
        after={"milestone": milestone.title, "project_done": all_done},
        request=request,
    )
    return milestone


def completion_problems(app: Application) -> list[str]:
    """What stands between a participant and completing (empty: they may complete)."""
    problems = []
    if app.status != Status.ACCEPTED:
        return [_("Only participants can complete the programme")]
    attended, total = calendar.attendance(app)
    need = app.cohort.min_attendance_percent
    if total == 0:
        problems.append(_("No sessions of the calendar have taken place yet"))
    elif attended * 100 < need * total:
        problems.append(
            _("Attended %(attended)d of %(total)d sessions; %(need)d%% are needed")
            % {"attended": attended, "total": total, "need": need}
        )
    project = Project.objects.filter(application=app).first()
    if project is None:
        problems.append(_("There is no change project yet"))
    elif not project.milestones.exists():
        problems.append(_("The change project has no milestones"))
    elif project.milestones.filter(done_on__isnull=True).exists():
        problems.append(_("Some milestones of the change project are not done"))
    return problems


@transaction.atomic
def complete(app: Application, *, actor, on: dt.date | None = None, request=None) -> Application:
    """Record completion and schedule the 6- and 12-month follow-ups."""
    if app.completed_on is not None:
        raise ValidationError(_("This participant has already completed the programme"))
    problems = completion_problems(app)
    if problems:
        raise ValidationError(problems)
    app.completed_on = on or timezone.localdate()
    app.save(update_fields=["completed_on"])
    for months in FOLLOW_UP_MONTHS:
        FollowUp.objects.create(
            application=app, months=months, due_on=add_months(app.completed_on, months)
        )
    audit.record(
        "cohorts.completed",
        actor=actor,
        obj=app.cohort.programme,
        object_repr=str(app),
        after={"completed_on": str(app.completed_on)},
        request=request,
    )
    return app


@transaction.atomic
def answer_follow_up(
    follow_up: FollowUp,
    *,
    new_role: bool,
    promotion: bool,
    band_change: bool,
    new_band: str = "",
    still_in_nhs: bool,
    comments: str = "",
    actor,
    request=None,
) -> FollowUp:
    if follow_up.due_on > timezone.localdate():
        raise ValidationError(
            _("This follow-up opens on %(date)s") % {"date": f"{follow_up.due_on:%d %B %Y}"}
        )
    if band_change and not new_band:
        raise ValidationError({"new_band": _("Choose your new band")})
    before = {"answered": follow_up.answered_at is not None}
    follow_up.new_role, follow_up.promotion = new_role, promotion
    follow_up.band_change, follow_up.new_band = band_change, new_band if band_change else ""
    follow_up.still_in_nhs, follow_up.comments = still_in_nhs, comments.strip()
    follow_up.answered_at = timezone.now()
    follow_up.save()
    audit.record(
        "cohorts.follow_up_answered",
        actor=actor,
        obj=follow_up.application.cohort.programme,
        object_repr=str(follow_up.application),
        before=before,
        after={
            "answered": True,
            "months": follow_up.months,
            "new_role": new_role,
            "promotion": promotion,
            "band_change": band_change,
            "still_in_nhs": still_in_nhs,
        },
        request=request,
    )
    return follow_up


def _claim_day(follow_up: FollowUp, today: dt.date) -> bool:
    """Mark the follow-up reminded today unless a run already did (one conditional UPDATE,
    so two runs at once cannot both send)."""
    since = today - dt.timedelta(days=REMIND_EVERY_DAYS)
    return bool(
        FollowUp.objects.filter(pk=follow_up.pk, answered_at__isnull=True)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=since))
        .filter(reminders__lt=MAX_REMINDERS)
        .update(reminded_on=today, reminders=F("reminders") + 1)
    )


def send_follow_up_reminders(today: dt.date | None = None) -> int:
    """E-mail participants whose follow-up is due and unanswered: on the due day, then
    every week, three times at most; never twice on one day however often it runs."""
    today = today or timezone.localdate()
    sent = 0
    due = (
        FollowUp.objects.filter(due_on__lte=today, answered_at__isnull=True)
        .filter(reminders__lt=MAX_REMINDERS)
        .select_related("application__user", "application__cohort__programme")
    )
    for follow_up in due:
        with transaction.atomic():  # the day is claimed only if the message is queued
            if not _claim_day(follow_up, today):
                continue
            app = follow_up.application
            notifications.send(
                app.user.email,
                "cohorts_follow_up",
                {
                    "follow_up": follow_up,
                    "application": app,
                    "cohort": app.cohort,
                    "link": site_url() + reverse("cohorts:follow-up", args=[follow_up.pk]),
                },
                organisation=app.organisation,
            )
            sent += 1
    return sent
