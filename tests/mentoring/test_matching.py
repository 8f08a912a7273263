"""The mentoring matcher: tiny instances with hand-computed optima, hard rules, reasons."""

import ast
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dueregard.mentoring.services import matching
from dueregard.mentoring.services.matching import (
    Constraints,
    Leader,
    Partner,
    Weights,
    allowed_matrix,
    assign,
    greedy_matching,
    greedy_score,
    inputs_from_record,
    match,
    score_matrices,
)


def pairs_of(result):
    return {(p.leader_id, p.partner_id) for p in result.pairs}


def reasons_of(result, person_id):
    (u,) = [u for u in result.unmatched if u.person_id == person_id]
    return " ".join(u.reasons)


# ------------------------------------------------------------------ the matrix core


def test_assign_finds_the_known_maximum_of_a_3x3_matrix():
    score = np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]], dtype=float)
    # Six permutations: 6, 11, 5, 9, 7, 6 — the maximum is 4 + 5 + 2 = 11.
    rows, cols = assign(score, np.ones((3, 3), bool), np.ones(3, int))
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 0), (1, 2), (2, 1)]
    assert score[rows, cols].sum() == 11


def test_assign_prefers_more_pairs_over_a_higher_score():
    score = np.array([[10.0, 1.0], [1.0, 99.0]])
    allowed = np.array([[True, True], [True, False]])  # (1, 1) is forbidden
    rows, cols = assign(score, allowed, np.ones(2, int))
    # One pair worth 10 loses to two pairs worth 2: pairs first, then score.
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 1), (1, 0)]


def test_assign_never_uses_a_forbidden_arc_even_when_it_is_the_only_one():
    rows, cols = assign(np.array([[5.0]]), np.array([[False]]), np.array([1]))
    assert rows.size == cols.size == 0


def test_assign_expands_capacity_into_places():
    score = np.array([[3.0, 1.0], [3.0, 1.0], [3.0, 2.0]])
    rows, cols = assign(score, np.ones((3, 2), bool), np.array([2, 1]))
    # Column 0 takes two rows (3 + 3), column 1 takes the row that loses least (2).
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 0), (1, 0), (2, 1)]


def test_greedy_is_beaten_on_a_matrix_where_it_is_suboptimal():
    score = np.array([[1.0, 0.9], [0.9, 0.0]])
    allowed = np.ones((2, 2), bool)
    rows, cols = assign(score, allowed, np.ones(2, int))
    assert score[rows, cols].sum() == pytest.approx(1.8)
    assert greedy_score(score, allowed) == pytest.approx(1.0)


def test_greedy_matching_respects_capacity_and_forbidden_arcs():
    score = np.array([[5.0, 1.0], [4.0, 1.0], [3.0, 1.0]])
    allowed = np.array([[True, True], [True, True], [False, True]])
    rows, cols = greedy_matching(score, allowed, np.array([2, 1]))
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 0), (1, 0), (2, 1)]


# ------------------------------------------------------------------ people and scores


def greedy_trap():
    """Greedy takes L1–P1 (3) and is left with L2–P2 (0); the optimum is 2 + 2."""
    leaders = [
        Leader("L1", topics={"allyship"}, availability={"Monday morning"}, format="either"),
        Leader("L2", topics={"recruitment"}, availability={"Tuesday morning"}, format="in_person"),
    ]
    partners = [
        Partner(
            "P1",
            topics={"allyship"},
            availability={"Monday morning", "Tuesday morning"},
            format="either",
        ),
        Partner("P2", topics={"allyship"}, availability={"Wednesday"}, format="online"),
    ]
    return leaders, partners


def test_score_components_are_hand_computable():
    leaders, partners = greedy_trap()
    s = score_matrices(leaders, partners)
    np.testing.assert_allclose(s.topics, [[1, 0], [1, 0]])
    np.testing.assert_allclose(s.availability, [[1, 1], [0, 0]])
    np.testing.assert_allclose(s.format, [[1, 1], [1, 0]])
    np.testing.assert_allclose(s.total, [[3, 2], [2, 0]])


