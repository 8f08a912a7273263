"""Selection by a panel, with the conflict-of-interest rule every panel shares
(``core.services.conflicts``): a member never sees or scores an application they declared
a conflict with, their own, or one they supported as line manager. Only applications the
line manager supports are selectable. The organisers offer places (never more offers and
participants than places), keep a waiting list, and the applicant accepts or declines.
The panel never sees the characteristics applicants shared."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.models import Membership, User
from dueregard.core.requests import site_url
from dueregard.core.services import audit, conflicts, notifications

from ..models import Application, Cohort, Conflict, PanelMember, Score, Status, Support
from . import calendar

DECISIONS = (Status.OFFERED, Status.WAITING, Status.NOT_SELECTED)
HOLDING = (Status.OFFERED, Status.ACCEPTED)  # statuses that hold one of the places


def member_for(cohort: Cohort, user) -> PanelMember | None:
    if user is None or not user.is_authenticated:
        return None
    return cohort.panel.filter(user=user).first()


def selectable(cohort: Cohort) -> QuerySet:
    """Applications the panel scores: submitted, with the line manager's support."""
    return cohort.applications.filter(
        status__in=(Status.SUBMITTED, Status.WAITING), support=Support.CONFIRMED
    )


def visible_applications(member: PanelMember | None) -> QuerySet:
    if member is None:
        return Application.objects.none()
    return conflicts.exclude_conflicted(
        selectable(member.cohort).select_related("organisation", "user"),
        declared={"conflicts__member": member},
        email=member.email,
        user_id=member.user_id,
        email_fields=("user__email", "line_manager_email"),
        user_fields=("user_id",),
    )


@transaction.atomic
def add_member(cohort: Cohort, *, email: str, actor, request=None) -> PanelMember:
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    in_system = (
        user is not None
        and Membership.objects.active()
        .filter(user=user, organisation__system_id=cohort.programme.system_id)
        .exists()
    )
    if not in_system:
        raise ValidationError(
            {
                "email": _(
                    "%(email)s has no account in this system: invite them first, then add "
                    "them to the panel"
                )
                % {"email": email}
            }
        )
    if cohort.panel.filter(user=user).exists():
        raise ValidationError({"email": _("%(email)s is already on the panel") % {"email": email}})
    member = PanelMember.objects.create(cohort=cohort, user=user, email=user.email.lower())
    audit.record(
        "cohorts.panel_member_added",
        actor=actor,
        obj=cohort.programme,
        object_repr=str(cohort),
        after={"member": member.email},
        request=request,
    )
    return member


@transaction.atomic
def declare_conflict(
    member: PanelMember, application: Application, *, kind: str, actor, request=None
) -> Conflict:
    """Declared conflicts are final: the member's score on it, if any, no longer counts."""
    if application.cohort_id != member.cohort_id:
        raise ValidationError(_("The panel member and the application are in different cohorts"))
    conflict, created = Conflict.objects.get_or_create(
        member=member, application=application, defaults={"kind": kind, "declared_by": actor}
    )
    removed, _counts = Score.objects.filter(member=member, application=application).delete()
    if created:
        audit.record(
            "cohorts.conflict_declared",
            actor=actor,
            obj=member.cohort.programme,
            object_repr=str(application),
            after={"member": member.email, "kind": kind, "score_removed": bool(removed)},
            request=request,
        )
    return conflict


@transaction.atomic
def score(
    member: PanelMember, application: Application, *, value: int, comment: str = "", request=None
) -> Score:
    if not visible_applications(member).filter(pk=application.pk).exists():
        raise ValidationError(_("You cannot score this application"))
    if value not in (1, 2, 3, 4, 5):
        raise ValidationError({"score": _("Choose a score from 1 to 5")})
    sheet, created = Score.objects.update_or_create(
        member=member, application=application, defaults={"score": value, "comment": comment}
    )
    audit.record(
        "cohorts.scored" if created else "cohorts.rescored",
        actor=member.user,
        obj=member.cohort.programme,
        object_repr=str(application),
        after={"score": value},
        request=request,
    )
    return sheet


def with_scores(applications: QuerySet) -> QuerySet:
    return applications.annotate(mean_score=Avg("scores__score"), n_scores=Count("scores"))


def places_held(cohort: Cohort) -> int:
    return cohort.applications.filter(status__in=HOLDING).count()


@transaction.atomic
def decide(application: Application, *, outcome: str, reason: str, actor, request=None):
    """Offer a place, put on the waiting list, or not select; the applicant is told."""
    cohort = Cohort.objects.select_for_update().get(pk=application.cohort_id)
    app = Application.objects.select_for_update().get(pk=application.pk)
    if outcome not in DECISIONS:
        raise ValidationError({"outcome": _("Choose a decision")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision")})
    if app.status not in (Status.SUBMITTED, Status.WAITING):
        raise ValidationError(_("This application has already been decided"))
    if app.support != Support.CONFIRMED:
        raise ValidationError(
            _("This application does not have its line manager's support, so it cannot be selected")
        )
    if outcome == app.status:
        raise ValidationError({"outcome": _("The application is already on the waiting list")})
    if outcome == Status.OFFERED and places_held(cohort) >= cohort.places:
        raise ValidationError(
            {
                "outcome": _(
                    "All %(places)d places are offered or taken: put the application on the "
                    "waiting list, or wait for someone to decline"
                )
                % {"places": cohort.places}
            }
        )
    before = app.status
    app.status, app.decision_reason, app.decided_at = outcome, reason.strip(), timezone.now()
    app.save(update_fields=["status", "decision_reason", "decided_at"])
    audit.record(
        "cohorts.decided",
        actor=actor,
        obj=cohort.programme,
        object_repr=str(app),
        before={"status": before},
        after={"status": outcome},
        request=request,
    )
    notifications.send(
        app.user.email,
        "cohorts_decision",
        {
            "application": app,
            "cohort": cohort,
            "link": site_url() + reverse("cohorts:application", args=[app.pk]),
        },
        organisation=app.organisation,
    )
    return app


@transaction.atomic
def respond(application: Application, *, accept: bool, actor, request=None) -> Application:
    """The applicant accepts (enrolled on every session of the calendar) or declines."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    if app.status != Status.OFFERED:
        raise ValidationError(_("There is no offer to answer on this application"))
    app.status = Status.ACCEPTED if accept else Status.DECLINED
    app.save(update_fields=["status"])
    if accept:
        calendar.enrol(app)
    audit.record(
        "cohorts.offer_answered",
        actor=actor,
        obj=app.cohort.programme,
        object_repr=str(app),
        before={"status": Status.OFFERED},
        after={"status": app.status},
        request=request,
    )
    return app
