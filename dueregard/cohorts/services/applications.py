"""Applications to an open call: eligibility, the applicant's statement, the voluntary
equality monitoring they choose to give (kept apart in ``Monitoring``, for the reach
tables only; ADR 0044), and the line manager's support, asked by e-mail with a signed link
(ADR 0043)."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.requests import site_url
from dueregard.core.services import audit, notifications
from dueregard.frameworks.services.characteristics import current as current_characteristics

from ..models import Application, Cohort, Monitoring, Status, Support
from . import calendar
from .programmes import eligibility_problems, today

SUPPORT_SALT = "cohorts.line-manager-support"
SUPPORT_VALID_DAYS = 30
FIELDS = ["job_title", "band", "staff_group", "line_manager_email", "status", "support"]


class SupportLinkError(Exception):
    """The line manager's link is not valid (tampered with, or too old)."""


def support_token(application: Application) -> str:
    return signing.dumps(
        {"a": application.pk, "e": application.line_manager_email.lower()}, salt=SUPPORT_SALT
    )


def application_for_token(token: str) -> Application:
    try:
        data = signing.loads(token, salt=SUPPORT_SALT, max_age=SUPPORT_VALID_DAYS * 86400)
    except signing.BadSignature as exc:
        raise SupportLinkError from exc
    app = (
        Application.objects.select_related("cohort__programme", "user", "organisation")
        .filter(pk=data.get("a"), line_manager_email__iexact=data.get("e", ""))
        .first()
    )
    if app is None:
        raise SupportLinkError
    return app


def support_link(application: Application) -> str:
    return site_url() + reverse("cohorts:support", args=[support_token(application)])


@transaction.atomic
def apply(
    cohort: Cohort,
    user,
    *,
    organisation,
    job_title: str,
    band: str,
    staff_group: str,
    statement: str,
    line_manager_name: str,
    line_manager_email: str,
    shared: tuple[list[str], str] | None = None,
    request=None,
) -> Application:
    """Apply; the line manager is asked (e-mail through the queue) to support it.
    ``shared`` is the voluntary equality monitoring (codes, ethnic group), kept apart."""
    if not cohort.is_open(today()):
        raise ValidationError(
            _("Applications to this cohort are open from %(start)s to %(end)s")
            % {"start": f"{cohort.opens_on:%d %B %Y}", "end": f"{cohort.closes_on:%d %B %Y}"}
        )
    if cohort.applications.filter(user=user).exists():
        raise ValidationError(_("You have already applied to this cohort"))
    if line_manager_email.strip().lower() == user.email.lower():
        raise ValidationError(
            {"line_manager_email": _("Enter your line manager's e-mail address, not your own")}
        )
    problems = eligibility_problems(
        cohort, band=band, staff_group=staff_group, organisation=organisation
    )
    if problems:
        raise ValidationError({field: message for field, message in problems})
    app = Application.objects.create(
        cohort=cohort,
        user=user,
        organisation=organisation,
        job_title=job_title.strip(),
        band=band,
        staff_group=staff_group,
        statement=statement.strip(),
        line_manager_name=line_manager_name.strip(),
        line_manager_email=line_manager_email.strip().lower(),
    )
    monitored = record_monitoring(app, *(shared or ([], "")))
    audit.record(
        "cohorts.applied",
        actor=user,
        obj=cohort.programme,
        object_repr=str(app),
        after={**audit.snapshot(app, FIELDS), "equality_monitoring_shared": monitored},
        request=request,
    )
    notifications.send(
        app.line_manager_email,
        "cohorts_support_request",
        {"application": app, "cohort": cohort, "link": support_link(app)},
        organisation=organisation,
    )
    return app


def record_monitoring(application: Application, codes: list[str], ethnic_group: str) -> bool:
    """Store what the applicant chose to share (nothing when they preferred not to say);
    True when something was shared."""
    if not codes and not ethnic_group:
        return False
    Monitoring.objects.create(
        application=application,
        framework=current_characteristics(),
        codes=list(codes),
        ethnic_group=ethnic_group,
    )
    return True


@transaction.atomic
def answer_support(
    application: Application, *, supported: bool, comment: str = "", actor=None, request=None
) -> Application:
    """The line manager confirms or declines their support (once; a change goes through
    the organisers)."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    if app.support != Support.PENDING:
        raise ValidationError(_("You have already answered for this application. Thank you."))
    if app.status != Status.SUBMITTED:
        raise ValidationError(_("This application has already been decided or withdrawn"))
    app.support = Support.CONFIRMED if supported else Support.DECLINED
    app.support_comment = comment.strip()
    app.support_answered_at = timezone.now()
    app.save(update_fields=["support", "support_comment", "support_answered_at"])
    audit.record(
        "cohorts.support_answered",
        actor=actor,
        obj=app.cohort.programme,
        object_repr=str(app),
        before={"support": Support.PENDING},
        after={"support": app.support, "by": app.line_manager_email},
        request=request,
    )
    notifications.send(
        app.user.email,
        "cohorts_support_answered",
        {
            "application": app,
            "cohort": app.cohort,
            "link": site_url() + reverse("cohorts:application", args=[app.pk]),
        },
        organisation=app.organisation,
    )
    return app


@transaction.atomic
def withdraw(application: Application, *, actor, request=None) -> Application:
    if application.status in (Status.WITHDRAWN, Status.DECLINED, Status.NOT_SELECTED):
        raise ValidationError(_("This application is already closed"))
    if application.completed_on is not None:
        raise ValidationError(_("A completed place cannot be withdrawn"))
    before = application.status
    application.status = Status.WITHDRAWN
    application.save(update_fields=["status"])
    calendar.unenrol(application)
    audit.record(
        "cohorts.withdrawn",
        actor=actor,
        obj=application.cohort.programme,
        object_repr=str(application),
        before={"status": before},
        after={"status": Status.WITHDRAWN},
        request=request,
    )
    return application
