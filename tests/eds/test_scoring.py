"""The grading rules, on plain values."""

import pytest

from dueregard.eds.scoring import View, agree_outcome, assess, combine_panel
from dueregard.frameworks.definitions import load_eds


@pytest.fixture(scope="module")
def eds2022():
    return load_eds("eds-2022")


@pytest.fixture(scope="module")
def eds2011():
    return load_eds("eds-2011")


def grades(fw, *codes):
    return [fw.grade(c) for c in codes]


def test_median_takes_the_lower_middle_when_even(eds2011):
    assert (
        combine_panel(grades(eds2011, "achieving", "developing", "excelling"), "median").code
        == "achieving"
    )
    assert combine_panel(grades(eds2011, "achieving", "developing"), "median").code == "developing"
    assert combine_panel(grades(eds2011, "achieving", "excelling"), "lowest").code == "achieving"
    assert combine_panel([], "median") is None


def test_local_interests_prevail_and_the_disagreement_is_kept(eds2011):
    views = [
        View("1.1", "organisation", "achieving", "Trust"),
        View("1.1", "panel_member", "developing", "Healthwatch"),
        View("1.1", "panel_member", "developing", "Staff network"),
    ]
    r = agree_outcome(eds2011, "1.1", None, views, "median")
    assert r.agreed_grade == "developing" and r.disagreement
    assert "the local interests graded Developing" in r.explanation
    assert r.organisation_grade == "achieving"


def test_chair_agreed_grade_overrides_the_computed_rule(eds2011):
    views = [
        View("2.1", "panel_member", "undeveloped", "A"),
        View("2.1", "panel_member", "developing", "B"),
        View("2.1", "panel_agreed", "achieving", "Chair"),
    ]
    assert agree_outcome(eds2011, "2.1", None, views, "median").agreed_grade == "achieving"


def test_chair_rule_never_falls_back_to_the_median(eds2011):
    views = [
        View("2.1", "organisation", "achieving", "Trust"),
        View("2.1", "panel_member", "developing", "A"),
        View("2.1", "panel_member", "developing", "B"),
    ]
    r = agree_outcome(eds2011, "2.1", None, views, "chair")
    assert r.agreed_grade is None and r.panel_grade is None
    assert "No agreed grade yet" in r.explanation
    agreed = agree_outcome(
        eds2011, "2.1", None, [*views, View("2.1", "panel_agreed", "developing")], "chair"
    )
    assert agreed.agreed_grade == "developing"


def test_organisation_grade_alone_is_not_agreed(eds2011):
    r = agree_outcome(eds2011, "1.1", None, [View("1.1", "organisation", "achieving")], "median")
    assert r.agreed_grade is None and "Not yet graded" in r.explanation


def _all(fw, services, grade_for):
    views = []
    for goal in fw.goals:
        for o in goal.outcomes:
            for s in services if goal.per_service else [None]:
                views.append(View(o.code, "panel_member", grade_for(o.code, s), "P", s))
    return views


def test_eds2022_domain1_is_the_median_of_services_and_rating_follows_bands(eds2022):
    services = ["Maternity", "Diabetes", "Mental health"]
    per_service = {"Maternity": "achieving", "Diabetes": "developing", "Mental health": "excelling"}

    def grade_for(code, service):
        return per_service[service] if service else "achieving"

    result = assess(eds2022, _all(eds2022, services, grade_for), services, "median")
    # Domain 1 totals per service: 4x2=8, 4x1=4, 4x3=12 -> median 8.
    assert result.domain_scores["1"] == 8
    assert result.domain_scores["2"] == 8 and result.domain_scores["3"] == 6
    assert result.total == 22 and result.rating == "achieving"


def test_rating_boundary_developing(eds2022):
    services = ["A", "B", "C"]
    result = assess(
        eds2022,
        _all(eds2022, services, lambda c, s: "developing" if c != "3C" else "achieving"),
        services,
        "median",
    )
    # 4 + 4 + (1 + 1 + 2) = 12 -> Developing (8 to 21)
    assert result.total == 12 and result.rating == "developing"


def test_incomplete_grading_has_no_total(eds2022):
    result = assess(eds2022, [View("2A", "panel_member", "achieving")], ["A", "B", "C"], "median")
    assert result.total is None and result.rating is None
