"""Publishing list pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse

from dueregard.publishing.models import FormatRequest


def _requests(org, user):
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            FormatRequest.objects.create(
                system=org.system,
                organisation=org,
                kind="report",
                slug=f"report-{made[0]}",
                subject=f"Equality report {made[0]}",
                page_url=f"/published/report-{made[0]}/",
                format=FormatRequest.Format.LARGE_PRINT,
                name=f"Requester {made[0]}",
                email=f"requester{made[0]}@example.org",
                replied_by=user if made[0] % 2 else None,
            )

    return reverse("publishing:requests"), add


QUERY_PAGES = {"publishing:requests": _requests}
