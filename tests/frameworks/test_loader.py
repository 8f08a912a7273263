"""The database loader: idempotent, versioned, and strict about silent changes."""

import shutil

import pytest
import yaml

from dueregard.frameworks import definitions
from dueregard.frameworks.models import FrameworkVersion
from dueregard.frameworks.services import loader


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(definitions.DATA_DIR, target)
    return target


def test_loading_twice_changes_nothing(db):
    first = loader.load_all()
    assert all(r.created for r in first)
    assert {r.code for r in first} == {"characteristics", "eds-2011", "eds2", "eds-2022", "idmf"}
    second = loader.load_all()
    assert not any(r.created for r in second)
    assert FrameworkVersion.objects.count() == 5


def test_stored_version_reads_back_as_the_framework(db):
    loader.load_all()
    eds = loader.definition(loader.current("eds-2022"))
    assert len(eds.outcomes) == 11
    assert eds.rating_for_total(22).name == "Achieving"


def test_new_version_is_added_and_old_kept(db, data_copy):
    loader.load_all(data_copy)
    path = data_copy / "eds-2022.yaml"
    data = yaml.safe_load(path.read_text())
    data["version"] = 2
    data["name"] = data["name"] + " (revised)"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    results = {r.code: r for r in loader.load_all(data_copy)}
    assert results["eds-2022"].created and results["eds-2022"].version == 2
    assert FrameworkVersion.objects.filter(code="eds-2022").count() == 2
    assert loader.current("eds-2022").version == 2


def test_changed_content_without_a_new_version_is_refused(db, data_copy):
    loader.load_all(data_copy)
    path = data_copy / "eds-2022.yaml"
    data = yaml.safe_load(path.read_text())
    data["name"] = "Quietly edited"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    with pytest.raises(definitions.FrameworkDataError, match="raise 'version'"):
        loader.load_all(data_copy)


def test_a_concurrent_load_finds_the_row_another_request_stored(db, monkeypatch):
    """Two first requests on an empty database both load the shipped files: the one whose
    insert loses finds the winner's row instead of failing (a 500 under parallel
    bookings before)."""
    from django.db.models.query import QuerySet

    loader.load_all()
    real_first = QuerySet.first
    calls = {"n": 0}

    def first_misses_once(self):
        calls["n"] += 1
        return None if calls["n"] == 1 else real_first(self)

    monkeypatch.setattr(QuerySet, "first", first_misses_once)
    path = definitions.DATA_DIR / "characteristics.yaml"
    result = loader.load_file(path)
    assert result.created is False and calls["n"] == 1
    assert FrameworkVersion.objects.filter(code="characteristics").count() == 1
    assert loader.current("characteristics").version == result.version
