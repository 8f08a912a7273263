"""Staff networks: the register, chairs, opt-in membership, affiliations and meetings.

Membership of a network is special-category data (it can reveal ethnicity, disability,
sexual orientation, religion...): the list of members is visible to the network's chairs
and each member sees only their own; counts are published with disclosure control.
"""

from __future__ import annotations

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


class NetworkKind(models.TextChoices):
    RACE = "race", _("Race equality")
    DISABILITY = "disability", _("Disability")
    LGBTQ = "lgbtq", _("LGBTQ+")
    WOMEN = "women", _("Women")
    CARERS = "carers", _("Carers")
    FAITH = "faith", _("Faith and belief")
    OTHER = "other", _("Other")


class AffiliationLevel(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


class Network(PrivateGroup):
    """A staff network of one organisation, or (organisation empty) of a whole system."""

    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Kind of network"), max_length=20, choices=NetworkKind.choices)
    purpose = models.TextField(_("Purpose"), blank=True)
    sponsor = models.CharField(_("Executive sponsor"), max_length=200)
    protected_time = models.CharField(_("Protected time agreed"), max_length=300, blank=True)
    budget = models.PositiveIntegerField(_("Budget agreed (pounds a year)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "organisation", "name"], name="network_unique_name"
            )
        ]

    def is_chair(self, user_id) -> bool:
        return user_id is not None and self.chairs.filter(user_id=user_id).exists()


class Chair(GroupLeader):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="chairs")

    class Meta(GroupLeader.Meta):
        constraints = [once_per_person("network", "chair")]


class Member(GroupMember):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")

    class Meta(GroupMember.Meta):
        constraints = [once_per_person("network", "member")]


class Affiliation(GroupChild):
    """Membership of a regional or national group (e.g. Power of Staff Networks)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="affiliations")
    body = models.CharField(_("Group"), max_length=200)
    level = models.CharField(_("Level"), max_length=10, choices=AffiliationLevel.choices)
    since = models.DateField(_("Member since"), null=True, blank=True)

    class Meta:
        ordering = ["level", "body"]

    def __str__(self) -> str:
        return self.body


class Meeting(GroupChild):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("Date"))
    title = models.CharField(_("Title"), max_length=200)
    notes = models.TextField(_("Notes"), blank=True)

    class Meta:
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return self.title
