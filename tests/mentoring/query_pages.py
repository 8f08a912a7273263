"""Mentoring list pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse

from dueregard.mentoring.models import Side

from .helpers import make_application, make_programme


def _index(org, user):
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            programme = make_programme(org, title=f"Reciprocal mentoring {made[0]}")
            make_application(programme, Side.PARTNER, made[0], user=user)

    return reverse("mentoring:index"), add


def _applications(org, user):
    programme = make_programme(org)
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            side = Side.LEADER if made[0] % 2 else Side.PARTNER
            make_application(programme, side, made[0])

    return reverse("mentoring:applications", args=[programme.pk]), add


QUERY_PAGES = {
    "mentoring:index": _index,
    "mentoring:applications": _applications,
}
