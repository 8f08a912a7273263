"""Organisation rules and named preferences, hard and soft, in the optimal solver."""

import pytest

from dueregard.mentoring.services import matching
from dueregard.mentoring.services.matching import Constraints, Leader, Partner, Weights


def _people():
    leaders = [
        Leader("L1", topics={"a"}, organisation_id="X"),
        Leader("L2", topics={"b"}, organisation_id="Y"),
    ]
    partners = [
        Partner("P1", topics={"a"}, organisation_id="X"),
        Partner("P2", topics={"b"}, organisation_id="Y"),
    ]
    return leaders, partners


def _pairs(result):
    return sorted((p.leader_id, p.partner_id) for p in result.pairs)


def test_without_rules_the_best_topics_win():
    leaders, partners = _people()
    assert _pairs(matching.match(leaders, partners)) == [("L1", "P1"), ("L2", "P2")]


def test_different_organisations_rule_is_hard():
    leaders, partners = _people()
    result = matching.match(
        leaders, partners, constraints=Constraints(organisation_rule="different")
    )
    assert _pairs(result) == [("L1", "P2"), ("L2", "P1")]


def test_same_organisation_rule_leaves_people_unmatched_and_says_why():
    leaders = [Leader("L1", organisation_id="X")]
    partners = [Partner("P1", organisation_id="Y")]
    result = matching.match(leaders, partners, constraints=Constraints(organisation_rule="same"))
    assert result.pairs == ()
    reasons = " ".join(r for u in result.unmatched for r in u.reasons)
    assert "the programme's rule on organisations" in reasons


def test_hard_preferences_forbid_avoided_and_unpreferred_organisations():
    leaders, partners = _people()
    partners[0] = Partner("P1", topics={"a"}, organisation_id="X", avoid_orgs={"X"})
    result = matching.match(leaders, partners, constraints=Constraints(preferences="hard"))
    assert ("L1", "P1") not in _pairs(result)
    leaders[1] = Leader("L2", topics={"b"}, organisation_id="Y", prefer_orgs={"X"})
    result = matching.match(leaders, partners, constraints=Constraints(preferences="hard"))
    assert _pairs(result) == [("L1", "P2"), ("L2", "P1")]  # L2 only with X; P1 not with X


def test_soft_preferences_tip_the_balance_but_never_cost_a_pair():
    leaders = [Leader("L1", topics={"a"}, organisation_id="X"), Leader("L2", organisation_id="Y")]
    partners = [Partner("P1", topics={"a"}, organisation_id="Z", prefer_orgs={"Y"})]
    assert _pairs(matching.match(leaders, partners)) == [("L1", "P1")]
    soft = matching.match(leaders, partners, weights=Weights(preferences=5.0))
    assert _pairs(soft) == [("L2", "P1")]
    assert soft.pairs[0].components["preferences"] == pytest.approx(0.75)


def test_records_with_rules_reproduce_and_old_records_are_unchanged():
    leaders, partners = _people()
    plain = matching.match(leaders, partners).as_record()
    assert "organisation_rule" not in plain["inputs"]["constraints"]
    assert "preferences" not in plain["inputs"]["weights"]
    ruled = matching.match(
        leaders,
        partners,
        weights=Weights(preferences=1.0),
        constraints=Constraints(organisation_rule="different", preferences="soft"),
        seed=4,
    ).as_record()
    again = matching.match(**matching.inputs_from_record(ruled)).as_record()
    assert again == ruled
