"""Community pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse

from dueregard.communities.models import Announcement, Member, Resource, Workshop
from tests.events.helpers import make_series, make_session

from .helpers import make_community, staff


def _counter():
    made = [0]

    def next_number():
        made[0] += 1
        return made[0]

    return next_number


def _index(org, user):
    number = _counter()

    def add(n):
        for _ in range(n):
            i = number()
            community = make_community(org, name=f"Community {i}", organiser=user)
            Member.objects.create(community=community, user=staff(org, f"m{i}@example.nhs.uk"))

    return reverse("communities:index"), add


def _members(org, user):
    community = make_community(org, organiser=user)
    number = _counter()

    def add(n):
        for _ in range(n):
            i = number()
            Member.objects.create(community=community, user=staff(org, f"m{i}@example.nhs.uk"))

    return reverse("communities:members", args=[community.pk]), add


def _community(org, user):
    """The community page lists coming sessions, resources and the latest announcements."""
    community = make_community(org, organiser=user)
    number = _counter()

    def add(n):
        for _ in range(n):
            i = number()
            series = make_series(org, title=f"Workshop {i}")
            make_session(series, days_ahead=5 + i % 300)
            Workshop.objects.create(community=community, series=series)
            Resource.objects.create(
                community=community,
                kind=Resource.Kind.LINK,
                title=f"Link {i}",
                url=f"https://example.org/{i}",
                added_by=user,
            )
            Announcement.objects.create(
                community=community, title=f"News {i}", body="Hello", posted_by=user
            )

    return reverse("communities:community", args=[community.pk]), add


def _announcements(org, user):
    community = make_community(org, organiser=user)

    def add(n):
        Announcement.objects.bulk_create(
            Announcement(community=community, title="News", body="Hello", posted_by=user)
            for _ in range(n)
        )

    return reverse("communities:announcements", args=[community.pk]), add


QUERY_PAGES = {
    "communities:index": _index,
    "communities:members": _members,
    "communities:community": _community,
    "communities:announcements": _announcements,
}