def test_jaccard_and_overlap_values():
    leaders = [Leader("L", topics={"a", "b", "c"}, availability={"mon", "tue", "wed"})]
    partners = [Partner("P", topics={"b", "c", "d", "e"}, availability={"tue"})]
    s = score_matrices(leaders, partners, Weights(topics=2.0, availability=0.5, format=0.0))
    assert s.topics[0, 0] == pytest.approx(2 / 5)  # {b, c} of {a, b, c, d, e}
    assert s.availability[0, 0] == pytest.approx(1.0)  # P's only slot is one of L's
    assert s.total[0, 0] == pytest.approx(2 * 2 / 5 + 0.5)


def test_solver_beats_greedy_on_people():
    leaders, partners = greedy_trap()
    result = match(leaders, partners)
    assert pairs_of(result) == {("L1", "P2"), ("L2", "P1")}
    assert result.total_score == pytest.approx(4.0)
    s = score_matrices(leaders, partners)
    allowed, _ = allowed_matrix(leaders, partners)
    assert greedy_score(s.total, allowed) == pytest.approx(3.0)


def test_weights_change_the_optimum():
    leaders, partners = greedy_trap()
    # With only topics counting, P1–L1 and P2–L1 tie at 1 and L2 adds nothing: 1 + 0.
    result = match(leaders, partners, Weights(topics=1, availability=0, format=0))
    assert result.total_score == pytest.approx(1.0)
    assert len(result.pairs) == 2


def test_explanation_says_why_the_pair_was_made():
    leaders = [
        Leader(
            "L1",
            topics={"allyship", "recruitment", "reverse mentoring", "board"},
            availability={"Tuesday morning", "Friday"},
            format="online",
        )
    ]
    partners = [
        Partner(
            "P1",
            topics={"allyship", "recruitment", "reverse mentoring"},
            availability={"Tuesday morning"},
            format="online",
        )
    ]
    (pair,) = match(leaders, partners).pairs
    assert pair.explanation == (
        "3 shared topics: allyship, recruitment, reverse mentoring; "
        "both available Tuesday morning; both prefer online"
    )
    assert pair.components == {"topics": 0.75, "availability": 1.0, "format": 1.0}
    assert pair.score == pytest.approx(2.75)


def test_explanation_of_a_weak_pair():
    leaders = [Leader("L1", topics={"a"}, format="in_person")]
    partners = [Partner("P1", topics={"b"}, availability={"Monday"}, format="online")]
    (pair,) = match(leaders, partners).pairs
    assert pair.explanation == (
        "no shared topics; no common availability; "
        "formats differ: L1 prefers in person, P1 prefers online"
    )
    assert pair.score == 0


def test_explanation_when_one_side_is_flexible():
    leaders = [Leader("L1", topics={"a"}, format="either")]
    partners = [Partner("P1", topics={"a"}, format="in_person")]
    (pair,) = match(leaders, partners).pairs
    assert pair.explanation.startswith("1 shared topic: a; no common availability; ")
    assert "can meet in person" in pair.explanation


# ------------------------------------------------------------------ hard rules


def best_but_forbidden(**partner_rules):
    """P1 would score 3 with L1 and 0 with L2; the rule must push P1 to L2."""
    leader_rules = partner_rules.pop("leader_rules", {})
    leaders = [
        Leader("L1", topics={"a"}, availability={"mon"}, format="online", **leader_rules),
        Leader("L2", topics={"z"}, availability={"fri"}, format="in_person"),
    ]
    partners = [Partner("P1", topics={"a"}, availability={"mon"}, format="online", **partner_rules)]
    return match(leaders, partners)


@pytest.mark.parametrize(
    ("rules", "text"),
    [
        ({"chain_ids": {"L1"}}, "same line-management chain"),  # L1 manages P1 (up the chain)
        ({"leader_rules": {"chain_ids": {"P1"}}}, "same line-management chain"),
        ({"team_id": "T", "leader_rules": {"team_id": "T"}}, "same team"),
        ({"conflicts": {"L1"}}, "declared conflict"),  # declared by the partner
        ({"leader_rules": {"conflicts": {"P1"}}}, "declared conflict"),  # by the leader
    ],
)
def test_hard_rules_forbid_the_best_pair(rules, text):
    result = best_but_forbidden(**dict(rules))
    assert pairs_of(result) == {("L2", "P1")}
    assert result.total_score == 0
    # And L1, left over, is told why.
    assert reasons_of(result, "L1") == (
        f"leader L1 has no allowed partner: every partner is excluded — P1 ({text})"
    )
    _, why = allowed_matrix(result.leaders, result.partners)
    assert matching._rule_text(int(why[0, 0])) == text


