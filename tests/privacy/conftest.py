import pytest
from django.core.management import call_command


@pytest.fixture
def frameworks(db):
    call_command("load_frameworks", verbosity=0)
