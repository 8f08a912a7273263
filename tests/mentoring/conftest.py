import pytest
from django.core.management import call_command

from dueregard.core.roles import Role

from .helpers import make_programme, populate


@pytest.fixture(autouse=True)
def frameworks(db):
    call_command("load_frameworks", verbosity=0)


@pytest.fixture
def organiser(make_user, org_a):
    return make_user("organiser.a@example.nhs.uk", Role.PROGRAMME_ORGANISER, organisation=org_a)


@pytest.fixture
def programme(org_a, frameworks):
    return make_programme(org_a)


@pytest.fixture
def filled(programme):
    leaders, partners = populate(programme, 3)
    return programme, leaders, partners