def test_without_the_rule_the_best_pair_is_made():
    result = best_but_forbidden()
    assert pairs_of(result) == {("L1", "P1")}
    assert result.total_score == 3


def test_different_teams_and_missing_teams_are_allowed():
    leaders = [Leader("L1", team_id="T1"), Leader("L2")]
    partners = [Partner("P1", team_id="T2"), Partner("P2")]
    allowed, _ = allowed_matrix(leaders, partners)
    assert allowed.all()


def test_chain_ids_of_people_outside_the_programme_are_ignored():
    leaders = [Leader("L1", chain_ids={"CEO"})]
    partners = [Partner("P1", chain_ids={"CEO", "Director"})]
    assert len(match(leaders, partners).pairs) == 1


# ------------------------------------------------------------------ capacities


def test_leader_with_capacity_two_takes_the_two_best_partners():
    leaders = [
        Leader("L1", topics={"a"}, availability={"mon"}, capacity=2),
        Leader("L2", topics={"b"}),
    ]
    partners = [
        Partner("P1", topics={"a"}, availability={"mon"}),  # 3 with L1, 1 with L2
        Partner("P2", topics={"a"}, availability={"mon"}),  # 3 with L1, 1 with L2
        Partner("P3", topics={"a", "b"}, availability={"mon"}),  # 2.5 with L1, 1.5 with L2
    ]
    result = match(leaders, partners)
    # Options: L1 {P1, P2} + L2 P3 = 7.5; L1 {P1, P3} + L2 P2 = 6.5.
    assert pairs_of(result) == {("L1", "P1"), ("L1", "P2"), ("L2", "P3")}
    assert result.total_score == pytest.approx(7.5)
    assert result.complete


def test_capacity_one_by_default_leaves_a_partner_unmatched():
    result = match([Leader("L1")], [Partner("P1"), Partner("P2")])
    assert len(result.pairs) == 1
    (u,) = result.unmatched
    assert u.side == "partner"
    assert "2 partners but only 1 leader places remain" in u.reasons[0]
    assert not result.complete


# ------------------------------------------------------------------ fixed pairs


def test_forced_pair_is_kept_even_when_it_lowers_the_score():
    leaders, partners = greedy_trap()
    result = match(leaders, partners, constraints=Constraints(forced=(("L2", "P2"),)))
    assert pairs_of(result) == {("L1", "P1"), ("L2", "P2")}
    (forced,) = [p for p in result.pairs if p.fixed == "forced"]
    assert forced.explanation.startswith("forced by the organiser; ")
    assert result.total_score == pytest.approx(3.0)


def test_accepted_pairs_are_fixed_on_a_re_run():
    leaders, partners = greedy_trap()
    first = match(leaders, partners)
    accepted = (("L2", "P1"),)
    # A newcomer who would be perfect for L2 arrives; the accepted pair stays.
    newcomer = Partner(
        "P3", topics={"recruitment"}, availability={"Tuesday morning"}, format="in_person"
    )
    leaders = [*leaders, Leader("L3", topics={"recruitment"})]
    rerun = match(leaders, [*partners, newcomer], constraints=Constraints(accepted=accepted))
    assert ("L2", "P1") in pairs_of(first)
    assert ("L2", "P1") in pairs_of(rerun)
    assert [p.fixed for p in rerun.pairs if p.leader_id == "L2"] == ["accepted"]
    assert ("L3", "P3") in pairs_of(rerun)
    without = match(leaders, [*partners, newcomer])
    assert ("L2", "P3") in pairs_of(without)  # so the constraint did change the outcome


