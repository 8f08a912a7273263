"""A programme's life after it is set up: change it, pause and resume it, close it, open
its evaluation, and withdraw a participant with their partner offered a rematch.

A rematch is the same optimal solver run as any other (``runs.run_match``): pairs already
introduced or accepted stay fixed, the withdrawn person is out of the pool, and their
partner joins the unmatched people the solver pairs. Every change is audited here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dueregard.core.services import audit, notifications

from ..models import LIVE, Application, PairStatus, Partnership, Programme, ProgrammeStatus
from .programmes import audit_place
from .runs import run_match

EDITABLE_FIELDS = (
    "title",
    "description",
    "cohort_start",
    "cohort_end",
    "sponsor",
    "meeting_cadence",
    "board_commitment",
    "board_committed_on",
    "organisation_rule",
    "preference_mode",
    "evaluation_opens_on",
)


def _record(action, programme, *, actor, before=None, after=None, request=None):
    audit.record(
        action,
        actor=actor,
        obj=programme,
        before=before,
        after=after,
        request=request,
        object_repr=programme.title,
        **audit_place(programme),
    )


def _not_closed(programme: Programme) -> None:
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError(_("This programme is closed, so it can no longer be changed."))


@transaction.atomic
def update_programme(programme: Programme, *, actor, request=None, **values) -> Programme:
    _not_closed(programme)
    start = values.get("cohort_start", programme.cohort_start)
    end = values.get("cohort_end", programme.cohort_end)
    if start and end and end <= start:
        raise ValidationError({"cohort_end": _("The cohort must end after it starts")})
    opens = values.get("evaluation_opens_on")
    if opens and start and opens < start:
        raise ValidationError(
            {"evaluation_opens_on": _("The evaluation cannot open before the cohort starts")}
        )
    before = audit.snapshot(programme, EDITABLE_FIELDS)
    for name, value in values.items():
        if name in EDITABLE_FIELDS:
            setattr(programme, name, value)
    programme.save()
    _record(
        "mentoring.programme_changed",
        programme,
        actor=actor,
        before=before,
        after=audit.snapshot(programme, EDITABLE_FIELDS),
        request=request,
    )
    return programme


@transaction.atomic
def pause(programme: Programme, *, actor, request=None) -> Programme:
    """No applications, runs or introductions while paused; partnerships carry on."""
    _not_closed(programme)
    if programme.status == ProgrammeStatus.PAUSED:
        raise ValidationError(_("This programme is already paused."))
    before = programme.status
    programme.paused_from, programme.status = before, ProgrammeStatus.PAUSED
    programme.save(update_fields=["paused_from", "status"])
    _record(
        "mentoring.programme_paused",
        programme,
        actor=actor,
        before={"status": before},
        after={"status": programme.status},
        request=request,
    )
    return programme


@transaction.atomic
def resume(programme: Programme, *, actor, request=None) -> Programme:
    if programme.status != ProgrammeStatus.PAUSED:
        raise ValidationError(_("Only a paused programme can be resumed."))
    programme.status = programme.paused_from or ProgrammeStatus.OPEN
    programme.paused_from = ""
    programme.save(update_fields=["paused_from", "status"])
    _record(
        "mentoring.programme_resumed",
        programme,
        actor=actor,
        before={"status": ProgrammeStatus.PAUSED},
        after={"status": programme.status},
        request=request,
    )
    return programme


@transaction.atomic
def close(programme: Programme, *, actor, request=None) -> Programme:
    """Close for good: proposals are dropped, introduced pairs are completed."""
    _not_closed(programme)
    before = programme.status
    Partnership.objects.filter(
        programme=programme, status__in=[PairStatus.PROPOSED, PairStatus.ACCEPTED]
    ).delete()
    completed = Partnership.objects.filter(programme=programme, status=PairStatus.ACTIVE).update(
        status=PairStatus.COMPLETED
    )
    programme.status = ProgrammeStatus.CLOSED
    programme.save(update_fields=["status"])
    _record(
        "mentoring.programme_closed",
        programme,
        actor=actor,
        before={"status": before},
        after={"status": programme.status, "pairs_completed": completed},
        request=request,
    )
    return programme


@transaction.atomic
def open_evaluation(programme: Programme, *, actor, request=None) -> Programme:
    """The organiser opens the evaluation today, before the programme's set end."""
    _not_closed(programme)
    before = programme.evaluation_opens_on
    programme.evaluation_opens_on = timezone.localdate()
    programme.save(update_fields=["evaluation_opens_on"])
    _record(
        "mentoring.evaluation_opened",
        programme,
        actor=actor,
        before={"evaluation_opens_on": before},
        after={"evaluation_opens_on": programme.evaluation_opens_on},
        request=request,
    )
    return programme


def evaluation_is_open(programme: Programme, today=None) -> bool:
    return (today or timezone.localdate()) >= programme.evaluation_date


def require_evaluation_open(programme: Programme) -> None:
    if not evaluation_is_open(programme):
        raise ValidationError(
            _("The evaluation opens on %(date)s, when the programme has run its course.")
            % {"date": date_format(programme.evaluation_date, "j F Y")}
        )


def withdraw_participant(
    application: Application, *, reason: str, actor, base_url: str = "", request=None
) -> list[Partnership]:
    """Withdraw someone from the programme. Their live pairs end; the solver re-runs with
    the pairs that stay fixed and proposes a new partner for each person left without one.
    Returns the new proposed pairs for those people (empty when nobody suitable is free)."""
    programme = application.programme
    _not_closed(programme)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason they are leaving the programme")})
    if application.status == Application.Status.WITHDRAWN:
        raise ValidationError(_("This person has already left the programme."))
    now = timezone.now()
    with transaction.atomic():
        live = list(
            Partnership.objects.select_for_update()
            .filter(programme=programme, status__in=LIVE)
            .filter(Q(leader=application) | Q(partner=application))
            .select_related("leader__user", "partner__user")
        )
        orphans = []
        for pair in live:
            if pair.status == PairStatus.PROPOSED:
                pair.delete()
            else:
                pair.status, pair.ended_at = PairStatus.ENDED, now
                pair.end_reason = _("%(name)s left the programme") % {"name": application.name}
                pair.save(update_fields=["status", "ended_at", "end_reason"])
            orphans.append(pair.partner if pair.leader_id == application.pk else pair.leader)
        application.status = Application.Status.WITHDRAWN
        application.withdrawn_reason = reason.strip()
        application.save(update_fields=["status", "withdrawn_reason"])
        _record(
            "mentoring.participant_withdrawn",
            programme,
            actor=actor,
            after={
                "application": application.solver_id,
                "pairs_ended": len(live),
                "reason_given": True,
            },
            request=request,
        )
        offered: list[Partnership] = []
        if orphans and programme.status != ProgrammeStatus.PAUSED:
            run_match(programme, actor=actor, request=request)
            orphan_ids = {o.pk for o in orphans}
            offered = list(
                Partnership.objects.filter(programme=programme, status=PairStatus.PROPOSED)
                .filter(Q(leader_id__in=orphan_ids) | Q(partner_id__in=orphan_ids))
                .select_related("leader__user", "partner__user")
            )
    for orphan in orphans:
        new = next((p for p in offered if orphan.pk in (p.leader_id, p.partner_id)), None)
        notifications.send(
            orphan.user.email,
            "mentoring_partner_left",
            {
                "me": orphan,
                "programme": programme,
                "rematched": new is not None,
                "link": f"{base_url}/mentoring/",
            },
            organisation=programme.organisation or programme.organiser_organisation,
        )
    return offered
