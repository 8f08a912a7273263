"""Match runs: turn applications into solver inputs, run the solver, store the run.

The stored record (``MatchResult.as_record()``) holds solver ids (``L12``, ``P40``) and
the inputs the solver saw — topics, availability, format, team and chain ids, conflicts,
capacity — never names or characteristics. Shared characteristics are used only when the
organiser turns on ``require_focus_group``: partners who shared none of the programme's
focus groups are then left out before the solver runs (listed in ``MatchRun.excluded``).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dueregard.core.services import audit

from ..models import (
    LIVE,
    Application,
    MatchRun,
    PairStatus,
    Partnership,
    PreferenceMode,
    Programme,
    ProgrammeStatus,
    Side,
)
from . import matching
from .programmes import audit_place

FOCUS_REASON = "did not share a characteristic in the programme's focus groups"
TAKEN_REASON = "already introduced to a partner in this programme"


def weights_of(programme: Programme, people=()) -> matching.Weights:
    """The organiser's weights. Soft preferences count only when someone stated one, so
    scores are unchanged for programmes where nobody did."""
    stated = any(p.prefer_orgs or p.avoid_orgs for p in people)
    return matching.Weights(
        topics=programme.weight_topics,
        availability=programme.weight_availability,
        format=programme.weight_format,
        preferences=programme.weight_preferences
        if programme.preference_mode == PreferenceMode.SOFT and stated
        else 0.0,
    )


def _chains(apps: Iterable[Application]) -> dict[int, set[int]]:
    """Application pk -> pks of applicants above them in their line-management chain.

    A chain is the line manager and any senior managers named, followed upwards through
    the managers who applied themselves.
    """
    apps = list(apps)
    by_email = {a.user.email.lower(): a for a in apps}
    direct = {
        a.pk: {e for e in [a.line_manager_email, *(a.senior_manager_emails or [])] if e}
        for a in apps
    }
    out: dict[int, set[int]] = {}
    for a in apps:
        seen_emails: set[str] = set()
        todo = list(direct[a.pk])
        while todo:
            email = todo.pop()
            if email in seen_emails:
                continue
            seen_emails.add(email)
            above = by_email.get(email)
            if above is not None:
                todo.extend(direct[above.pk])
        out[a.pk] = {by_email[e].pk for e in seen_emails if e in by_email} - {a.pk}
    return out


def _team(a: Application) -> str | None:
    team = " ".join(a.team.split()).lower()
    return f"{a.organisation_id}:{team}" if team else None


def people(apps: Iterable[Application], capacity_used: dict[int, int] | None = None):
    """Solver ``Leader`` and ``Partner`` values for applications (all in one programme)."""
    apps = list(apps)
    capacity_used = capacity_used or {}
    chains = _chains(apps)
    by_pk = {a.pk: a for a in apps}
    by_email = {a.user.email.lower(): a for a in apps}
    leaders, partners = [], []
    for a in apps:
        conflicts = {by_email[e].solver_id for e in a.conflict_emails or () if e in by_email}
        common = {
            "id": a.solver_id,
            "topics": a.topics or [],
            "availability": a.availability or [],
            "format": a.format,
            "team_id": _team(a),
            "chain_ids": sorted(by_pk[pk].solver_id for pk in chains[a.pk]),
            "conflicts": sorted(conflicts - {a.solver_id}),
            "organisation_id": str(a.organisation_id),
            "prefer_orgs": [str(o) for o in a.prefer_organisations or ()],
            "avoid_orgs": [str(o) for o in a.avoid_organisations or ()],
        }
        if a.side == Side.LEADER:
            free = max(int(a.capacity or 1) - capacity_used.get(a.pk, 0), 0)
            leaders.append((a, matching.Leader(capacity=max(free, 1), **common), free))
        else:
            partners.append((a, matching.Partner(**common)))
    return leaders, partners


def inputs(programme: Programme):
    """Everything one run needs: solver people, constraints, and who was left out and why."""
    apps = list(
        Application.objects.filter(programme=programme, status=Application.Status.SUBMITTED)
        .select_related("user")
        .order_by("pk")
    )
    live = list(Partnership.objects.filter(programme=programme, status__in=LIVE))
    active = [p for p in live if p.status == PairStatus.ACTIVE]
    accepted = [p for p in live if p.status == PairStatus.ACCEPTED]
    used: dict[int, int] = {}
    for p in active:
        used[p.leader_id] = used.get(p.leader_id, 0) + 1
    introduced_partners = {p.partner_id for p in active}
    accepted_partners = {p.partner_id for p in accepted}
    focus = set(programme.focus_groups or ())
    excluded = []
    chosen = []
    for a in apps:
        if a.side == Side.PARTNER and a.pk in introduced_partners:
            excluded.append({"id": a.solver_id, "reason": TAKEN_REASON})
            continue
        if (
            a.side == Side.PARTNER
            and programme.require_focus_group
            and a.pk not in accepted_partners
            and not focus & set(a.characteristics or ())
        ):
            excluded.append({"id": a.solver_id, "reason": FOCUS_REASON})
            continue
        chosen.append(a)
    leaders, partners = people(chosen, used)
    full = [(a, ld) for a, ld, free in leaders if free == 0]
    for a, _ld in full:
        excluded.append({"id": a.solver_id, "reason": "has no places left after introductions"})
    full_ids = {ld.id for _a, ld in full}
    # Conflicts and chains may name people left out; the solver only knows those it sees.
    seen = {ld.id for _a, ld, free in leaders if free} | {p.id for _a, p in partners}

    def trim(person):
        return type(person)(
            **{
                **person.as_dict(),
                "conflicts": sorted(set(person.conflicts) & seen),
                "chain_ids": sorted(person.chain_ids),
            }
        )

    leader_values = [trim(ld) for _a, ld, free in leaders if ld.id not in full_ids]
    partner_values = [trim(p) for _a, p in partners]
    leader_ids = {ld.id for ld in leader_values}
    partner_ids = {p.id for p in partner_values}
    constraints = matching.Constraints(
        organisation_rule=programme.organisation_rule,
        preferences=programme.preference_mode,
        accepted=tuple(
            (p.leader.solver_id, p.partner.solver_id)
            for p in Partnership.objects.filter(pk__in=[x.pk for x in accepted]).select_related(
                "leader", "partner"
            )
            if p.leader.solver_id in leader_ids and p.partner.solver_id in partner_ids
        ),
    )
    lookup = {a.solver_id: a for a in chosen}
    return leader_values, partner_values, constraints, excluded, lookup


@transaction.atomic
def run_match(programme: Programme, *, actor, seed: int | None = None, request=None) -> MatchRun:
    """Run the solver, store the run, and replace the proposed (not accepted) pairs."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status in (ProgrammeStatus.PAUSED, ProgrammeStatus.CLOSED):
        raise ValidationError(
            _("This programme is %(status)s, so matching cannot run.")
            % {"status": str(programme.get_status_display()).lower()}
        )
    leaders, partners, constraints, excluded, lookup = inputs(programme)
    if seed is None:
        seed = secrets.randbelow(2**31)
    weights = weights_of(programme, [*leaders, *partners])
    result = matching.match(leaders, partners, weights, constraints, seed)
    record = json.loads(json.dumps(result.as_record()))
    number = (programme.runs.aggregate(n=Max("number"))["n"] or 0) + 1
    run = MatchRun.objects.create(
        programme=programme,
        number=number,
        seed=seed,
        record=record,
        complete=result.complete and not excluded,
        total_score=result.total_score,
        excluded=excluded,
        created_by=actor,
    )
    Partnership.objects.filter(programme=programme, status=PairStatus.PROPOSED).delete()
    for pair in result.pairs:
        if pair.fixed is not None:
            continue
        Partnership.objects.create(
            programme=programme,
            leader=lookup[pair.leader_id],
            partner=lookup[pair.partner_id],
            run=run,
            status=PairStatus.PROPOSED,
            score=pair.score,
            explanation=pair.explanation,
        )
    if programme.status == ProgrammeStatus.OPEN:
        programme.status = ProgrammeStatus.MATCHING
        programme.save(update_fields=["status"])
    audit.record(
        "mentoring.match_run",
        actor=actor,
        obj=programme,
        after={
            "run": run.number,
            "seed": seed,
            "weights": record["inputs"]["weights"],
            "pairs": len(result.pairs),
            "unmatched": len(result.unmatched),
            "complete": run.complete,
        },
        request=request,
        object_repr=f"{programme.title}: run {run.number}",
        **audit_place(programme),
    )
    return run


def rerun(run: MatchRun) -> dict:
    """The record of running the stored inputs again (JSON-normalised)."""
    result = matching.match(**matching.inputs_from_record(run.record))
    return json.loads(json.dumps(result.as_record()))


def reproduces(run: MatchRun) -> bool:
    """True when the stored inputs and seed give exactly the stored result."""
    return rerun(run) == run.record


def configure_and_run(programme: Programme, data: dict, *, actor, request=None) -> MatchRun:
    """Save the organiser's weights, then run the solver (one service for the match page)."""
    from .programmes import set_matching

    if programme.status not in (
        ProgrammeStatus.OPEN,
        ProgrammeStatus.MATCHING,
        ProgrammeStatus.RUNNING,
    ):
        raise ValidationError(
            _("This programme is %(status)s, so matching cannot run.")
            % {"status": str(programme.get_status_display()).lower()}
        )
    set_matching(
        programme,
        actor=actor,
        weights={
            "topics": data["weight_topics"],
            "availability": data["weight_availability"],
            "format": data["weight_format"],
        },
        require_focus_group=data["require_focus_group"],
        request=request,
    )
    return run_match(programme, actor=actor, seed=data["seed"], request=request)
