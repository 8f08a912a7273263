"""Change-maker cohort pages: applying, the line manager's signed link, the panel (which
never sees shared characteristics), decisions, the project and the follow-up."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from dueregard.cohorts.models import FollowUp, Monitoring, Status, Support
from dueregard.cohorts.services import applications, selection
from dueregard.core.models import AuditEvent
from dueregard.core.roles import Role

from .helpers import make_application, make_cohort, make_member, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(make_user, org_a):
    return make_user("organiser@a.nhs.uk", Role.PROGRAMME_ORGANISER, organisation=org_a)


def test_apply_shows_what_to_fix_and_then_asks_the_line_manager(client_for, make_user, org_a):
    staff = make_user("staff@a.nhs.uk", Role.STAFF, organisation=org_a)
    cohort = make_cohort(org_a, eligible_bands=["6"])
    client = client_for(staff)
    url = reverse("cohorts:apply", args=[cohort.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"organisation": org_a.pk, "band": "7", "staff_group": "nursing"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Enter your job title" in body and "This cohort is for" not in body
    data = {
        "organisation": org_a.pk,
        "job_title": "Nurse",
        "band": "7",
        "staff_group": "nursing",
        "statement": "Change",
        "line_manager_name": "Morgan",
        "line_manager_email": "morgan@a.nhs.uk",
        "ethnic_group": "minority",
        "shared": ["disability"],
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and "This cohort is for Band 6" in refused.content.decode()
    data["band"] = "6"
    contradiction = client.post(url, {**data, "shared": ["disability", "prefer-not-to-say"]})
    assert contradiction.status_code == 400
    assert "or Prefer not to say, not both" in contradiction.content.decode()
    assert not cohort.applications.exists()
    done = client.post(url, data)
    app = cohort.applications.get()
    assert done.status_code == 302 and done.url == reverse("cohorts:application", args=[app.pk])
    monitoring = Monitoring.objects.get(application=app)
    assert monitoring.codes == ["disability", "race"]  # the framework's order
    assert monitoring.ethnic_group == "minority"
    # The audit trail records that something was shared, never what.
    event = AuditEvent.objects.get(action="cohorts.applied")
    assert event.after["equality_monitoring_shared"] is True
    assert "disability" not in str(event.after) and "minority" not in str(event.after)


def test_the_line_manager_answers_through_the_signed_link_without_signing_in(client, org_a):
    app = make_application(make_cohort(org_a), support=False)
    url = reverse("cohorts:support", args=[applications.support_token(app)])
    page = client.get(url)
    assert page.status_code == 200 and app.statement in page.content.decode()
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"supported": "yes"}).status_code == 200
    app.refresh_from_db()
    assert app.support == Support.CONFIRMED
    assert client.get(reverse("cohorts:support", args=["nonsense"])).status_code == 404


def test_the_panel_never_sees_shared_characteristics_or_conflicted_applications(
    client_for, make_user, org_a
):
    cohort = make_cohort(org_a)
    judge = make_user("judge@a.nhs.uk", Role.STAFF, organisation=org_a)
    member = make_member(cohort, judge)
    shared = make_application(cohort, 1, shared=(["race", "disability"], "minority"))
    conflicted = make_application(cohort, 2)
    selection.declare_conflict(member, conflicted, kind="personal", actor=judge)
    client = client_for(judge)
    panel = client.get(reverse("cohorts:panel", args=[cohort.pk])).content.decode()
    assert shared.name in panel and conflicted.name not in panel
    review = client.get(reverse("cohorts:review", args=[shared.pk])).content.decode()
    assert "Race" not in review and "Disability" not in review and "race" not in review
    assert client.get(reverse("cohorts:review", args=[conflicted.pk])).status_code == 404
    scored = client.post(reverse("cohorts:review", args=[shared.pk]), {"action": "score"})
    assert scored.status_code == 400 and "Choose a score from 1 to 5" in scored.content.decode()
    client.post(reverse("cohorts:review", args=[shared.pk]), {"action": "score", "score": "4"})
    assert shared.scores.get().score == 4


def test_organiser_pages_do_not_show_shared_characteristics(client_for, organiser, org_a):
    cohort = make_cohort(org_a)
    app = make_application(cohort, 1, shared=(["sexual-orientation"], "white"))
    client = client_for(organiser)
    for url in (
        reverse("cohorts:applications", args=[cohort.pk]),
        reverse("cohorts:application", args=[app.pk]),
    ):
        body = client.get(url).content.decode()
        assert "Sexual orientation" not in body and "sexual-orientation" not in body


def test_decide_offers_and_the_applicant_accepts(client_for, organiser, org_a):
    cohort = make_cohort(org_a, places=1)
    future = make_module(cohort, days_from_today=5)
    app = make_application(cohort, 1)
    client = client_for(organiser)
    missing = client.post(reverse("cohorts:decide", args=[app.pk]), {"outcome": "offered"})
    assert missing.status_code == 400
    client.post(
        reverse("cohorts:decide", args=[app.pk]), {"outcome": "offered", "reason": "Top score"}
    )
    app.refresh_from_db()
    assert app.status == Status.OFFERED
    applicant = client_for(app.user)
    applicant.post(reverse("cohorts:respond", args=[app.pk]), {"answer": "accept"})
    app.refresh_from_db()
    assert app.status == Status.ACCEPTED
    assert future.session.bookings.filter(user=app.user).exists()


def test_someone_else_cannot_answer_an_offer(client_for, make_user, org_a):
    app = make_application(make_cohort(org_a), 1, status=Status.OFFERED)
    other = make_user("other@a.nhs.uk", Role.STAFF, organisation=org_a)
    assert client_for(other).post(reverse("cohorts:respond", args=[app.pk])).status_code == 403


def test_project_milestones_and_follow_up_pages(client_for, org_a):
    app = make_application(make_cohort(org_a), 1, status=Status.ACCEPTED)
    client = client_for(app.user)
    url = reverse("cohorts:project", args=[app.pk])
    assert client.post(url, {"action": "project"}).status_code == 400
    client.post(url, {"action": "project", "title": "Fair panels", "summary": "Who sits"})
    bad = client.post(url, {"action": "milestone", "title": "Pilot", "due_on_0": "31"})
    assert bad.status_code == 400 and "must include" in bad.content.decode()
    client.post(
        url,
        {
            "action": "milestone",
            "title": "Pilot",
            "due_on_0": "1",
            "due_on_1": "3",
            "due_on_2": "2027",
        },
    )
    milestone = app.project.milestones.get()
    client.post(reverse("cohorts:milestone-done", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    item = FollowUp.objects.create(application=app, months=6, due_on=timezone.localdate())
    f_url = reverse("cohorts:follow-up", args=[item.pk])
    assert client.post(f_url, {"new_role": "yes"}).status_code == 400
    answer = {"new_role": "yes", "promotion": "yes", "band_change": "yes", "still_in_nhs": "yes"}
    refused = client.post(f_url, answer)
    assert refused.status_code == 400 and "Choose your new band" in refused.content.decode()
    assert client.post(f_url, {**answer, "new_band": "8a"}).status_code == 302
    item.refresh_from_db()
    assert item.progressed and item.new_band == "8a"


def test_reach_page_hides_small_counts(client_for, make_user, org_a):
    lead = make_user("lead@a.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    cohort = make_cohort(org_a)
    for n in range(3):
        make_application(cohort, n, shared=(["race"], "minority"))
    body = client_for(lead).get(reverse("cohorts:reach", args=[cohort.programme.pk])).content
    assert b'<td class="nhsuk-table__cell--numeric">*</td>' in body
    assert b">3<" not in body
    staff = make_user("staff@a.nhs.uk", Role.STAFF, organisation=org_a)
    assert (
        client_for(staff).get(reverse("cohorts:reach", args=[cohort.programme.pk])).status_code
        == 403
    )
