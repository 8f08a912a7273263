import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def frameworks(db):
    call_command("load_frameworks", verbosity=0)
