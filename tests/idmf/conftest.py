import pytest
from django.core.management import call_command

from dueregard.core.roles import Role


@pytest.fixture(autouse=True)
def frameworks(db):
    call_command("load_frameworks", verbosity=0)


@pytest.fixture
def lead_a(make_user, org_a):
    return make_user("project.lead@example.nhs.uk", Role.STAFF, organisation=org_a)


@pytest.fixture
def maker_a(make_user, org_a):
    return make_user("decision.maker@example.nhs.uk", Role.DECISION_MAKER, organisation=org_a)


@pytest.fixture
def panel_a(make_user, org_a):
    return make_user("panel@example.nhs.uk", Role.PANEL_MEMBER, organisation=org_a)
