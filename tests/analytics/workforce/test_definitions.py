"""WRES/WDES definitions are versioned data: one checked YAML file per standard and year."""

import shutil

import pytest
import yaml

from dueregard.analytics.workforce import definitions
from dueregard.analytics.workforce.definitions import (
    DefinitionError,
    get_standard,
    load_standards,
    parse_standard,
)


def test_every_definitions_file_loads_and_names_its_version():
    loaded = load_standards()
    assert {name for name, _ in loaded} == {"WRES", "WDES"}
    for path in definitions.DEFINITIONS_DIR.glob("*.yaml"):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert path.name == f"{raw['name'].lower()}-{raw['version']}.yaml"


def test_wdes_has_its_own_definitions():
    wres, wdes = get_standard("WRES", "2025"), get_standard("WDES", "2025")
    assert (wres.grouping, wres.exclude_bank, wres.case_type) == (
        "ethnic_group",
        False,
        "disciplinary",
    )
    assert (wdes.grouping, wdes.exclude_bank, wdes.case_type) == ("disability", True, "capability")
    adjustments = next(item for item in wdes.survey if item.code == "8")
    assert adjustments.groups == ("Disabled",)
    hash(wres)  # the compiled-query cache keys on the standards


def test_a_new_year_is_a_new_file_and_old_years_stay_reproducible(tmp_path):
    for path in definitions.DEFINITIONS_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    raw = yaml.safe_load((tmp_path / "wres-2025.yaml").read_text(encoding="utf-8"))
    raw["version"] = "2026"
    raw["survey"][0]["questions"] = ["q14a"]  # the survey renumbered its questions
    (tmp_path / "wres-2026.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")

    loaded = load_standards(tmp_path)
    assert loaded[("WRES", "2025")] == get_standard("WRES", "2025")
    assert loaded[("WRES", "2026")].survey[0].questions == ("q14a",)
    assert loaded[("WRES", "2025")].survey[0].questions == ("q13a",)


def test_get_standard_names_the_versions_it_has():
    with pytest.raises(ValueError, match="available: 2025"):
        get_standard("WRES", "1999")
    with pytest.raises(ValueError, match="unknown standard"):
        get_standard("XYZ")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("grouping"), "needs the field 'grouping'"),
        (lambda r: r.update(exclude_bank="no"), "exclude_bank must be bool"),
        (lambda r: r.update(window_years=True), "window_years must be int"),
        (lambda r: r.update(colour="blue"), "unknown field"),
        (lambda r: r.update(case_reason_excluded="ill("), "not a valid pattern"),
        (lambda r: r["survey"][0].update(questions=[]), r"survey\[0\].questions"),
        (lambda r: r["survey"][1].update(code=r["survey"][0]["code"]), "codes repeat"),
    ],
)
def test_a_broken_definitions_file_is_refused_with_a_clear_message(change, message):
    raw = yaml.safe_load((definitions.DEFINITIONS_DIR / "wres-2025.yaml").read_text("utf-8"))
    change(raw)
    with pytest.raises(DefinitionError, match=message):
        parse_standard(raw, "wres-2025.yaml")


def test_a_file_named_for_another_version_is_refused(tmp_path):
    shutil.copy(definitions.DEFINITIONS_DIR / "wres-2025.yaml", tmp_path / "wres-2024.yaml")
    with pytest.raises(DefinitionError, match="name it wres-2025.yaml"):
        load_standards(tmp_path)
