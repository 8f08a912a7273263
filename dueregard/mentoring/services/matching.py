"""Optimal matching of leaders and partners for reciprocal mentoring.

A pure module: numpy and scipy only, no Django. The web app turns applications into
:class:`Leader` and :class:`Partner` values, calls :func:`match`, and stores the
:class:`MatchResult` (``result.as_record()`` holds every input, weight and the seed, and
:func:`inputs_from_record` turns it back into arguments for an identical re-run).

Score
    For a partner ``p`` and a leader ``l`` the compatibility score is the weighted sum of
    three components, each in [0, 1], kept separately so that every pair can say why it was
    made:

    * ``topics``: Jaccard index of the topic sets, ``|P ∩ L| / |P ∪ L|`` (0 if both empty);
    * ``availability``: overlap coefficient of the availability slots,
      ``|P ∩ L| / min(|P|, |L|)`` (0 if either is empty) — 1 when one person can make every
      slot the other offered;
    * ``format``: 1 if the meeting formats are compatible (the same, or either of them is
      ``"either"``), else 0.

    ``score = w_topics * topics + w_availability * availability + w_format * format``.

Hard rules (forbidden arcs)
    A pair is never proposed when the two are in the same line-management chain (either
    appears in the other's ``chain_ids``), in the same team, or when either declared the
    other in ``conflicts``. Forced and accepted pairs that break a hard rule are reported in
    ``MatchResult.errors`` and not used; the two people go back into the pool.

Objective (lexicographic)
    Forced and accepted pairs are fixed first and use up their leader's places. Then, among
    all matchings of the remaining people that respect the hard rules and capacities:

    1. maximise the number of pairs;
    2. among those, maximise the total compatibility score.

    It is solved exactly as one rectangular assignment problem
    (:func:`scipy.optimize.linear_sum_assignment`): a leader with ``k`` free places becomes
    ``k`` columns, an allowed arc is worth ``M + score`` and a forbidden arc 0 (taking it
    means "not paired"), with ``M`` larger than any achievable total score, so one more pair
    always beats any gain in score. No greedy step is involved anywhere.

Reproducibility
    The seed only shuffles the order in which rows and columns are handed to the solver.
    This changes which of several equally good matchings is returned, never the optimum
    value; the same inputs and seed always give the same matching.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from . import matching_rules

__all__ = [
    "EITHER",
    "FORMATS",
    "IN_PERSON",
    "OBJECTIVE",
    "ONLINE",
    "Constraints",
    "Leader",
    "MatchResult",
    "Pair",
    "PairError",
    "Partner",
    "Scores",
    "Unmatched",
    "Weights",
    "allowed_matrix",
    "assign",
    "greedy_matching",
    "greedy_score",
    "inputs_from_record",
    "match",
    "score_matrices",
]

SOLVER = "linear_sum_assignment, lexicographic (pairs, score), seeded row/column order"
OBJECTIVE = (
    "Fix forced and accepted pairs; then maximise the number of pairs, and among maximum "
    "matchings maximise the total compatibility score. Ties broken by the seed."
)

IN_PERSON = "in_person"
ONLINE = "online"
EITHER = "either"
FORMATS = (IN_PERSON, ONLINE, EITHER)
_FORMAT_TEXT = {IN_PERSON: "in person", ONLINE: "online", EITHER: "either way"}

# Reasons an arc is forbidden, as bit flags in the matrix returned by allowed_matrix().
CHAIN, TEAM, CONFLICT = 1, 2, 4
_LIST_AT_MOST = 5


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class _Person:
    id: str
    topics: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    format: str = EITHER
    team_id: str | None = None
    chain_ids: frozenset[str] = frozenset()  # ids of this person's line managers, upwards
    conflicts: frozenset[str] = frozenset()  # ids this person must not be paired with
    # Organisation rules and named preferences (matching_rules): an opaque organisation id,
    # and the organisation ids this person would like, or not like, their partner from.
    organisation_id: str | None = None
    prefer_orgs: frozenset[str] = frozenset()
    avoid_orgs: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Accept any iterable of strings (lists from JSON, tuples) and store frozensets.
        for name in (
            "topics",
            "availability",
            "chain_ids",
            "conflicts",
            "prefer_orgs",
            "avoid_orgs",
        ):
            value = getattr(self, name)
            if isinstance(value, str):
                raise ValueError(f"{self.id}: {name} must be a collection of strings, not a string")
            object.__setattr__(self, name, frozenset(value))

    def as_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "topics": sorted(self.topics),
            "availability": sorted(self.availability),
            "format": self.format,
            "team_id": self.team_id,
            "chain_ids": sorted(self.chain_ids),
            "conflicts": sorted(self.conflicts),
        }
        # Only when used, so records of runs made before these existed still reproduce.
        if self.organisation_id is not None:
            out["organisation_id"] = self.organisation_id
        if self.prefer_orgs:
            out["prefer_orgs"] = sorted(self.prefer_orgs)
        if self.avoid_orgs:
            out["avoid_orgs"] = sorted(self.avoid_orgs)
        return out


@dataclass(frozen=True)
class Partner(_Person):
    """A member of staff from an under-represented group; paired with one leader."""


@dataclass(frozen=True)
class Leader(_Person):
    """A senior leader or board member; ``capacity`` is how many partners they can take."""

    capacity: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "capacity": int(self.capacity)}


@dataclass(frozen=True)
class Weights:
    """Organiser weights for the score components (non-negative)."""

    topics: float = 1.0
    availability: float = 1.0
    format: float = 1.0
    preferences: float = 0.0  # soft named preferences (matching_rules)

    def as_dict(self) -> dict[str, float]:
        out = {"topics": self.topics, "availability": self.availability, "format": self.format}
        if self.preferences:
            out["preferences"] = self.preferences
        return out


@dataclass(frozen=True)
class Constraints:
    """Pairs the solver must keep, as ``(leader_id, partner_id)``.

    ``forced``: set by an organiser for this run. ``accepted``: accepted in an earlier run
    and fixed on re-runs. Both are checked against the hard rules.
    """

    forced: tuple[tuple[str, str], ...] = ()
    accepted: tuple[tuple[str, str], ...] = ()
    organisation_rule: str = matching_rules.EITHER
    preferences: str = matching_rules.SOFT

    def __post_init__(self) -> None:
        for name in ("forced", "accepted"):
            pairs = tuple((str(a), str(b)) for a, b in getattr(self, name))
            object.__setattr__(self, name, pairs)
        if self.organisation_rule not in matching_rules.ORGANISATION_RULES:
            raise ValueError(f"unknown organisation rule {self.organisation_rule!r}")
        if self.preferences not in matching_rules.PREFERENCE_MODES:
            raise ValueError(f"unknown preference mode {self.preferences!r}")

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "forced": [list(p) for p in self.forced],
            "accepted": [list(p) for p in self.accepted],
        }
        if self.organisation_rule != matching_rules.EITHER:
            out["organisation_rule"] = self.organisation_rule
        if self.preferences != matching_rules.SOFT:
            out["preferences"] = self.preferences
        return out


# --------------------------------------------------------------------------- outputs


@dataclass(frozen=True)
class Pair:
    leader_id: str
    partner_id: str
    score: float
    components: Mapping[str, float]  # raw component values in [0, 1], before weights
    explanation: str
    fixed: str | None = None  # "forced", "accepted" or None (proposed by the solver)


@dataclass(frozen=True)
class Unmatched:
    person_id: str
    side: str  # "leader" or "partner"
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PairError:
    """A forced or accepted pair that was not used because it breaks a hard rule."""

    leader_id: str
    partner_id: str
    source: str  # "forced" or "accepted"
    reasons: tuple[str, ...]

    @property
    def message(self) -> str:
        return f"{self.source} pair {self.leader_id}–{self.partner_id} not used: " + "; ".join(
            self.reasons
        )


@dataclass(frozen=True)
class MatchResult:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    errors: tuple[PairError, ...]
    total_score: float
    leaders: tuple[Leader, ...]
    partners: tuple[Partner, ...]
    weights: Weights
    constraints: Constraints
    seed: int
    objective: str = OBJECTIVE
    solver: str = SOLVER

    @property
    def complete(self) -> bool:
        """True when every partner has a leader and no fixed pair had to be dropped."""
        return not self.errors and not any(u.side == "partner" for u in self.unmatched)

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready record of the run: inputs, weights, seed and outcome."""
        return {
            "inputs": {
                "leaders": [p.as_dict() for p in self.leaders],
                "partners": [p.as_dict() for p in self.partners],
                "weights": self.weights.as_dict(),
                "constraints": self.constraints.as_dict(),
                "seed": self.seed,
            },
            "objective": self.objective,
            "solver": self.solver,
            "total_score": self.total_score,
            "pairs": [
                {
                    "leader_id": p.leader_id,
                    "partner_id": p.partner_id,
                    "score": p.score,
                    "components": dict(p.components),
                    "explanation": p.explanation,
                    "fixed": p.fixed,
                }
                for p in self.pairs
            ],
            "unmatched": [
                {"person_id": u.person_id, "side": u.side, "reasons": list(u.reasons)}
                for u in self.unmatched
            ],
            "errors": [
                {
                    "leader_id": e.leader_id,
                    "partner_id": e.partner_id,
                    "source": e.source,
                    "reasons": list(e.reasons),
                }
                for e in self.errors
            ],
        }