def test_fixed_pair_uses_up_a_place():
    leaders = [Leader("L1", capacity=2)]
    partners = [Partner("P1"), Partner("P2"), Partner("P3")]
    result = match(leaders, partners, constraints=Constraints(forced=(("L1", "P3"),)))
    assert ("L1", "P3") in pairs_of(result)
    assert len(result.pairs) == 2
    (u,) = result.unmatched
    assert (
        "2 partners but only 1 leader places remain after forced and accepted pairs"
        in (u.reasons[0])
    )


def test_fixed_pair_breaking_a_hard_rule_is_an_error_not_a_pair():
    leaders = [Leader("L1", team_id="T"), Leader("L2")]
    partners = [Partner("P1", team_id="T")]
    result = match(leaders, partners, constraints=Constraints(accepted=(("L1", "P1"),)))
    assert pairs_of(result) == {("L2", "P1")}  # P1 goes back into the pool
    (error,) = result.errors
    assert (error.leader_id, error.partner_id, error.source) == ("L1", "P1", "accepted")
    assert error.message == "accepted pair L1–P1 not used: same team"
    assert not result.complete


# ------------------------------------------------------------------ no full matching


def test_partner_with_no_allowed_leader_is_told_why():
    leaders = [Leader("L1"), Leader("L2", conflicts={"P17"}), Leader("L3", team_id="T")]
    partners = [Partner("P17", chain_ids={"L1"}, team_id="T")]
    result = match(leaders, partners)
    assert result.pairs == ()
    assert reasons_of(result, "P17") == (
        "partner P17 has no allowed leader: every leader is excluded — "
        "L1 (same line-management chain); L3 (same team); L2 (declared conflict)"
    )
    assert "no allowed partner" in reasons_of(result, "L1")


def test_more_partners_than_places_is_counted():
    leaders = [Leader(f"L{i}") for i in range(1, 4)] + [Leader("L4", capacity=2)]
    partners = [Partner(f"P{i}") for i in range(1, 8)]
    result = match(leaders, partners)
    assert len(result.pairs) == 5
    unmatched = [u for u in result.unmatched if u.side == "partner"]
    assert len(unmatched) == 2
    for u in unmatched:
        assert u.reasons[0].startswith("7 partners but only 5 leader places remain")


def test_hall_violation_names_the_competing_partners_and_their_leaders():
    leaders = [Leader("L1"), Leader("L2", team_id="T"), Leader("L3", team_id="T")]
    partners = [Partner("P1", team_id="T"), Partner("P2", team_id="T"), Partner("P3")]
    result = match(leaders, partners)
    assert len(result.pairs) == 2  # P1 and P2 both can only have L1
    (u,) = [u for u in result.unmatched if u.side == "partner"]
    assert u.person_id in {"P1", "P2"}
    assert u.reasons[0] == (
        f"partner {u.person_id} competes for too few places: 2 partners (P1, P2) can only be "
        "paired with leaders L1, who have 1 place between them; the optimal matching pairs "
        "the others, which gives the higher total score"
    )
    (spare,) = [u for u in result.unmatched if u.side == "leader"]
    assert spare.person_id in {"L2", "L3"}
    assert "are all paired with other leaders" in spare.reasons[0]


def test_leader_places_left_over_are_explained():
    result = match([Leader("L1"), Leader("L2")], [Partner("P1")])
    (u,) = result.unmatched
    assert u.side == "leader"
    assert u.reasons == (
        "2 leader places but only 1 partners to pair after forced and accepted pairs",
    )
    assert result.complete  # every partner has a leader


def test_full_leaders_after_fixed_pairs_are_explained():
    leaders = [Leader("L1"), Leader("L2", team_id="T")]
    partners = [Partner("P1"), Partner("P2", team_id="T")]
    result = match(leaders, partners, constraints=Constraints(forced=(("L1", "P1"),)))
    assert reasons_of(result, "P2") == (
        "partner P2 has no allowed leader with a place left: L1 are full after forced and "
        "accepted pairs"
    )


def test_empty_inputs():
    assert match([], []).pairs == ()
    result = match([], [Partner("P1")])
    assert reasons_of(result, "P1") == "partner P1 has no allowed leader: there are no leaders"


