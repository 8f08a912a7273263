"""Evidence list pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse
from django.utils import timezone

from dueregard.evidence.models import Analysis, Dataset


def _index(org, user):
    def add(n):
        for i in range(n):
            dataset = Dataset.objects.create(
                system=org.system,
                organisation=org,
                name=f"Data {i}",
                kind="uptake",
                original_name="d.csv",
                checksum="0" * 64,
                headers=["Ethnicity", "Vaccinated"],
                mapping={"ethnicity": "Ethnicity", "numerator": "Vaccinated"},
            )
            Analysis.objects.create(
                system=org.system,
                organisation=org,
                dataset=dataset,
                kind="by-group",
                title=f"Uptake by ethnicity {i}",
                input_checksum=dataset.checksum,
                status=Analysis.Status.READY,
                result={"rows": []},
                computed_at=timezone.now(),
            )

    return reverse("evidence:index"), add


QUERY_PAGES = {"evidence:index": _index}
