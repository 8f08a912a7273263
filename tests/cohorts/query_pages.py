"""Change-maker list pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse

from dueregard.cohorts.models import Status

from .helpers import make_application, make_cohort, make_member, make_programme


def _index(org, user):
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            cohort = make_cohort(programme=make_programme(org, title=f"Change makers {made[0]}"))
            make_application(cohort, made[0], user=user)

    return reverse("cohorts:index"), add


def _applications(org, user):
    cohort = make_cohort(org, places=500)
    make_member(cohort, user)
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            status = Status.ACCEPTED if made[0] % 2 else Status.SUBMITTED
            make_application(cohort, made[0], status=status)

    return reverse("cohorts:applications", args=[cohort.pk]), add


QUERY_PAGES = {
    "cohorts:index": _index,
    "cohorts:applications": _applications,
}
