"""Mentoring list pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse

from dueregard.mentoring.models import PairStatus, Partnership, Side

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


def _pairs(org, user):
    programme = make_programme(org)
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            Partnership.objects.create(
                programme=programme,
                leader=make_application(programme, Side.LEADER, made[0]),
                partner=make_application(programme, Side.PARTNER, made[0]),
                status=PairStatus.PROPOSED,
                source=Partnership.Source.OVERRIDE,
                explanation="Both hope to talk about recruitment.",
            )

    return reverse("mentoring:pairs", args=[programme.pk]), add


QUERY_PAGES = {
    "mentoring:pairs": _pairs,
    "mentoring:index": _index,
    "mentoring:applications": _applications,
}

NOT_LIST_PAGES = {
    "mentoring:introductions": "a POST action (sends introductions, then redirects to "
    "mentoring:pairs, which is measured)",
}
