"""Who an award round reaches: nominated → shortlisted → won, by each characteristic
nominees chose to share when they agreed to be nominated (voluntary, kept apart from the
nomination; ADR 0044), against those who did not share it; disclosure-controlled.

"Nominated" counts the individual nominations the nominee agreed to (the ones that went
to the judges); team nominations are left out, as a team shares no characteristics.
"""

from __future__ import annotations

from dueregard.core import monitoring
from dueregard.core.tenancy import Scope, scope_filter
from dueregard.frameworks.services.characteristics import current

from ..models import JUDGED_STAGES, Nomination, NomineeKind, Round, Stage

STAGES = ("nominated", "shortlisted", "won")
SHORTLISTED = (Stage.SHORTLISTED, Stage.WINNER)


def _nominations(round_ids, category=None):
    qs = Nomination.objects.filter(
        round_id__in=list(round_ids), stage__in=JUDGED_STAGES, kind=NomineeKind.INDIVIDUAL
    )
    if category is not None:
        qs = qs.filter(category=category)
    return qs.order_by("pk")


def table(rnd: Round, category=None) -> list:
    rows = _nominations([rnd.pk], category).values_list(
        "pk", "stage", "monitoring__codes", "monitoring__ethnic_group"
    )
    people, shared = {}, {}
    for pk, stage, codes, group in rows:
        people[pk] = (stage in SHORTLISTED, stage == Stage.WINNER)
        if codes is not None or group:
            shared[pk] = codes or []
    return monitoring.group_rows(STAGES, people, shared, current())


def programmes(scope: Scope):
    """The rounds this scope organises (an organisation's own; a system's, all)."""
    return scope_filter(Round.objects.all(), scope).order_by("-opens_on", "title", "pk")


def totals(objects) -> dict[int, list[int]]:
    """Round id → [nominated, shortlisted, won], in one query for all of them."""
    out = {o.pk: [0, 0, 0] for o in objects}
    for round_id, stage in _nominations(out).values_list("round_id", "stage"):
        counts = out[round_id]
        counts[0] += 1
        counts[1] += stage in SHORTLISTED
        counts[2] += stage == Stage.WINNER
    return out


def accessed(scope: Scope) -> dict[str, str]:
    """WRES indicator 4: staff of the scope's organisations nominated (with their
    agreement) in a round organised in the scope, e-mail → the ethnic group they shared."""
    rows = (
        monitoring.staff_of(
            _nominations(programmes(scope).values_list("pk", flat=True)),
            scope,
            "nominee_organisation",
        )
        .order_by("pk")
        .values_list("nominee_email", "monitoring__ethnic_group")
    )
    out: dict[str, str] = {}
    for email, group in rows:
        out[email.lower()] = group or out.get(email.lower(), "")
    return out