def inputs_from_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for :func:`match` that reproduce a stored run exactly."""
    inputs = record["inputs"]
    return {
        "leaders": [Leader(**d) for d in inputs["leaders"]],
        "partners": [Partner(**d) for d in inputs["partners"]],
        "weights": Weights(**inputs["weights"]),
        "constraints": Constraints(
            forced=tuple(tuple(p) for p in inputs["constraints"]["forced"]),
            accepted=tuple(tuple(p) for p in inputs["constraints"]["accepted"]),
            organisation_rule=inputs["constraints"].get("organisation_rule", "either"),
            preferences=inputs["constraints"].get("preferences", "soft"),
        ),
        "seed": inputs["seed"],
    }


# --------------------------------------------------------------------------- validation


def _names(ids: Iterable[str]) -> str:
    return ", ".join(sorted(set(ids)))


def _validate(
    leaders: Sequence[Leader],
    partners: Sequence[Partner],
    weights: Weights,
    constraints: Constraints,
    seed: int,
) -> None:
    for side, people in (("leader", leaders), ("partner", partners)):
        ids = [p.id for p in people]
        dupes = [i for i, n in Counter(ids).items() if n > 1]
        if dupes:
            raise ValueError(f"duplicate {side} ids: {_names(dupes)}")
    both = {p.id for p in leaders} & {p.id for p in partners}
    if both:
        raise ValueError(f"ids used for both a leader and a partner: {_names(both)}")

    bad_capacity = [
        ld.id
        for ld in leaders
        if isinstance(ld.capacity, bool) or not isinstance(ld.capacity, int | np.integer)
    ]
    if bad_capacity:
        raise ValueError(f"capacity must be a whole number for leaders: {_names(bad_capacity)}")
    low = [ld.id for ld in leaders if ld.capacity < 1]
    if low:
        raise ValueError(f"capacity must be at least 1 for leaders: {_names(low)}")

    bad_format = [p.id for p in (*leaders, *partners) if p.format not in FORMATS]
    if bad_format:
        raise ValueError(f"format must be one of {', '.join(FORMATS)} for: {_names(bad_format)}")

    for name, value in weights.as_dict().items():
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"weight {name} must be a finite number, got {value!r}")
        if value < 0:
            raise ValueError(f"weight {name} must not be negative, got {value!r}")

    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")

    known = {p.id for p in leaders} | {p.id for p in partners}
    for person in (*leaders, *partners):
        unknown = person.conflicts - known
        if unknown:
            raise ValueError(f"{person.id} declares conflicts with unknown ids: {_names(unknown)}")

    leader_ids = {ld.id for ld in leaders}
    partner_ids = {p.id for p in partners}
    for source in ("forced", "accepted"):
        for leader_id, partner_id in getattr(constraints, source):
            problems = []
            if leader_id not in leader_ids:
                problems.append(f"unknown leader {leader_id}")
            if partner_id not in partner_ids:
                problems.append(f"unknown partner {partner_id}")
            if problems:
                raise ValueError(
                    f"{source} pair ({leader_id}, {partner_id}): " + " and ".join(problems)
                )

    fixed = _fixed_pairs(constraints)
    by_partner: dict[str, set[str]] = {}
    by_leader: dict[str, int] = {}
    for (leader_id, partner_id), _source in fixed.items():
        by_partner.setdefault(partner_id, set()).add(leader_id)
        by_leader[leader_id] = by_leader.get(leader_id, 0) + 1
    twice = {p: ls for p, ls in by_partner.items() if len(ls) > 1}
    if twice:
        detail = "; ".join(f"{p} with {_names(ls)}" for p, ls in sorted(twice.items()))
        raise ValueError(f"partners fixed to more than one leader: {detail}")
    capacity = {ld.id: ld.capacity for ld in leaders}
    over = {lid: n for lid, n in by_leader.items() if n > capacity[lid]}
    if over:
        detail = "; ".join(f"{lid} has {n} for {capacity[lid]}" for lid, n in sorted(over.items()))
        raise ValueError(f"more fixed pairs than places for leaders: {detail}")


def _fixed_pairs(constraints: Constraints) -> dict[tuple[str, str], str]:
    """Forced and accepted pairs, de-duplicated; "forced" wins when a pair is in both."""
    fixed: dict[tuple[str, str], str] = {}
    for pair in constraints.accepted:
        fixed[pair] = "accepted"
    for pair in constraints.forced:
        fixed[pair] = "forced"
    return fixed


# --------------------------------------------------------------------------- matrices


@dataclass(frozen=True)
class Scores:
    """Score components and total, each ``(n_partners, n_leaders)``."""

    topics: np.ndarray
    availability: np.ndarray
    format: np.ndarray
    total: np.ndarray


def _incidence(sets: Sequence[frozenset[str]], vocabulary: Mapping[str, int]) -> sparse.csr_array:
    indptr = np.zeros(len(sets) + 1, dtype=np.int64)
    indices: list[int] = []
    for i, items in enumerate(sets):
        indices.extend(vocabulary[x] for x in items)
        indptr[i + 1] = len(indices)
    data = np.ones(len(indices), dtype=np.float64)
    return sparse.csr_array(
        (data, np.asarray(indices, dtype=np.int64), indptr), shape=(len(sets), len(vocabulary))
    )


def _intersections(
    a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """|A_i ∩ B_j| as a dense matrix (sparse × dense product), and the set sizes."""
    vocabulary = {x: k for k, x in enumerate(sorted(set().union(*a, *b)))}
    size_a = np.fromiter((len(s) for s in a), dtype=np.float64, count=len(a))
    size_b = np.fromiter((len(s) for s in b), dtype=np.float64, count=len(b))
    if not vocabulary:
        return np.zeros((len(a), len(b))), size_a, size_b
    inc_a = _incidence(a, vocabulary)
    inc_b = _incidence(b, vocabulary).toarray()
    inter = np.asarray(inc_a @ inc_b.T)
    return inter, size_a, size_b


def score_matrices(
    leaders: Sequence[Leader], partners: Sequence[Partner], weights: Weights = Weights()
) -> Scores:
    """Vectorised compatibility scores: rows are partners, columns are leaders."""
    p_topics, l_topics = [p.topics for p in partners], [ld.topics for ld in leaders]
    inter, size_p, size_l = _intersections(p_topics, l_topics)
    union = size_p[:, None] + size_l[None, :] - inter
    topics = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)

    p_slots, l_slots = [p.availability for p in partners], [ld.availability for ld in leaders]
    inter, size_p, size_l = _intersections(p_slots, l_slots)
    smaller = np.minimum(size_p[:, None], size_l[None, :])
    availability = np.divide(inter, smaller, out=np.zeros_like(inter), where=smaller > 0)

    code = {IN_PERSON: 0, ONLINE: 1, EITHER: 2}
    fp = np.array([code[p.format] for p in partners], dtype=np.int8)[:, None]
    fl = np.array([code[ld.format] for ld in leaders], dtype=np.int8)[None, :]
    fmt = ((fp == fl) | (fp == 2) | (fl == 2)).astype(np.float64)

    total = weights.topics * topics + weights.availability * availability + weights.format * fmt
    return Scores(topics=topics, availability=availability, format=fmt, total=total)


def _index_pairs(
    people: Sequence[_Person], attr: str, other_index: Mapping[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = [], []
    for i, person in enumerate(people):
        for other in getattr(person, attr):
            j = other_index.get(other)
            if j is not None:
                rows.append(i)
                cols.append(j)
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


def allowed_matrix(
    leaders: Sequence[Leader], partners: Sequence[Partner]
) -> tuple[np.ndarray, np.ndarray]:
    """Hard rules as forbidden arcs.

    Returns ``(allowed, why)``, both ``(n_partners, n_leaders)``: ``allowed`` is boolean and
    ``why`` holds the bit flags ``CHAIN | TEAM | CONFLICT`` of every rule an arc breaks.
    """
    why = np.zeros((len(partners), len(leaders)), dtype=np.int8)
    p_index = {p.id: i for i, p in enumerate(partners)}
    l_index = {ld.id: j for j, ld in enumerate(leaders)}

    # Same line-management chain: the leader is in the partner's chain, or the reverse.
    r, c = _index_pairs(partners, "chain_ids", l_index)
    why[r, c] |= CHAIN
    c, r = _index_pairs(leaders, "chain_ids", p_index)
    why[r, c] |= CHAIN

    # Same team (people without a team are never in the same team).
    teams = {
        t: k for k, t in enumerate(sorted({x.team_id for x in (*leaders, *partners)} - {None}))
    }
    tp = np.array([teams.get(p.team_id, -1) for p in partners], dtype=np.int64)[:, None]
    tl = np.array([teams.get(ld.team_id, -2) for ld in leaders], dtype=np.int64)[None, :]
    why[(tp == tl)] |= TEAM

    # Declared conflicts, in either direction.
    r, c = _index_pairs(partners, "conflicts", l_index)
    why[r, c] |= CONFLICT
    c, r = _index_pairs(leaders, "conflicts", p_index)
    why[r, c] |= CONFLICT
    return why == 0, why


# --------------------------------------------------------------------------- solver


def assign(
    score: np.ndarray, allowed: np.ndarray, capacity: np.ndarray, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Optimal b-matching of rows (capacity 1) to columns (``capacity[j]`` places).

    The pure matrix core of :func:`match`: maximises the number of pairs, then the total of
    ``score`` over the pairs, using only arcs where ``allowed`` is true. Returns the row and
    column indices of the pairs, sorted by row.
    """
    score = np.asarray(score, dtype=np.float64)
    allowed = np.asarray(allowed, dtype=bool)
    capacity = np.asarray(capacity, dtype=np.int64)
    n_rows, n_cols = score.shape
    if allowed.shape != score.shape or capacity.shape != (n_cols,):
        raise ValueError("score, allowed and capacity shapes do not agree")
    if np.any(capacity < 0):
        raise ValueError("capacity must not be negative")
    if not np.all(np.isfinite(score[allowed])):
        raise ValueError("scores of allowed arcs must be finite")
    slot_owner = np.repeat(np.arange(n_cols), capacity)
    empty = np.zeros(0, dtype=np.int64)
    if n_rows == 0 or slot_owner.size == 0 or not allowed.any():
        return empty, empty

    # Lexicographic objective in one assignment: an allowed arc is worth M + score, a
    # forbidden arc 0. With M above any achievable total of scores (shifted to be
    # non-negative), a matching with one pair more is always worth more.
    shift = min(0.0, float(score[allowed].min()))
    span = float(score[allowed].max()) - shift
    big = (min(n_rows, slot_owner.size) + 1) * (span + 1.0)
    value = np.where(allowed[:, slot_owner], big + (score[:, slot_owner] - shift), 0.0)

    rng = np.random.default_rng(seed)
    row_order = rng.permutation(n_rows)
    col_order = rng.permutation(slot_owner.size)
    r, c = linear_sum_assignment(value[np.ix_(row_order, col_order)], maximize=True)
    rows, cols = row_order[r], slot_owner[col_order[c]]
    keep = allowed[rows, cols]
    rows, cols = rows[keep], cols[keep]
    order = np.argsort(rows, kind="stable")
    return rows[order], cols[order]


