"""Reach pages for the constant-queries registry (tests/core/test_query_counts.py): the
overview grows by programmes (series with bookings, rounds with nominations), the WRES
indicator 4 view by the people who took part."""

from django.urls import reverse

from dueregard.awards.models import Stage
from tests.awards.helpers import make_round
from tests.events.helpers import make_series, make_session

from .helpers import book, nominate


def _overview(org, user):
    def add(n):
        for _ in range(n):  # a series and a round each time
            nominate(make_round(org), user, stage=Stage.SHORTLISTED, ethnic="white")
            book(make_session(make_series(org)), attended=True, codes=["race"])

    return reverse("reach:overview"), add


def _wres4(org, user):
    rnd = make_round(org)
    session = make_session(make_series(org), capacity=1000)

    def add(n):
        for i in range(n):
            ethnic = "white" if i % 2 else "minority"
            book(session, attended=True, ethnic=ethnic)
            nominate(rnd, user, ethnic=ethnic)

    return reverse("reach:wres4") + "?white_staff=3000&minority_staff=1000", add


QUERY_PAGES = {"reach:overview": _overview, "reach:wres4": _wres4}
