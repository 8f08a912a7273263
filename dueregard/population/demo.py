"""Demo data: Census 2021 TS021 for the demo's two (made-up) areas, in ONS's layout, and
the areas the demo system's organisations serve."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from dueregard.core.models import Organisation

from .models import AreaPopulation, ServedArea
from .services.population import load_ts021

FILE = Path(__file__).parent / "data" / "demo-census2021-ts021-ltla.csv"
SERVED = {"XRV02": ["E06999901"], "XRV03": ["E07999902"], "XRV01": ["E06999901", "E07999902"]}


@transaction.atomic
def load(system) -> None:
    if not AreaPopulation.objects.filter(code__in=["E06999901", "E07999902"]).exists():
        from dueregard.core.tenancy import Scope

        load_ts021(FILE.read_text(encoding="utf-8"), actor=None, scope=Scope(None, system))
    for ods, codes in SERVED.items():
        org = Organisation.objects.get(ods_code=ods)
        for code in codes:
            ServedArea.objects.get_or_create(system=system, organisation=org, code=code)
