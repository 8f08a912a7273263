"""Object URLs of the change-maker cohorts app, with factories making one object in a given
organisation (tests/core/test_tenancy_isolation.py)."""

import datetime as dt

from django.utils import timezone

from dueregard.cohorts.models import FollowUp, Milestone, Project, Status
from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant

from .helpers import make_application, make_cohort, make_member, make_module, make_programme

# The isolation test later gives this person every role in organisation B.
OWNER_B = "everything.b@example.nhs.uk"


def _programme(org, make_user):
    return make_programme(org)


def _cohort(org, make_user):
    return make_cohort(org)


def _module(org, make_user):
    return make_module(make_cohort(org))


def _application(org, make_user):
    return make_application(make_cohort(org))


def _participant(org, make_user):
    return make_application(make_cohort(org), status=Status.ACCEPTED)


def _for_review(org, make_user):
    """An application organisation B's person may score: they are on the panel."""
    cohort = make_cohort(org)
    user = make_user(OWNER_B)
    grant(user, Role.STAFF, organisation=org)
    make_member(cohort, user)
    return make_application(cohort)


def _milestone(org, make_user):
    app = make_application(make_cohort(org), status=Status.ACCEPTED)
    project = Project.objects.create(application=app, title="Fair shortlisting", summary="x")
    return Milestone.objects.create(project=project, title="Pilot", due_on=dt.date(2027, 3, 1))


def _follow_up(org, make_user):
    app = make_application(make_cohort(org), status=Status.ACCEPTED)
    return FollowUp.objects.create(application=app, months=6, due_on=timezone.localdate())


OBJECT_URL_FACTORIES = {
    "cohorts:programme": (_programme, "get"),
    "cohorts:cohort-create": (_programme, "get"),
    "cohorts:reach": (_programme, "get"),
    "cohorts:cohort": (_cohort, "get"),
    "cohorts:apply": (_cohort, "get"),
    "cohorts:applications": (_cohort, "get"),
    "cohorts:panel": (_cohort, "get"),
    "cohorts:module-create": (_cohort, "get"),
    "cohorts:attendance": (_module, "get"),
    "cohorts:application": (_application, "get"),
    "cohorts:decide": (_application, "post"),
    "cohorts:respond": (_application, "post"),
    "cohorts:withdraw": (_application, "post"),
    "cohorts:review": (_for_review, "get"),
    "cohorts:project": (_participant, "get"),
    "cohorts:complete": (_participant, "post"),
    "cohorts:milestone-done": (_milestone, "post"),
    "cohorts:follow-up": (_follow_up, "get"),
}
# The line manager's page takes a signed token, not an object id (checked by its tests).
PUBLIC_URLS = {"cohorts:support"}
