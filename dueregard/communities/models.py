"""Communities (issue 19): a group like BLFI's "Radar" BAME workshops community, with
members, a calendar of workshops (events series), shared resources and announcements.

Membership is treated as special-category data, like staff network membership (ADR 0033,
0046): a community for BAME staff reveals the member's ethnicity. The list of members is
seen by the community's organisers and each member sees only their own; everyone else sees
counts with disclosure control. Resources and announcements are for members and organisers.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.private_groups import (
    GroupChild,
    GroupLeader,
    GroupMember,
    PrivateGroup,
    once_per_person,
)
from dueregard.events.models import Series


class Community(PrivateGroup):
    """A community of one organisation, or (organisation empty) of a whole system."""

    name = models.CharField(_("Name"), max_length=200)
    purpose = models.TextField(_("What the community is for"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"
        constraints = [
            models.UniqueConstraint(
                fields=["system", "organisation", "name"], name="community_unique_name"
            )
        ]


class Organiser(GroupLeader):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="organisers")

    class Meta(GroupLeader.Meta):
        constraints = [once_per_person("community", "organiser")]


class Member(GroupMember):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="members")

    class Meta(GroupMember.Meta):
        constraints = [once_per_person("community", "member")]


class Workshop(GroupChild):
    """An events series on the community's calendar (its sessions are the dates)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="workshops")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "series"], name="community_series_once")
        ]

    def __str__(self) -> str:
        return f"{self.series} ({self.community})"


def resource_upload_to(instance, filename):
    return f"communities/{instance.community_id}/{uuid.uuid4().hex}/{filename}"


class Resource(GroupChild):
    """A shared link or file, for the community's members and organisers."""

    class Kind(models.TextChoices):
        LINK = "link", _("A link")
        FILE = "file", _("A file")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(_("Title"), max_length=200)
    url = models.URLField(_("Web address"), max_length=500, blank=True)
    file = models.FileField(upload_to=resource_upload_to, blank=True, max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Announcement(GroupChild):
    """A message from the organisers, listed newest first and e-mailed to the members."""

    retention_days = 365 * 2

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="announcements")
    title = models.CharField(_("Title"), max_length=200)
    body = models.TextField(_("Message"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-posted_at", "-pk"]

    def __str__(self) -> str:
        return self.title