# ------------------------------------------------------------------ reproducibility


def tied_instance(n=4):
    return [Leader(f"L{i}") for i in range(n)], [Partner(f"P{i}") for i in range(n)]


def test_same_seed_same_result():
    leaders, partners = tied_instance()
    a = match(leaders, partners, seed=7).as_record()
    b = match(leaders, partners, seed=7).as_record()
    assert a == b


def test_seed_breaks_ties_without_changing_the_optimum():
    leaders, partners = tied_instance()
    results = [match(leaders, partners, seed=s) for s in range(10)]
    assert len({frozenset(pairs_of(r)) for r in results}) > 1
    assert {len(r.pairs) for r in results} == {4}
    assert {r.total_score for r in results} == {results[0].total_score}


def test_record_is_json_and_reproduces_the_run():
    leaders, partners = greedy_trap()
    result = match(
        leaders, partners, Weights(2, 1, 0.5), Constraints(forced=(("L1", "P1"),)), seed=3
    )
    record = json.loads(json.dumps(result.as_record()))
    assert record["inputs"]["seed"] == 3
    assert record["inputs"]["weights"] == {"topics": 2, "availability": 1, "format": 0.5}
    assert "maximise the number of pairs" in record["objective"]
    again = match(**inputs_from_record(record))
    assert again.as_record() == result.as_record()


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"leaders": [Leader("L1"), Leader("L1")], "partners": []},
            "duplicate leader ids: L1",
        ),
        (
            {"leaders": [], "partners": [Partner("P2"), Partner("P1"), Partner("P2")]},
            "duplicate partner ids: P2",
        ),
        (
            {"leaders": [Leader("X")], "partners": [Partner("X")]},
            "ids used for both a leader and a partner: X",
        ),
        (
            {"leaders": [Leader("L1", capacity=0), Leader("L2", capacity=-1)], "partners": []},
            "capacity must be at least 1 for leaders: L1, L2",
        ),
        (
            {"leaders": [Leader("L1", format="phone")], "partners": []},
            "format must be one of in_person, online, either for: L1",
        ),
        (
            {"leaders": [], "partners": [], "weights": Weights(topics=-1)},
            "weight topics must not be negative, got -1",
        ),
        (
            {"leaders": [], "partners": [], "weights": Weights(format=float("nan"))},
            "weight format must be a finite number",
        ),
        (
            {"leaders": [Leader("L1")], "partners": [Partner("P1", conflicts={"Q9", "L1"})]},
            "P1 declares conflicts with unknown ids: Q9",
        ),
        (
            {
                "leaders": [Leader("L1")],
                "partners": [Partner("P1")],
                "constraints": Constraints(forced=(("L9", "P1"),)),
            },
            "forced pair (L9, P1): unknown leader L9",
        ),
        (
            {
                "leaders": [Leader("L1")],
                "partners": [Partner("P1")],
                "constraints": Constraints(accepted=(("L1", "P5"),)),
            },
            "accepted pair (L1, P5): unknown partner P5",
        ),
        (
            {
                "leaders": [Leader("L1"), Leader("L2")],
                "partners": [Partner("P1")],
                "constraints": Constraints(forced=(("L1", "P1"),), accepted=(("L2", "P1"),)),
            },
            "partners fixed to more than one leader: P1 with L1, L2",
        ),
        (
            {
                "leaders": [Leader("L1")],
                "partners": [Partner("P1"), Partner("P2")],
                "constraints": Constraints(forced=(("L1", "P1"), ("L1", "P2"))),
            },
            "more fixed pairs than places for leaders: L1 has 2 for 1",
        ),
        ({"leaders": [], "partners": [], "seed": -1}, "seed must be a non-negative integer"),
    ],
)
def test_invalid_input_is_refused_with_the_offending_ids(kwargs, message):
    with pytest.raises(ValueError) as excinfo:
        match(**kwargs)
    assert message in str(excinfo.value)


