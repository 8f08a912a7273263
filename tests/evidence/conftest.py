import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope
from dueregard.evidence.services import synthetic


@pytest.fixture
def frameworks(db):
    call_command("load_frameworks", verbosity=0)


@pytest.fixture
def analyst_a(make_user, org_a):
    return make_user("analyst.a@example.nhs.uk", Role.ANALYST, organisation=org_a)


@pytest.fixture
def analyst_scope(analyst_a, org_a):
    return Scope(analyst_a.pk, org_a.system, org_a, frozenset({Role.ANALYST}))


def csv_file(content: bytes | str, name="data.csv"):
    if isinstance(content, str):
        content = content.encode()
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def uptake_file():
    return lambda: csv_file(synthetic.uptake_csv(seed=1), "flu.csv")


@pytest.fixture
def ready_dataset(analyst_scope, analyst_a, uptake_file):
    """The synthetic uptake file uploaded, mapped (messy column and label) and imported."""
    import datetime as dt

    from django.utils import timezone

    from dueregard.evidence.services import datasets

    def make(keep_days: int | None = None):
        retain = timezone.localdate() + dt.timedelta(days=keep_days) if keep_days else None
        d = datasets.upload(
            analyst_scope,
            analyst_a,
            name="Flu",
            kind="uptake",
            file=uptake_file(),
            retain_until=retain,
        )
        datasets.save_mapping(
            d,
            analyst_a,
            columns=dict(d.mapping, deprivation_decile="IMD Decile (2019)"),
            codes={"ethnicity": {synthetic.MESSY_LABEL: "Black"}},
        )
        datasets.start_import(d, analyst_a)
        d.refresh_from_db()
        assert d.status == "ready", d.errors
        return d

    return make
