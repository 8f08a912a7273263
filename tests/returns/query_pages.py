"""Returns pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse

from .helpers import make_year


def _index(org, user):
    made = []

    def add(n):
        for _ in range(n):
            if not made:
                made.append(make_year(org, user))
                continue
            ry = made[0]
            ry.pk = None
            ry.year = 2026 + len(made)  # the yearly cycle's later years, one row each
            ry.save()
            made.append(ry)

    return reverse("returns:index"), add


QUERY_PAGES = {"returns:index": _index}