def test_capacity_must_be_a_whole_number():
    with pytest.raises(ValueError, match="capacity must be a whole number for leaders: L1"):
        match([Leader("L1", capacity=1.5)], [])
    result = match([Leader("L1", capacity=np.int64(2))], [Partner("P1"), Partner("P2")])
    assert len(result.pairs) == 2
    assert json.dumps(result.as_record())


def test_result_does_not_depend_on_python_hash_seeds():
    script = (
        "import json;"
        "from dueregard.mentoring.services.matching import Leader, Partner, match;"
        "L=[Leader(f'L{i}', topics={'a','b','c','d'} - {'abcd'[i]}, capacity=1+i%2) "
        "for i in range(4)];"
        "P=[Partner(f'P{i}', topics={'a','b','c','d','e'} - {'abcde'[i]}, conflicts={'L1'}) "
        "for i in range(5)];"
        "print(json.dumps(match(L, P, seed=1).as_record(), sort_keys=True))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(h)},
            cwd=Path(__file__).resolve().parents[2],
        ).stdout
        for h in (1, 2, 3)
    }
    assert len(outputs) == 1


def test_topics_given_as_a_string_are_refused():
    with pytest.raises(ValueError, match="P1: topics must be a collection"):
        Partner("P1", topics="allyship")


def test_same_pair_forced_and_accepted_counts_once_as_forced():
    result = match(
        [Leader("L1")],
        [Partner("P1")],
        constraints=Constraints(forced=(("L1", "P1"),), accepted=(("L1", "P1"),)),
    )
    assert [p.fixed for p in result.pairs] == ["forced"]


def test_the_module_is_pure():
    """matching and its rules module import numpy and scipy only (and each other)."""
    from dueregard.mentoring.services import matching_rules

    for module in (matching, matching_rules):
        tree = ast.parse(Path(module.__file__).read_text())
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level:
                assert [a.name for a in node.names] == ["matching_rules"]
            elif isinstance(node, ast.ImportFrom):
                modules.add((node.module or "").split(".")[0])
        assert modules <= {
            "__future__",
            "collections",
            "dataclasses",
            "math",
            "typing",
            "numpy",
            "scipy",
        }


# ------------------------------------------------------------------ property: brute force


def brute_force(score, allowed, capacity, fixed=()):
    """Best (pairs, score) over every matching that contains the fixed pairs."""
    n_rows, n_cols = score.shape
    left = list(capacity)
    fixed_rows = {r for r, _ in fixed}
    for _, c in fixed:
        left[c] -= 1
    base = sum(score[r, c] for r, c in fixed)
    best = (len(fixed), base)
    free_rows = [r for r in range(n_rows) if r not in fixed_rows]
    for choice in itertools.product([None, *range(n_cols)], repeat=len(free_rows)):
        used = [0] * n_cols
        ok = True
        for r, c in zip(free_rows, choice, strict=True):
            if c is None:
                continue
            used[c] += 1
            if not allowed[r, c] or used[c] > left[c]:
                ok = False
                break
        if not ok:
            continue
        pairs = [(r, c) for r, c in zip(free_rows, choice, strict=True) if c is not None]
        value = (len(fixed) + len(pairs), base + sum(score[r, c] for r, c in pairs))
        if value[0] > best[0] or (value[0] == best[0] and value[1] > best[1] + 1e-9):
            best = value
    return best


TOPICS = ["allyship", "board", "careers", "data", "estates"]
SLOTS = ["mon", "tue", "wed"]


@st.composite
def instances(draw):
    n_leaders = draw(st.integers(1, 3))
    n_partners = draw(st.integers(1, 6 - n_leaders))
    people = []
    for side, n in (("L", n_leaders), ("P", n_partners)):
        for k in range(n):
            people.append(
                {
                    "side": side,
                    "id": f"{side}{k}",
                    "topics": draw(st.frozensets(st.sampled_from(TOPICS), max_size=4)),
                    "availability": draw(st.frozensets(st.sampled_from(SLOTS), max_size=3)),
                    "format": draw(st.sampled_from(matching.FORMATS)),
                    "team_id": draw(st.sampled_from([None, None, "T1", "T2"])),
                }
            )
    leader_ids = [p["id"] for p in people if p["side"] == "L"]
    partner_ids = [p["id"] for p in people if p["side"] == "P"]
    leaders, partners = [], []
    for p in people:
        others = partner_ids if p["side"] == "L" else leader_ids
        common = {k: v for k, v in p.items() if k != "side"}
        common["chain_ids"] = draw(st.frozensets(st.sampled_from(others), max_size=1))
        common["conflicts"] = draw(st.frozensets(st.sampled_from(others), max_size=1))
        if p["side"] == "L":
            leaders.append(Leader(**common, capacity=draw(st.integers(1, 2))))
        else:
            partners.append(Partner(**common))
    weights = Weights(*(draw(st.sampled_from([0.0, 0.5, 1.0, 2.0])) for _ in range(3)))
    return leaders, partners, weights, draw(st.integers(0, 2**16))


