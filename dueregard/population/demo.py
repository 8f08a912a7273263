"""Demo data: Census 2021 TS021 and ethnic group by age for the demo's two (made-up) areas,
in ONS's layouts, and the areas the demo system's organisations serve."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from dueregard.core.models import Organisation

from .models import AreaPopulation, AreaWorkingAge, ServedArea
from .services.population import load_ts021, load_working_age

FILE = Path(__file__).parent / "data" / "demo-census2021-ts021-ltla.csv"
#: The same areas by ethnic group (20 categories) and Age (6 categories), in the layout of
#: an ONS custom dataset download (ADR 0045).
BY_AGE_FILE = Path(__file__).parent / "data" / "demo-census2021-ethnic-group-by-age-ltla.csv"
SERVED = {"XRV02": ["E06999901"], "XRV03": ["E07999902"], "XRV01": ["E06999901", "E07999902"]}


@transaction.atomic
def load(system) -> None:
    if not AreaPopulation.objects.filter(code__in=["E06999901", "E07999902"]).exists():
        from dueregard.core.tenancy import Scope

        load_ts021(FILE.read_text(encoding="utf-8"), actor=None, scope=Scope(None, system))
    if not AreaWorkingAge.objects.filter(code__in=["E06999901", "E07999902"]).exists():
        from dueregard.core.tenancy import Scope

        load_working_age(
            BY_AGE_FILE.read_text(encoding="utf-8"), actor=None, scope=Scope(None, system)
        )
    for ods, codes in SERVED.items():
        org = Organisation.objects.get(ods_code=ods)
        for code in codes:
            ServedArea.objects.get_or_create(system=system, organisation=org, code=code)
