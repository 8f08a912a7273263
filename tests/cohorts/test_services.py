"""Change-maker cohorts: eligibility, line-manager support, conflicts of interest,
places, completion, follow-up reminders and reach counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from dueregard.cohorts.models import FollowUp, Milestone, Monitoring, Project, Status, Support
from dueregard.cohorts.services import applications, calendar, progress, reach, selection
from dueregard.cohorts.services.programmes import create_cohort, eligibility_problems
from dueregard.core.models import Notification, Organisation
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope
from dueregard.frameworks.services import characteristics

from .helpers import (
    book,
    make_application,
    make_cohort,
    make_member,
    make_module,
    make_programme,
    make_user,
)

pytestmark = pytest.mark.django_db


def _apply(cohort, user, org, **over):
    values = dict(
        organisation=org,
        job_title="Ward sister",
        band="7",
        staff_group="nursing",
        statement="I want to lead change.",
        line_manager_name="Morgan Lee",
        line_manager_email="morgan.lee@example.nhs.uk",
        shared=(["race", "disability"], "minority"),
    )
    values.update(over)
    return applications.apply(cohort, user, **values)


# Eligibility -------------------------------------------------------------------------


def test_eligibility_by_band_staff_group_and_organisation(org_a, system):
    other = Organisation.objects.create(system=system, name="Gamma Trust", ods_code="GGG")
    cohort = make_cohort(
        programme=make_programme(org_a, system_wide=True),
        eligible_bands=["5", "6"],
        eligible_staff_groups=["nursing"],
    )
    cohort.eligible_organisations.set([org_a])
    assert eligibility_problems(cohort, band="6", staff_group="nursing", organisation=org_a) == []
    fields = [
        f
        for f, _m in eligibility_problems(
            cohort, band="8a", staff_group="admin", organisation=other
        )
    ]
    assert fields == ["band", "staff_group", "organisation"]


def test_an_ineligible_or_closed_application_is_refused_with_the_reason(org_a, make_user):
    user = make_user("staff@a.nhs.uk", Role.STAFF, organisation=org_a)
    cohort = make_cohort(org_a, eligible_bands=["5", "6"])
    with pytest.raises(ValidationError) as exc:
        _apply(cohort, user, org_a, band="8a")
    assert "Band 5" in str(exc.value.message_dict["band"])
    closed = make_cohort(org_a, open_now=False)
    with pytest.raises(ValidationError):
        _apply(closed, user, org_a, band="6")
    assert not cohort.applications.exists() and not closed.applications.exists()


def test_cohort_dates_and_organisations_are_checked(org_a, org_b):
    programme = make_programme(org_a)
    today = timezone.localdate()
    common = dict(actor=None, name="x", places=3, eligible_bands=[], eligible_staff_groups=[])
    with pytest.raises(ValidationError):
        create_cohort(programme, opens_on=today, closes_on=today - dt.timedelta(days=1), **common)
    with pytest.raises(ValidationError):
        create_cohort(
            programme,
            opens_on=today,
            closes_on=today,
            eligible_organisations=[org_b],
            min_attendance_percent=75,
            **common,
        )
    cohort = create_cohort(
        programme, opens_on=today, closes_on=today, min_attendance_percent=75, **common
    )
    assert cohort.series.organisation == org_a
    assert not cohort.series.allowed_organisations.exists()  # nobody books it by hand


# Line-manager support ----------------------------------------------------------------


def test_applying_asks_the_line_manager_and_keeps_the_monitoring_apart(org_a, make_user):
    user = make_user("staff@a.nhs.uk", Role.STAFF, organisation=org_a)
    app = _apply(make_cohort(org_a), user, org_a)
    monitoring = Monitoring.objects.get(application=app)
    assert (monitoring.codes, monitoring.ethnic_group) == (["race", "disability"], "minority")
    assert monitoring.framework == characteristics.current()
    note = Notification.objects.get(template="cohorts_support_request")
    assert note.recipient == "morgan.lee@example.nhs.uk"
    token = note.body.split("/support/")[1].split("/")[0]
    assert applications.application_for_token(token) == app
    other = make_user("other@a.nhs.uk", Role.STAFF, organisation=org_a)
    quiet = _apply(make_cohort(org_a), other, org_a, shared=([], ""))
    assert not Monitoring.objects.filter(application=quiet).exists()  # preferred not to say


def test_the_signed_link_confirms_support_once(org_a):
    app = make_application(make_cohort(org_a), support=False)
    token = applications.support_token(app)
    assert applications.application_for_token(token) == app
    with pytest.raises(applications.SupportLinkError):
        applications.application_for_token(token[:-2] + "xx")
    applications.answer_support(app, supported=True)
    app.refresh_from_db()
    assert app.support == Support.CONFIRMED
    with pytest.raises(ValidationError):
        applications.answer_support(app, supported=False)


def test_an_application_without_support_is_not_selectable(org_a, make_user):
    cohort = make_cohort(org_a)
    pending = make_application(cohort, 1, support=False)
    supported = make_application(cohort, 2)
    assert list(selection.selectable(cohort)) == [supported]
    with pytest.raises(ValidationError):
        selection.decide(pending, outcome=Status.OFFERED, reason="Strong", actor=None)


# Conflicts of interest -------------------------------------------------------------------


def test_a_panel_member_never_sees_a_conflicted_own_or_supported_application(org_a):
    cohort = make_cohort(org_a)
    judge = make_user("judge@example.nhs.uk")
    member = make_member(cohort, judge)
    declared = make_application(cohort, 1)
    own = make_application(cohort, 2, user=judge)
    managed = make_application(cohort, 3, line_manager_email="JUDGE@example.nhs.uk")
    clean = make_application(cohort, 4)
    selection.declare_conflict(member, declared, kind="personal", actor=judge)
    assert set(selection.visible_applications(member)) == {clean}
    for app in (declared, own, managed):
        with pytest.raises(ValidationError):
            selection.score(member, app, value=4)
    selection.score(member, clean, value=4)


def test_declaring_a_conflict_removes_the_score_already_given(org_a):
    cohort = make_cohort(org_a)
    member = make_member(cohort, make_user("judge@example.nhs.uk"))
    app = make_application(cohort, 1)
    selection.score(member, app, value=5)
    selection.declare_conflict(member, app, kind="same_team", actor=member.user)
    assert not app.scores.exists()


# Places, offers and the waiting list -------------------------------------------------------


def test_offers_never_exceed_places_and_a_decline_frees_one(org_a):
    cohort = make_cohort(org_a, places=1)
    first, second = make_application(cohort, 1), make_application(cohort, 2)
    selection.decide(first, outcome=Status.OFFERED, reason="Top score", actor=None)
    with pytest.raises(ValidationError):
        selection.decide(second, outcome=Status.OFFERED, reason="Next", actor=None)
    selection.decide(second, outcome=Status.WAITING, reason="Next", actor=None)
    selection.respond(first, accept=False, actor=first.user)
    second.refresh_from_db()
    selection.decide(second, outcome=Status.OFFERED, reason="From the list", actor=None)
    assert Notification.objects.filter(template="cohorts_decision").count() == 3


def test_accepting_books_every_future_session_of_the_calendar(org_a):
    cohort = make_cohort(org_a)
    past, future = make_module(cohort, days_from_today=-3), make_module(cohort, days_from_today=9)
    app = make_application(cohort, 1, status=Status.OFFERED)
    selection.respond(app, accept=True, actor=app.user)
    assert future.session.bookings.filter(user=app.user, status="confirmed").exists()
    assert not past.session.bookings.exists()


# Completion ----------------------------------------------------------------------------------


def _participant_with_project(cohort, n=1, done=True):
    app = make_application(cohort, n, status=Status.ACCEPTED)
    project = Project.objects.create(application=app, title="Fair shortlisting", summary="x")
    Milestone.objects.create(
        project=project,
        title="Pilot",
        due_on=timezone.localdate(),
        done_on=timezone.localdate() if done else None,
    )
    return app


def test_completion_needs_attendance_and_every_milestone_done(org_a):
    cohort = make_cohort(org_a, min_attendance_percent=75)
    modules = [make_module(cohort, days_from_today=-d) for d in (40, 30, 20, 10)]
    app = _participant_with_project(cohort, done=False)
    for i, module in enumerate(modules):
        book(module, app, attended=i < 2)  # 2 of 4: 50%
    problems = progress.completion_problems(app)
    assert len(problems) == 2
    with pytest.raises(ValidationError):
        progress.complete(app, actor=None)
    calendar.mark_attendance(
        modules[2], {b.pk for b in modules[2].session.bookings.all()}, actor=None
    )
    milestone = app.project.milestones.get()
    progress.milestone_done(milestone, actor=app.user)
    assert progress.completion_problems(app) == []
    progress.complete(app, actor=None, on=dt.date(2027, 8, 31))
    due = dict(app.follow_ups.values_list("months", "due_on"))
    assert due == {6: dt.date(2028, 2, 29), 12: dt.date(2028, 8, 31)}


# Follow-up reminders ------------------------------------------------------------------------


def test_follow_up_reminders_are_sent_once_a_day_however_often_the_job_runs(org_a):
    cohort = make_cohort(org_a)
    app = make_application(cohort, 1, status=Status.ACCEPTED)
    day = dt.date(2027, 9, 1)
    FollowUp.objects.create(application=app, months=6, due_on=day)
    FollowUp.objects.create(application=app, months=12, due_on=day + dt.timedelta(days=180))
    assert progress.send_follow_up_reminders(day - dt.timedelta(days=1)) == 0
    assert progress.send_follow_up_reminders(day) == 1
    assert progress.send_follow_up_reminders(day) == 0
    assert Notification.objects.filter(template="cohorts_follow_up").count() == 1
    assert progress.send_follow_up_reminders(day + dt.timedelta(days=3)) == 0
    assert progress.send_follow_up_reminders(day + dt.timedelta(days=7)) == 1


def test_the_daily_command_twice_on_one_day_sends_once(org_a):
    app = make_application(make_cohort(org_a), 1, status=Status.ACCEPTED)
    FollowUp.objects.create(application=app, months=6, due_on=timezone.localdate())
    call_command("cohort_follow_ups", stdout=io.StringIO())
    call_command("cohort_follow_ups", stdout=io.StringIO())
    assert Notification.objects.filter(template="cohorts_follow_up").count() == 1


def test_an_answered_follow_up_is_not_reminded(org_a):
    app = make_application(make_cohort(org_a), 1, status=Status.ACCEPTED)
    item = FollowUp.objects.create(application=app, months=6, due_on=timezone.localdate())
    progress.answer_follow_up(
        item,
        new_role=True,
        promotion=True,
        band_change=True,
        new_band="8a",
        still_in_nhs=True,
        actor=app.user,
    )
    assert progress.send_follow_up_reminders() == 0


# Reach -----------------------------------------------------------------------------------------


def test_reach_counts_each_stage_by_shared_characteristic(org_a):
    cohort = make_cohort(org_a, places=50)
    module = make_module(cohort)
    for n in range(20):
        status = Status.ACCEPTED if n < 12 else Status.NOT_SELECTED
        app = make_application(
            cohort, n, status=status, shared=(["race"], "minority") if n < 10 else None
        )
        if status == Status.ACCEPTED:
            book(module, app, attended=n < 11)
        if n < 9:
            app.completed_on = timezone.localdate()
            app.save()
        if n < 8:
            FollowUp.objects.create(
                application=app,
                months=6,
                due_on=timezone.localdate(),
                answered_at=timezone.now(),
                new_role=True,
                promotion=False,
                band_change=False,
                still_in_nhs=True,
            )
    stages = reach.stages(cohort.applications.all())
    assert sum(s[0] for s in stages.values()) == 12
    assert sum(s[1] for s in stages.values()) == 11
    assert sum(s[2] for s in stages.values()) == 9
    assert sum(s[3] for s in stages.values()) == 8
    rows = {row.label: row for row in reach.table(cohort.programme)}
    assert reach.STAGES == ("applied", "selected", "attended", "completed", "progressed")
    race = next(
        r for label, r in rows.items() if "ethnic" in label.lower() or "race" in label.lower()
    )
    # 10 applied, 10 selected, 10 attended, 9 completed, 8 progressed: rounded to 5 or hidden.
    assert race.published == [10.0] * 5 and race.suppressed == [False] * 5
    # Of the 10 others, 2 were selected and 1 attended: hidden, never shown as 2 or 1.
    assert race.reference_published[0] == 10.0
    assert race.reference_suppressed[1:3] == [True, True]


def test_wres4_counts_staff_who_took_a_place_or_attended_with_their_ethnic_group(org_a, org_b):
    """Accessed: a participant (even one who has not attended yet), or anyone who attended
    a session (even if they withdrew later); never an offer, a declined place or the
    waiting list. Only the scope's own staff, in programmes open to the scope."""
    cohort = make_cohort(org_a, programme=make_programme(org_a, system_wide=True), places=20)
    module = make_module(cohort)
    participant = make_application(cohort, 1, status=Status.ACCEPTED, shared=([], "white"))
    left = make_application(cohort, 2, status=Status.WITHDRAWN, shared=(["race"], "minority"))
    book(module, left, attended=True)
    quiet = make_application(cohort, 3, status=Status.ACCEPTED)  # preferred not to say
    for n, status in enumerate((Status.OFFERED, Status.DECLINED, Status.WAITING), start=4):
        make_application(cohort, n, status=status, shared=([], "minority"))
    gamma = Organisation.objects.create(system=org_a.system, name="Gamma Trust", ods_code="GGG")
    elsewhere = make_application(
        cohort, 9, status=Status.ACCEPTED, organisation=gamma, shared=([], "white")
    )
    scope = Scope(user_id=None, system=org_a.system, organisation=org_a)
    assert reach.accessed(scope) == {
        participant.user.email: "white",
        left.user.email: "minority",
        quiet.user.email: "",
    }
    their = reach.accessed(Scope(user_id=None, system=gamma.system, organisation=gamma))
    assert their == {elsewhere.user.email: "white"}  # a system-wide programme counts too
    assert reach.accessed(Scope(user_id=None, system=org_b.system, organisation=org_b)) == {}
    system = reach.accessed(Scope(user_id=None, system=org_a.system, organisation=None))
    assert len(system) == 4