@settings(max_examples=200, deadline=None)
@given(instances())
def test_optimal_against_brute_force(instance):
    leaders, partners, weights, seed = instance
    s = score_matrices(leaders, partners, weights)
    allowed, _ = allowed_matrix(leaders, partners)
    capacity = [ld.capacity for ld in leaders]
    # Scores agree with a direct per-pair computation.
    for i, p in enumerate(partners):
        for j, ld in enumerate(leaders):
            union = p.topics | ld.topics
            jac = len(p.topics & ld.topics) / len(union) if union else 0
            small = min(len(p.availability), len(ld.availability))
            ov = len(p.availability & ld.availability) / small if small else 0
            fmt = p.format == ld.format or "either" in (p.format, ld.format)
            expected = weights.topics * jac + weights.availability * ov + weights.format * fmt
            assert s.total[i, j] == pytest.approx(expected)

    result = match(leaders, partners, weights, seed=seed)
    best_pairs, best_score = brute_force(s.total, allowed, capacity)
    assert len(result.pairs) == best_pairs
    assert result.total_score == pytest.approx(best_score, abs=1e-9)

    # Every pair respects the hard rules and the capacities.
    p_index = {p.id: i for i, p in enumerate(partners)}
    l_index = {ld.id: j for j, ld in enumerate(leaders)}
    used = [0] * len(leaders)
    for pair in result.pairs:
        assert allowed[p_index[pair.partner_id], l_index[pair.leader_id]]
        used[l_index[pair.leader_id]] += 1
    assert all(u <= c for u, c in zip(used, capacity, strict=True))
    assert len({p.partner_id for p in result.pairs}) == len(result.pairs)
    # Everyone not paired is accounted for, with a reason.
    assert {u.person_id for u in result.unmatched if u.side == "partner"} == (
        set(p_index) - {p.partner_id for p in result.pairs}
    )
    assert all(u.reasons for u in result.unmatched)

    # Greedy is never better, lexicographically.
    g_rows, g_cols = greedy_matching(s.total, allowed, capacity)
    g = (len(g_rows), float(s.total[g_rows, g_cols].sum()))
    assert g[0] < best_pairs or g[1] <= best_score + 1e-9


@settings(max_examples=100, deadline=None)
@given(instances(), st.data())
def test_optimal_with_a_forced_pair_against_brute_force(instance, data):
    leaders, partners, weights, seed = instance
    s = score_matrices(leaders, partners, weights)
    allowed, _ = allowed_matrix(leaders, partners)
    r = data.draw(st.integers(0, len(partners) - 1))
    c = data.draw(st.integers(0, len(leaders) - 1))
    forced = Constraints(forced=((leaders[c].id, partners[r].id),))
    result = match(leaders, partners, weights, forced, seed=seed)
    capacity = [ld.capacity for ld in leaders]
    if allowed[r, c]:
        assert not result.errors
        assert (leaders[c].id, partners[r].id) in pairs_of(result)
        expected = brute_force(s.total, allowed, capacity, fixed=[(r, c)])
    else:
        assert [(e.leader_id, e.partner_id) for e in result.errors] == [
            (leaders[c].id, partners[r].id)
        ]
        expected = brute_force(s.total, allowed, capacity)
    assert (len(result.pairs), result.total_score) == (
        expected[0],
        pytest.approx(expected[1], abs=1e-9),
    )
