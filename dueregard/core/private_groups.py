"""Abstract rows of a group with private opt-in membership: staff networks (ADR 0033) and
communities (ADR 0046).

Membership of such a group is special-category data (a race equality network or a BAME
community reveals the member's ethnicity): the list of members is seen by the group's
leaders (a network's chairs, a community's organisers) and each member sees only their
own. Each app keeps its own concrete models, tables and field names; these abstract bases
hold what they share.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .tenancy import Scope, ScopedModel, scope_filter_with_system_wide


def once_per_person(group_field: str, role: str) -> models.UniqueConstraint:
    """A person leads, or belongs to, a group once (``<group_field>_<role>_once``)."""
    return models.UniqueConstraint(fields=[group_field, "user"], name=f"{group_field}_{role}_once")


class PrivateGroup(ScopedModel):
    """A group of one organisation, or (organisation empty) of a whole system; an
    organisation sees its own groups and its system's system-wide ones."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return scope_filter_with_system_wide(cls._default_manager.all(), scope)


class GroupChild(models.Model):
    """A row of one group (its one foreign key to a ``PrivateGroup``), reached through the
    group's scope."""

    class Meta:
        abstract = True

    @classmethod
    def group_link(cls) -> models.ForeignKey:
        (link,) = (
            f
            for f in cls._meta.fields
            if f.is_relation and issubclass(f.related_model, PrivateGroup)
        )
        return link

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        link = cls.group_link()
        groups = link.related_model.in_scope(scope)
        return cls._default_manager.filter(**{f"{link.name}__in": groups})

    @property
    def group(self) -> PrivateGroup:
        return getattr(self, self.group_link().name)


class GroupPerson(GroupChild):
    """A person's row in one group: a leader's or a member's."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.user} ({self.group})"


# A person who runs the group (and alone sees who its members are).
class GroupLeader(GroupPerson):
    since = models.DateField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["since", "pk"]


class GroupMember(GroupPerson):
    """One person's opt-in membership (special-category data: see the module docstring),
    whose name does not say who the person is."""

    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return f"{self.group} member"
