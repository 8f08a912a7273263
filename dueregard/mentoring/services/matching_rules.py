"""Organisation rules and named preferences for :mod:`.matching` (pure: numpy only).

Per programme the organiser chooses:

* ``organisation_rule``: ``"either"`` (no rule), ``"same"`` (pairs from the same
  organisation only) or ``"different"`` (pairs from different organisations only). A hard
  rule: an arc that breaks it is forbidden (flag ``ORG_RULE``).
* ``preferences``: how people's named preferences count. Each person may name
  organisations they would like their partner to come from (``prefer_orgs``) and
  organisations they would rather not (``avoid_orgs``).

  - ``"hard"``: a pair where either person's partner comes from an organisation they
    asked to avoid is forbidden (``AVOIDED``), and so is a pair where someone named
    organisations to prefer and the other is from none of them (``NOT_PREFERRED``);
  - ``"soft"``: nothing is forbidden; the score gains ``w_preferences * preferences``,
    where ``preferences`` in [0, 1] is the mean over the two people of 1 (the other is
    from an organisation they preferred), 0 (one they asked to avoid) or ½ (neither).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

EITHER, SAME, DIFFERENT = "either", "same", "different"
ORGANISATION_RULES = (EITHER, SAME, DIFFERENT)
HARD, SOFT = "hard", "soft"
PREFERENCE_MODES = (HARD, SOFT)

# Bit flags, continuing matching.CHAIN, TEAM, CONFLICT (1, 2, 4).
ORG_RULE, AVOIDED, NOT_PREFERRED = 8, 16, 32

RULE_TEXT = {
    ORG_RULE: "the programme's rule on organisations",
    AVOIDED: "asked not to be paired with someone from that organisation",
    NOT_PREFERRED: "asked to be paired with someone from another organisation",
}


def _orgs(people) -> np.ndarray:
    return np.array([p.organisation_id or "" for p in people], dtype=object)


def _side_preference(chooser, others_orgs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For one person against every organisation in ``others_orgs``: (preferred, avoided,
    has preferences) as arrays."""
    preferred = np.array([o in chooser.prefer_orgs for o in others_orgs], dtype=bool)
    avoided = np.array([o in chooser.avoid_orgs for o in others_orgs], dtype=bool)
    return preferred, avoided, np.full(len(others_orgs), bool(chooser.prefer_orgs))


def forbidden(
    leaders: Sequence, partners: Sequence, organisation_rule: str, preferences: str
) -> np.ndarray:
    """Flags ``(n_partners, n_leaders)`` of the arcs these rules forbid."""
    why = np.zeros((len(partners), len(leaders)), dtype=np.int8)
    if not leaders or not partners:
        return why
    po, lo = _orgs(partners), _orgs(leaders)
    same = (po[:, None] == lo[None, :]) & (po[:, None] != "")
    if organisation_rule == SAME:
        why[~same] |= ORG_RULE
    elif organisation_rule == DIFFERENT:
        why[same] |= ORG_RULE
    if preferences == HARD:
        for i, partner in enumerate(partners):
            pref, avoid, has = _side_preference(partner, lo)
            why[i, avoid] |= AVOIDED
            why[i, has & ~pref] |= NOT_PREFERRED
        for j, leader in enumerate(leaders):
            pref, avoid, has = _side_preference(leader, po)
            why[avoid, j] |= AVOIDED
            why[has & ~pref, j] |= NOT_PREFERRED
    return why


def preference_scores(leaders: Sequence, partners: Sequence) -> np.ndarray:
    """The soft preference component, ``(n_partners, n_leaders)`` in [0, 1]."""
    score = np.zeros((len(partners), len(leaders)), dtype=np.float64)
    if not leaders or not partners:
        return score
    po, lo = _orgs(partners), _orgs(leaders)
    for i, partner in enumerate(partners):
        pref, avoid, _has = _side_preference(partner, lo)
        score[i, :] += np.where(avoid, 0.0, np.where(pref, 1.0, 0.5))
    for j, leader in enumerate(leaders):
        pref, avoid, _has = _side_preference(leader, po)
        score[:, j] += np.where(avoid, 0.0, np.where(pref, 1.0, 0.5))
    return score / 2.0


def rule_text(flags: int) -> list[str]:
    return [text for flag, text in RULE_TEXT.items() if flags & flag]
