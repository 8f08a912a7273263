"""Awards list pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse
from django.utils import timezone

from dueregard.awards.models import Stage

from .helpers import close, make_judge, make_nomination, make_round


def _index(org, user):
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            rnd = make_round(org, title=f"Inclusive Leader Awards {made[0]}")
            make_judge(rnd, user)
            make_nomination(rnd, user, nominee=f"Nominee {made[0]}", reference=f"N-{made[0]}")

    return reverse("awards:index"), add


def _nominations(url_name, *, stage=Stage.JUDGING, closed=True, **values):
    def factory(org, user):
        rnd = make_round(org)
        if closed:
            close(rnd)
        make_judge(rnd, user)
        made = [0]

        def add(n):
            for _ in range(n):
                made[0] += 1
                make_nomination(
                    rnd,
                    user,
                    stage=stage,
                    nominee=f"Nominee {made[0]}",
                    reference=f"N-{made[0]:04d}",
                    **values,
                )

        return reverse(url_name, args=[rnd.pk]), add

    return factory


def _winners(org, user):
    rnd = close(make_round(org))
    rnd.public_slug = "winners-2026"
    rnd.announced_at = timezone.now()
    rnd.save(update_fields=["public_slug", "announced_at"])
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            make_nomination(
                rnd,
                user,
                stage=Stage.WINNER,
                nominee=f"Winner {made[0]}",
                reference=f"W-{made[0]:04d}",
                citation="For leadership that changed how the ward listens.",
                citation_approved_at=timezone.now(),
            )

    return reverse("awards:winners", args=[rnd.public_slug]), add


QUERY_PAGES = {
    "awards:index": _index,
    "awards:judging": _nominations("awards:judging"),
    "awards:judge-conflicts": _nominations("awards:judge-conflicts"),
    "awards:results": _nominations("awards:results"),
    "awards:winners": _winners,
}


def _reach(org, user):
    from tests.reach.helpers import nominate

    rnd = make_round(org)

    def add(n):
        for i in range(n):
            nominate(rnd, user, stage=Stage.SHORTLISTED if i % 2 else Stage.JUDGING, codes=["age"])

    return reverse("awards:reach", args=[rnd.pk]), add


QUERY_PAGES["awards:reach"] = _reach
