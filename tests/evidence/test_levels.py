"""Ethnicity (and other characteristics) counted at the level the analyst chose:
Census 2021 broad groups, the 19 detailed groups, or detailed where numbers allow."""

from __future__ import annotations

import pandas as pd
import pytest

from dueregard.evidence.services import levels
from dueregard.evidence.services.analyses import run_service
from dueregard.evidence.services.safety import controlled

WHITE_BRITISH = "English, Welsh, Scottish, Northern Irish or British"


def _frame() -> pd.DataFrame:
    rows = [
        (WHITE_BRITISH, 300, 400),
        ("Irish", 30, 40),
        ("Roma", 2, 5),
        ("Gypsy or Irish Traveller", 20, 30),
        ("Indian", 40, 60),
        ("Chinese", 3, 6),
        ("Pakistani", 25, 50),
        ("Arab", 12, 20),
        ("Any other ethnic group", 10, 20),
        ("Not declared", 15, 30),
    ]
    return pd.DataFrame(rows, columns=["ethnicity", "numerator", "denominator"])


def _groups(result: dict) -> dict[str, tuple[float, float]]:
    return {r["group"]: (r["numerator"], r["denominator"]) for r in result["rows"]}


def test_broad_level_rolls_up_to_the_five_groups():
    result = run_service(_frame(), "uptake", "by-group", "ethnicity", detail="broad")
    assert _groups(result) == {
        "White": (352, 475),
        "Asian": (68, 116),
        "Other": (22, 40),
        "Not declared": (15, 30),
    }
    assert result["reference"] == "White"
    assert "broad groups of the Census 2021 ethnic group" in result["method"]


def test_detailed_level_keeps_the_census_groups_in_order():
    result = run_service(_frame(), "uptake", "by-group", "ethnicity", detail="detailed")
    names = [r["group"] for r in result["rows"]]
    assert names == [
        WHITE_BRITISH,
        "Irish",
        "Gypsy or Irish Traveller",
        "Roma",
        "Indian",
        "Pakistani",
        "Chinese",
        "Arab",
        "Any other ethnic group",
        "Not declared",
    ]
    assert result["reference"] == WHITE_BRITISH
    # disclosure control still hides Roma and Chinese when shown outside the analyst role
    hidden = {r["group"] for r in controlled(result)["rows"] if r.get("suppressed")}
    assert {"Roma", "Chinese"} <= hidden


def test_auto_level_combines_groups_disclosure_control_would_hide():
    result = run_service(_frame(), "uptake", "by-group", "ethnicity", detail="auto")
    groups = _groups(result)
    assert groups[WHITE_BRITISH] == (300, 400) and groups["Pakistani"] == (25, 50)
    # Roma (2 of 5) joined by the group whose smallest cell is smallest (10 not taken up)
    assert groups["White (combined: Roma, Gypsy or Irish Traveller)"] == (22, 35)
    assert groups["Asian (combined: Chinese, Indian)"] == (43, 66)
    assert "Roma" not in groups and "Chinese" not in groups
    assert "Arab" in groups  # 12 of 20: every cell above 7
    assert "combined within their broad group" in result["method"]


def test_free_text_religion_is_read_against_the_census_list():
    frame = pd.DataFrame(
        {
            "religion": ["Christianity", "Christian", "Islam", "None", "Jedi"],
            "numerator": [10, 10, 9, 20, 9],
            "denominator": [20, 20, 18, 40, 18],
        }
    )
    detailed = _groups(run_service(frame, "uptake", "by-group", "religion", detail="detailed"))
    assert detailed["Christian"] == (20, 40) and detailed["Muslim"] == (9, 18)
    assert detailed["No religion"] == (20, 40) and detailed["Jedi"] == (9, 18)
    broad = _groups(run_service(frame, "uptake", "by-group", "religion", detail="broad"))
    assert broad["Has a religion"] == (29, 58)


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError, match="Unknown level of detail"):
        levels.apply(_frame(), "ethnicity", "finest", proportion=True)


def test_the_analysis_form_offers_the_level_and_refuses_an_unknown_one(
    client_for, analyst_a, ready_dataset
):
    from django.urls import reverse

    d = ready_dataset(keep_days=5)
    client = client_for(analyst_a)
    page = client.get(reverse("evidence:dataset", args=[d.pk])).content.decode()
    assert "Level of detail" in page and "Detailed groups (Census 2021 list)" in page
    response = client.post(
        reverse("evidence:analyse", args=[d.pk]),
        {"kind": "by-group", "group": "ethnicity", "detail": "finest"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("evidence:analyse", args=[d.pk]),
        {"kind": "by-group", "group": "ethnicity", "detail": "detailed"},
    )
    assert response.status_code == 302
    from dueregard.evidence.models import Analysis

    assert Analysis.objects.get(dataset=d).parameters["detail"] == "detailed"
