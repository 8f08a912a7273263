"""Population pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse

from dueregard.population.models import AreaPopulation, ServedArea


def _areas(url_name):
    def factory(org, user):
        made = [0]

        def add(n):
            for _ in range(n):
                made[0] += 1
                code = f"E06{made[0]:06d}"
                AreaPopulation.objects.create(
                    code=code,
                    name=f"Area {made[0]}",
                    year=2021,
                    total=1000,
                    counts={"white_british": 800, "indian": 200},
                    loaded_by=user,
                )
                ServedArea.objects.create(system=org.system, organisation=org, code=code)

        return reverse(url_name), add

    return factory


QUERY_PAGES = {
    "population:index": _areas("population:index"),
    "population:areas": _areas("population:areas"),
}
