import pytest
from django.core.management import call_command

from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope


@pytest.fixture
def frameworks(db):
    call_command("load_frameworks", verbosity=0)


@pytest.fixture
def eds_people(make_user, org_a):
    return {
        "lead": make_user("lead@a.nhs.uk", Role.EDI_LEAD, organisation=org_a),
        "panel1": make_user("panel1@example.org", Role.PANEL_MEMBER, organisation=org_a),
        "panel2": make_user("panel2@example.org", Role.PANEL_MEMBER, organisation=org_a),
        "board": make_user("board@a.nhs.uk", Role.BOARD_MEMBER, organisation=org_a),
        "staff": make_user("staff@a.nhs.uk", Role.STAFF, organisation=org_a),
    }


@pytest.fixture
def make_assessment(frameworks):
    from dueregard.eds.services import assessments

    def make(org, actor, framework_code="eds-2022", period="2025-26"):
        scope = Scope(actor.pk, org.system, org, frozenset({Role.EDI_LEAD}))
        return assessments.create(
            scope, actor, framework_code=framework_code, title="EDS", period=period
        )

    return make
