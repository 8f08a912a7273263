"""Object URLs of the mentoring app, with factories making one object in a given organisation."""

from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant
from dueregard.mentoring.models import PairStatus, Partnership, Side
from dueregard.mentoring.services import runs

from .helpers import make_application, make_programme

# The isolation test later gives this person every role in organisation B: make them the
# leader of the pair, so pages for the people in a pair answer 200 for them.
OWNER_B = "everything.b@example.nhs.uk"


def _programme(org, make_user):
    return make_programme(org)


def _application(org, make_user):
    return make_application(make_programme(org), Side.PARTNER, 0)


def _pair(org, make_user, status=PairStatus.ACTIVE):
    programme = make_programme(org)
    user = make_user(OWNER_B)
    grant(user, Role.STAFF, organisation=org)
    leader = make_application(programme, Side.LEADER, 0, user=user)
    partner = make_application(programme, Side.PARTNER, 0)
    return Partnership.objects.create(
        programme=programme, leader=leader, partner=partner, status=status
    )


def _proposed(org, make_user):
    return _pair(org, make_user, PairStatus.PROPOSED)


def _run(org, make_user):
    programme = make_programme(org)
    make_application(programme, Side.LEADER, 0)
    make_application(programme, Side.PARTNER, 0)
    return runs.run_match(programme, actor=None, seed=1)


def _export(org, make_user):
    return {"pk": make_programme(org).pk, "kind": "pairs", "fmt": "csv"}


OBJECT_URL_FACTORIES = {
    "mentoring:programme": (_programme, "get"),
    "mentoring:apply": (_programme, "get"),
    "mentoring:applications": (_programme, "get"),
    "mentoring:match": (_programme, "get"),
    "mentoring:pairs": (_programme, "get"),
    "mentoring:accept-all": (_programme, "post"),
    "mentoring:introductions": (_programme, "post"),
    "mentoring:summary": (_programme, "get"),
    "mentoring:reach": (_programme, "get"),
    "mentoring:export": (_export, "get"),
    "mentoring:application": (_application, "get"),
    "mentoring:run": (_run, "get"),
    "mentoring:pair-accept": (_proposed, "post"),
    "mentoring:pair-override": (_proposed, "get"),
    "mentoring:pair-swap": (_proposed, "get"),
    "mentoring:partnership": (_pair, "get"),
    "mentoring:meeting-create": (_pair, "get"),
    "mentoring:end": (_pair, "get"),
    "mentoring:evaluate": (_pair, "get"),
    "mentoring:programme-edit": (_programme, "get"),
    "mentoring:programme-pause": (_programme, "post"),
    "mentoring:programme-resume": (_programme, "post"),
    "mentoring:programme-close": (_programme, "post"),
    "mentoring:evaluation-open": (_programme, "post"),
    "mentoring:withdraw": (_application, "get"),
}
