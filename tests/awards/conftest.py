import pytest

from dueregard.core.models import Organisation, OrganisationType
from dueregard.core.roles import Role

from .helpers import make_round


@pytest.fixture
def org_a2(system):
    return Organisation.objects.create(
        system=system, name="Alpha Community Trust", ods_code="AA2", type=OrganisationType.NHS_TRUST
    )


@pytest.fixture
def organiser(make_user, org_a):
    return make_user("organiser.a@example.nhs.uk", Role.PROGRAMME_ORGANISER, organisation=org_a)


@pytest.fixture
def rnd(org_a, org_a2):
    return make_round(org_a, eligible=[org_a2])


@pytest.fixture
def category(rnd):
    return rnd.categories.get()


@pytest.fixture
def nominator(make_user, org_a2):
    return make_user("kemi.johnson@example.nhs.uk", Role.STAFF, organisation=org_a2)


@pytest.fixture
def judges(make_user, org_a, rnd):
    from .helpers import make_judge

    return [
        make_judge(rnd, make_user(f"judge{i}@example.nhs.uk", Role.STAFF, organisation=org_a))
        for i in range(1, 5)
    ]
