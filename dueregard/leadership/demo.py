"""Demo data: three reporting years of leadership counts at the demo trust, from the
synthetic workforce generator (the evidence demo imports 2025-26; the two years before
are added here, and 2025-26 too if the evidence demo ran before this app existed), and a
measure for each BLFI objective."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from dueregard.core.models import Organisation

from .models import Measure, Objective, Snapshot
from .services import snapshots

YEARS = (("2023-24", 3), ("2024-25", 2), ("2025-26", 1))  # (period, generator seed)
MEASURES = (
    (Objective.ASPIRATION, "minority_8a_9", Decimal("25.0")),
    (Objective.LEGACY, "senior_gap", Decimal("0.0")),
    (Objective.PACE, "wres9", Decimal("0.0")),
)


def _frame(period: str, seed: int):
    # The generator and the workforce importer load pandas/pyarrow: only for the demo.
    from dueregard.analytics.synth.workforce import generate
    from dueregard.analytics.workforce import read_input

    files = generate(staff=2000, seed=seed, period=period)
    return read_input(files["staff"], "staff", allow_unmapped=True, period=period).table.to_pandas()


@transaction.atomic
def load(system) -> None:
    org = Organisation.objects.filter(ods_code="XRV02").first()
    if org is None:
        return
    for period, seed in YEARS:
        if not Snapshot.objects.filter(organisation=org, period=period).exists():
            snapshots.record(org.system, org, period, _frame(period, seed))
    for objective, code, target in MEASURES:
        Measure.objects.get_or_create(
            system=org.system,
            organisation=org,
            objective=objective,
            code=code,
            defaults={"target": target, "target_year": "2030-31"},
        )
