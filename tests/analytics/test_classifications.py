"""Census 2021 classifications: the 19 ethnic groups, their roll-up and the combining of
small detailed groups."""

from __future__ import annotations

import pytest

from dueregard.analytics.classifications import (
    CLASSIFICATIONS,
    ETHNICITY,
    classify,
    roll_up_small,
    unit_of,
)

WHITE_BRITISH = "English, Welsh, Scottish, Northern Irish or British"


def test_ethnicity_has_the_19_census_groups_in_five_broad_groups():
    assert len(ETHNICITY.groups) == 19
    assert sorted(int(g.code) for g in ETHNICITY.groups) == list(range(1, 20))
    sizes = {b: sum(g.broad == b for g in ETHNICITY.groups) for b in ETHNICITY.broad}
    assert list(sizes.values()) == [5, 4, 5, 3, 2]
    for name in ("Gypsy or Irish Traveller", "Roma", "Chinese", "Arab"):
        assert name in ETHNICITY.labels
    assert ETHNICITY.broad_of("Chinese") == "Asian, Asian British or Asian Welsh"
    assert ETHNICITY.broad_of("Arab") == "Other ethnic group"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A", (WHITE_BRITISH, "White")),
        ("H Indian", ("Indian", "Asian, Asian British or Asian Welsh")),
        ("r", ("Chinese", "Asian, Asian British or Asian Welsh")),  # Chinese moved in 2021
        ("White: Roma", ("Roma", "White")),
        ("Asian", ("", "Asian, Asian British or Asian Welsh")),
        ("Not stated", None),
    ],
)
def test_classify_reads_census_labels_and_2001_nhs_codes(raw, expected):
    assert classify(raw) == expected


def test_broad_level_uses_the_short_names():
    assert unit_of("Roma", ETHNICITY, "broad") == "White"
    assert unit_of("Arab", ETHNICITY, "broad") == "Other"
    assert unit_of("Not stated", ETHNICITY, "broad") == "Not stated"
    assert unit_of("Roma", ETHNICITY, "detailed") == "Roma"
    with pytest.raises(ValueError, match="level must be one of broad, detailed, auto"):
        unit_of("Roma", ETHNICITY, "fine")


def test_small_detailed_groups_are_combined_so_none_can_be_recovered():
    counts = {
        WHITE_BRITISH: 500,
        "Irish": 20,
        "Roma": 3,
        "Indian": 40,
        "Chinese": 2,
        "Asian": 3,
        "Pakistani": 30,
        "Arab": 5,
        "Any other ethnic group": 4,
        "Not stated": 3,
    }
    units = roll_up_small(counts, ETHNICITY, 8)
    assert units[WHITE_BRITISH] == WHITE_BRITISH and units["Indian"] == "Indian"
    # Roma alone would be recoverable from a White total: the smallest other joins it
    assert units["Roma"] == units["Irish"] == "White (combined: Roma, Irish)"
    # 2 + 3 is still small: Pakistani (the next smallest) joins
    assert units["Chinese"] == units["Asian"] == units["Pakistani"]
    assert units["Chinese"] == "Asian (combined: Chinese, Pakistani, not specified further)"
    # every group of the broad group combined: the broad name
    assert units["Arab"] == units["Any other ethnic group"] == "Other"
    assert units["Not stated"] == "Not stated"  # outside the list: left to disclosure control
    merged: dict[str, float] = {}
    for label, unit in units.items():
        if unit != label:
            merged[unit] = merged.get(unit, 0) + counts[label]
    assert all(n >= 8 for n in merged.values())


def test_large_groups_are_kept():
    counts = {g.label: 10 for g in ETHNICITY.groups}
    assert roll_up_small(counts, ETHNICITY, 8) == {k: k for k in counts}


def test_other_characteristics_have_detailed_lists_with_a_roll_up():
    assert set(CLASSIFICATIONS) == {
        "ethnicity",
        "disability",
        "religion",
        "sexual_orientation",
        "gender_identity",
    }
    assert classify("Limited a lot", CLASSIFICATIONS["disability"])[1] == "Disabled"
    assert classify("Islam", CLASSIFICATIONS["religion"]) == ("Muslim", "Has a religion")
    assert classify("Pansexual", CLASSIFICATIONS["sexual_orientation"])[1].endswith("(LGB+)")
    assert classify("Non-binary", CLASSIFICATIONS["gender_identity"])[1].startswith(
        "Gender identity different"
    )
