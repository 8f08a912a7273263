"""Shared fixtures: a small two-organisation world, and people with roles in it."""

import os

import pytest

from dueregard.core.models import Organisation, OrganisationType, System, User
from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant


@pytest.fixture(scope="session", autouse=True)
def _own_cache_directory(tmp_path_factory):
    """Compiled workforce SQL goes to this run's temporary directory, not the user's."""
    before = os.environ.get("DUEREGARD_CACHE_DIR")
    os.environ["DUEREGARD_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("DUEREGARD_CACHE_DIR", None)
    else:
        os.environ["DUEREGARD_CACHE_DIR"] = before


@pytest.fixture
def system(db):
    return System.objects.create(name="Test ICS", code="TICS")


@pytest.fixture
def org_a(system):
    return Organisation.objects.create(
        system=system, name="Alpha NHS Trust", ods_code="AAA", type=OrganisationType.NHS_TRUST
    )


@pytest.fixture
def org_b(db):
    other = System.objects.create(name="Other ICS", code="OICS")
    return Organisation.objects.create(
        system=other, name="Beta NHS Trust", ods_code="BBB", type=OrganisationType.NHS_TRUST
    )


@pytest.fixture
def make_user(db):
    def make(email, role=None, organisation=None, system=None, password="correct horse battery"):
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, password, full_name=email.split("@")[0].title()
        )
        if role:
            grant(user, role, organisation=organisation, system=system)
        return user

    return make


@pytest.fixture
def edi_lead_a(make_user, org_a):
    return make_user("lead.a@example.nhs.uk", Role.EDI_LEAD, organisation=org_a)


@pytest.fixture
def staff_a(make_user, org_a):
    return make_user("staff.a@example.nhs.uk", Role.STAFF, organisation=org_a)


@pytest.fixture
def edi_lead_b(make_user, org_b):
    return make_user("lead.b@example.nhs.uk", Role.EDI_LEAD, organisation=org_b)


@pytest.fixture
def client_for(client):
    """A test client signed in as ``user``."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in
