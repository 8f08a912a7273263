"""Staff network pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.urls import reverse

from dueregard.networks.models import Member

from .helpers import make_network, staff


def _index(org, user):
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            network = make_network(org, name=f"Network {made[0]}", chair=user)
            Member.objects.create(network=network, user=staff(org, f"m{made[0]}@example.nhs.uk"))

    return reverse("networks:index"), add


def _members(org, user):
    network = make_network(org, chair=user)
    made = [0]

    def add(n):
        for _ in range(n):
            made[0] += 1
            Member.objects.create(network=network, user=staff(org, f"m{made[0]}@example.nhs.uk"))

    return reverse("networks:members", args=[network.pk]), add


QUERY_PAGES = {"networks:index": _index, "networks:members": _members}
