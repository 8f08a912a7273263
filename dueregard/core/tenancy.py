"""The current scope of a request: one organisation, or a whole system.

Views reach data only through ``request.scope`` (``scope.query(Model)``,
``scope.get_or_404(Model, ...)``); every scoped model knows how to filter itself to a
scope. A lint test fails if a view module touches ``Model.objects`` directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.http import Http404

from .models import Membership, Organisation, System
from .roles import Role


@dataclass(frozen=True)
class Scope:
    """Where the user is working now, and the roles they hold there."""

    user_id: int | None
    system: System | None = None
    organisation: Organisation | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_system(self) -> bool:
        return self.organisation is None and self.system is not None

    @property
    def is_empty(self) -> bool:
        return self.system is None

    @property
    def key(self) -> str:
        if self.organisation is not None:
            return f"org:{self.organisation.pk}"
        if self.system is not None:
            return f"system:{self.system.pk}"
        return ""

    @property
    def label(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        if self.system is not None:
            return f"{self.system.name} (whole system)"
        return ""

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    def query(self, model: type[models.Model]) -> models.QuerySet:
        """The rows of ``model`` this scope may reach."""
        if self.is_empty:
            return model._default_manager.none()
        return model.in_scope(self)

    def get_or_404(self, model: type[models.Model], **lookup) -> models.Model:
        try:
            return self.query(model).get(**lookup)
        except (model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404(f"No {model._meta.verbose_name} here.") from exc

    def organisations(self) -> models.QuerySet:
        """The organisations visible from this scope."""
        if self.organisation is not None:
            return Organisation.objects.filter(pk=self.organisation.pk)
        if self.system is not None:
            return Organisation.objects.filter(system=self.system, is_active=True)
        return Organisation.objects.none()


EMPTY_SCOPE = Scope(user_id=None)


class ScopedModel(models.Model):
    """A row that belongs to an organisation, or (organisation empty) to a whole system."""

    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return scope_filter(cls._default_manager.all(), scope)

    def save(self, *args, **kwargs):
        if self.organisation_id and not self.system_id:
            self.system_id = self.organisation.system_id
        super().save(*args, **kwargs)


def scope_filter(queryset: models.QuerySet, scope: Scope, prefix: str = "") -> models.QuerySet:
    """Filter rows that carry ``organisation`` and ``system`` fields to a scope.

    Organisation scope: that organisation's rows. System scope: every row of the system,
    its organisations' rows included.
    """
    if scope.organisation is not None:
        return queryset.filter(**{f"{prefix}organisation": scope.organisation})
    if scope.system is not None:
        return queryset.filter(**{f"{prefix}system": scope.system})
    return queryset.none()


def scope_filter_with_system_wide(queryset: models.QuerySet, scope: Scope) -> models.QuerySet:
    """Like :func:`scope_filter`, but an organisation also sees its system's system-wide
    rows (those with ``organisation`` empty)."""
    if scope.organisation is not None:
        return queryset.filter(
            models.Q(organisation=scope.organisation)
            | models.Q(organisation__isnull=True, system_id=scope.organisation.system_id)
        )
    return scope_filter(queryset, scope)


def available_scopes(user) -> list[Scope]:
    """Every scope the user may switch to, organisations first, then whole systems."""
    if not user.is_authenticated:
        return []
    memberships = list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation__system", "system")
        .order_by("organisation__name", "system__name")
    )
    system_roles: dict[int, set[str]] = {}
    org_roles: dict[int, tuple[Organisation, set[str]]] = {}
    for m in memberships:
        if m.system_id:
            system_roles.setdefault(m.system_id, set()).add(m.role)
        else:
            org_roles.setdefault(m.organisation_id, (m.organisation, set()))[1].add(m.role)
    scopes = []
    for org, roles in org_roles.values():
        # System-level roles also hold in each organisation of that system.
        inherited = system_roles.get(org.system_id, set())
        scopes.append(
            Scope(user.pk, org.system, org, frozenset(roles | inherited)),
        )
    systems = {m.system_id: m.system for m in memberships if m.system_id}
    for system_id, roles in system_roles.items():
        scopes.append(Scope(user.pk, systems[system_id], None, frozenset(roles)))
    return scopes


def resolve_scope(user, key: str | None, scopes: list[Scope] | None = None) -> Scope:
    """The scope named by ``key`` (from the session) if the user may use it, else the first.
    ``scopes``: the user's ``available_scopes`` when the caller has them already."""
    scopes = available_scopes(user) if scopes is None else scopes
    if not scopes:
        return Scope(user_id=getattr(user, "pk", None))
    for scope in scopes:
        if scope.key == key:
            return scope
    return scopes[0]


__all__ = [
    "EMPTY_SCOPE",
    "Role",
    "Scope",
    "ScopedModel",
    "available_scopes",
    "resolve_scope",
    "scope_filter",
]
