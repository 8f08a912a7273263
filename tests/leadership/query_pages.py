"""Leadership pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse

from dueregard.leadership.models import Measure, Snapshot
from dueregard.leadership.services.catalogue import CATALOGUE
from dueregard.population.models import AreaPopulation, ServedArea

from .helpers import staff_rows


def _years(org, user):
    from dueregard.leadership import figures

    counts = figures.snapshot_counts(
        staff_rows({("VSM", True, "A"): 9, ("Band 8a", False, "H"): 12})
    )
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            year = 1800 + made[0]
            Snapshot.objects.create(
                system=org.system,
                organisation=org,
                period=f"{year}-{(year + 1) % 100:02d}",
                counts=counts,
                staff=21,
            )
            code = f"E06{made[0]:06d}"
            AreaPopulation.objects.create(
                code=code, name=f"Area {made[0]}", year=2021, total=1000, counts={"1": 10}
            )
            ServedArea.objects.create(system=org.system, organisation=org, code=code)

    return reverse("leadership:index"), add


def _measures(org, user):
    years = _years(org, user)[1]
    codes = list(CATALOGUE)
    made = [0]

    def add(n):
        years(n)
        for _ in range(n):
            made[0] += 1
            Measure.objects.create(
                system=org.system,
                organisation=org,
                objective=("aspiration", "legacy", "pace")[(made[0] // len(codes)) % 3],
                # every measure of the catalogue under each objective, then unknown codes
                code=codes[made[0] % len(codes)] if made[0] < 3 * len(codes) else f"x{made[0]}",
                target=10,
                target_year="2030-31",
            )

    return reverse("leadership:objectives"), add


QUERY_PAGES = {
    "leadership:index": _years,
    "leadership:objectives": _measures,
}
