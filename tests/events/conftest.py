import pytest

from dueregard.core.models import Organisation, OrganisationType
from dueregard.core.roles import Role

from .helpers import make_series, make_session


@pytest.fixture
def org_a2(system):
    return Organisation.objects.create(
        system=system, name="Alpha Community Trust", ods_code="AA2", type=OrganisationType.NHS_TRUST
    )


@pytest.fixture
def organiser(make_user, org_a):
    return make_user("organiser.a@example.nhs.uk", Role.PROGRAMME_ORGANISER, organisation=org_a)


@pytest.fixture
def staff2(make_user, org_a2):
    return make_user("staff.a2@example.nhs.uk", Role.STAFF, organisation=org_a2)


@pytest.fixture
def series(org_a, org_a2):
    return make_series(org_a, allowed=[org_a2])


@pytest.fixture
def session(series):
    return make_session(series, capacity=2)


@pytest.fixture
def people(make_user, org_a):
    def make(n):
        return [
            make_user(f"person{i}@example.nhs.uk", Role.STAFF, organisation=org_a) for i in range(n)
        ]

    return make