def greedy_matching(
    score: np.ndarray, allowed: np.ndarray, capacity: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The spreadsheet method, for comparison only: take the best remaining allowed pair."""
    score = np.asarray(score, dtype=np.float64)
    allowed = np.asarray(allowed, dtype=bool)
    n_rows, n_cols = score.shape
    left = np.ones(n_cols, dtype=np.int64) if capacity is None else np.array(capacity, np.int64)
    rr, cc = np.nonzero(allowed)
    order = np.argsort(-score[rr, cc], kind="stable")
    row_free = np.ones(n_rows, dtype=bool)
    rows, cols = [], []
    to_fill = min(n_rows, int(left.sum()))
    for k in order.tolist():
        if len(rows) == to_fill:
            break
        i, j = int(rr[k]), int(cc[k])
        if row_free[i] and left[j] > 0:
            row_free[i] = False
            left[j] -= 1
            rows.append(i)
            cols.append(j)
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


def greedy_score(
    score: np.ndarray, allowed: np.ndarray, capacity: np.ndarray | None = None
) -> float:
    """Total score of :func:`greedy_matching` (never above the optimum of :func:`assign`)."""
    rows, cols = greedy_matching(score, allowed, capacity)
    return float(np.asarray(score, dtype=np.float64)[rows, cols].sum())


# --------------------------------------------------------------------------- explanations


def _list(ids: Sequence[str]) -> str:
    ids = sorted(ids)
    if len(ids) <= _LIST_AT_MOST:
        return ", ".join(ids)
    return ", ".join(ids[:_LIST_AT_MOST]) + f" and {len(ids) - _LIST_AT_MOST} more"


def _explain(leader: Leader, partner: Partner) -> str:
    shared = sorted(leader.topics & partner.topics)
    if shared:
        noun = "topic" if len(shared) == 1 else "topics"
        parts = [f"{len(shared)} shared {noun}: {', '.join(shared)}"]
    else:
        parts = ["no shared topics"]
    slots = sorted(leader.availability & partner.availability)
    parts.append(f"both available {', '.join(slots)}" if slots else "no common availability")
    lf, pf = leader.format, partner.format
    if lf == pf == EITHER:
        parts.append("both happy to meet in person or online")
    elif lf == pf:
        parts.append(f"both prefer {_FORMAT_TEXT[lf]}")
    elif EITHER in (lf, pf):
        specific = pf if lf == EITHER else lf
        who = partner.id if lf == EITHER else leader.id
        parts.append(
            f"can meet {_FORMAT_TEXT[specific]} ({who}'s preference; the other is flexible)"
        )
    else:
        parts.append(
            f"formats differ: {leader.id} prefers {_FORMAT_TEXT[lf]}, "
            f"{partner.id} prefers {_FORMAT_TEXT[pf]}"
        )
    return "; ".join(parts)


def _rule_text(flags: int) -> str:
    texts = []
    if flags & CHAIN:
        texts.append("same line-management chain")
    if flags & TEAM:
        texts.append("same team")
    if flags & CONFLICT:
        texts.append("declared conflict")
    texts += matching_rules.rule_text(flags)
    return ", ".join(texts)


def _exclusions(ids: Sequence[str], flags: np.ndarray) -> str:
    """ "L1, L2: same team; L3: declared conflict" for the excluded people of one row."""
    groups: dict[int, list[str]] = {}
    for person_id, f in zip(ids, flags.tolist(), strict=True):
        groups.setdefault(f, []).append(person_id)
    # Rule order: chain, team, conflict, then combinations.
    return "; ".join(f"{_list(v)} ({_rule_text(k)})" for k, v in sorted(groups.items()))


# --------------------------------------------------------------------------- match


def match(
    leaders: Sequence[Leader],
    partners: Sequence[Partner],
    weights: Weights = Weights(),
    constraints: Constraints = Constraints(),
    seed: int = 0,
) -> MatchResult:
    """Pair partners with leaders optimally; see the module docstring for the objective.

    Raises ``ValueError`` naming the offending ids for duplicate ids, unknown ids in
    conflicts or fixed pairs, a partner fixed to two leaders, more fixed pairs than a
    leader's capacity, negative weights, capacity below 1 or an unknown format.
    """
    leaders, partners = tuple(leaders), tuple(partners)
    _validate(leaders, partners, weights, constraints, seed)
    scores = score_matrices(leaders, partners, weights)
    allowed, why = allowed_matrix(leaders, partners)
    why |= matching_rules.forbidden(
        leaders, partners, constraints.organisation_rule, constraints.preferences
    )
    allowed = why == 0
    preference = None
    if weights.preferences and constraints.preferences == matching_rules.SOFT:
        preference = matching_rules.preference_scores(leaders, partners)
        scores = Scores(
            topics=scores.topics,
            availability=scores.availability,
            format=scores.format,
            total=scores.total + weights.preferences * preference,
        )
    l_index = {ld.id: j for j, ld in enumerate(leaders)}
    p_index = {p.id: i for i, p in enumerate(partners)}

    # 1. Fixed pairs first; those that break a hard rule are errors, not pairs.
    free = np.array([ld.capacity for ld in leaders], dtype=np.int64)
    in_pool = np.ones(len(partners), dtype=bool)
    fixed: list[tuple[int, int, str]] = []
    errors: list[PairError] = []
    for (leader_id, partner_id), source in _fixed_pairs(constraints).items():
        i, j = p_index[partner_id], l_index[leader_id]
        if allowed[i, j]:
            fixed.append((i, j, source))
            free[j] -= 1
            in_pool[i] = False
        else:
            reasons = tuple(_rule_text(int(why[i, j])).split(", "))
            errors.append(PairError(leader_id, partner_id, source, reasons))

    # 2. Optimal matching of everyone else.
    pool = np.flatnonzero(in_pool)
    rows, cols = assign(scores.total[pool], allowed[pool], free, seed)
    solved = [(int(pool[r]), int(c), None) for r, c in zip(rows, cols, strict=True)]

    pairs = []
    for i, j, source in sorted(fixed, key=lambda t: (t[1], t[0])) + solved:
        leader, partner = leaders[j], partners[i]
        explanation = _explain(leader, partner)
        if source == "forced":
            explanation = "forced by the organiser; " + explanation
        elif source == "accepted":
            explanation = "accepted in an earlier run; " + explanation
        pairs.append(
            Pair(
                leader_id=leader.id,
                partner_id=partner.id,
                score=float(scores.total[i, j]),
                components={
                    "topics": float(scores.topics[i, j]),
                    "availability": float(scores.availability[i, j]),
                    "format": float(scores.format[i, j]),
                    **({"preferences": float(preference[i, j])} if preference is not None else {}),
                },
                explanation=explanation,
                fixed=source,
            )
        )

    matched_partner = np.zeros(len(partners), dtype=bool)
    matched_partner[np.array([i for i, _, _ in fixed], dtype=np.int64)] = True
    matched_partner[pool[rows]] = True
    partner_of_slot = {}  # leader index -> partner indices matched by the solver
    for r, c in zip(rows, cols, strict=True):
        partner_of_slot.setdefault(int(c), []).append(int(pool[r]))
    unmatched = _why_unmatched(
        leaders, partners, allowed, why, free, pool, matched_partner, partner_of_slot, pairs
    )
    return MatchResult(
        pairs=tuple(pairs),
        unmatched=tuple(unmatched),
        errors=tuple(errors),
        total_score=float(sum(p.score for p in pairs)),
        leaders=leaders,
        partners=partners,
        weights=weights,
        constraints=constraints,
        seed=seed,
    )


def _why_unmatched(
    leaders: tuple[Leader, ...],
    partners: tuple[Partner, ...],
    allowed: np.ndarray,
    why: np.ndarray,
    free: np.ndarray,
    pool: np.ndarray,
    matched_partner: np.ndarray,
    solver_partners: dict[int, list[int]],
    pairs: list[Pair],
) -> list[Unmatched]:
    leader_ids = [ld.id for ld in leaders]
    partner_ids = [p.id for p in partners]
    pool_size, places = int(pool.size), int(free.sum())
    out: list[Unmatched] = []

    for i in np.flatnonzero(~matched_partner).tolist():
        pid = partner_ids[i]
        if not allowed[i].any():
            if not leaders:
                reason = f"partner {pid} has no allowed leader: there are no leaders"
            else:
                reason = (
                    f"partner {pid} has no allowed leader: every leader is excluded — "
                    + _exclusions(leader_ids, why[i])
                )
            out.append(Unmatched(pid, "partner", (reason,)))
            continue
        options = np.flatnonzero(allowed[i])
        if not free[options].any():
            reason = (
                f"partner {pid} has no allowed leader with a place left: "
                f"{_list([leader_ids[j] for j in options])} are full after forced and "
                "accepted pairs"
            )
            out.append(Unmatched(pid, "partner", (reason,)))
            continue
        # Hall's theorem: follow alternating paths from this partner. Every leader they
        # reach is full (the matching has maximum size), so the partners reached outnumber
        # the places of the leaders reached.
        reached = np.zeros(len(partners), dtype=bool)
        reached[i] = True
        leaders_reached = np.zeros(len(leaders), dtype=bool)
        while True:
            new_leaders = allowed[reached].any(axis=0) & (free > 0) & ~leaders_reached
            if not new_leaders.any():
                break
            leaders_reached |= new_leaders
            for j in np.flatnonzero(new_leaders).tolist():
                reached[solver_partners.get(j, [])] = True
        n_reached, n_places = int(reached.sum()), int(free[leaders_reached].sum())
        if pool_size > places and n_places == places:
            reason = (
                f"{pool_size} partners but only {places} leader places remain after forced "
                "and accepted pairs; the optimal matching pairs the others, which gives the "
                "higher total score"
            )
        else:
            rivals = _list([partner_ids[k] for k in np.flatnonzero(reached)])
            options = _list([leader_ids[j] for j in np.flatnonzero(leaders_reached)])
            reason = (
                f"partner {pid} competes for too few places: {n_reached} partners "
                f"({rivals}) can only be paired with leaders {options}, "
                f"who have {n_places} place{'s' if n_places != 1 else ''} between them; "
                "the optimal matching pairs the others, which gives the higher total score"
            )
        out.append(Unmatched(pid, "partner", (reason,)))

    paired_leaders = {p.leader_id for p in pairs}
    for j, lid in enumerate(leader_ids):
        if lid in paired_leaders:
            continue
        if not allowed[:, j].any():
            if not partners:
                reason = f"leader {lid} has no allowed partner: there are no partners"
            else:
                reason = (
                    f"leader {lid} has no allowed partner: every partner is excluded — "
                    + _exclusions(partner_ids, why[:, j])
                )
        elif places > pool_size:
            reason = (
                f"{places} leader places but only {pool_size} partners to pair after forced "
                "and accepted pairs"
            )
        else:
            options = [partner_ids[i] for i in np.flatnonzero(allowed[:, j])]
            reason = (
                f"leader {lid}'s allowed partners ({_list(options)}) are all paired with other "
                "leaders in the optimal matching"
            )
        out.append(Unmatched(lid, "leader", (reason,)))
    return out
