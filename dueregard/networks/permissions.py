"""Who may do what with staff networks.

EDI leads and system administrators keep the register (add a network, appoint and
remove chairs). Chairs run their network: meetings, regional and national groups, and
they alone see who the members are. Anyone with a role in an organisation the network
belongs to may join it, and sees their own membership. Everyone else sees member counts
with small numbers suppressed.
"""

from dueregard.core.permissions import rule
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope

REGISTRARS = (Role.EDI_LEAD, Role.SYSTEM_ADMIN)


@rule("networks.view")
def can_view(scope: Scope, network=None) -> bool:
    """Any member: networks reach them only through ``Network.in_scope``."""
    return bool(scope.roles) and not scope.is_empty


@rule("networks.register")
def can_register(scope: Scope, network=None) -> bool:
    if not scope.has_role(*REGISTRARS):
        return False
    if network is None:
        return True
    if network.organisation_id is None:
        return scope.is_system and scope.system.pk == network.system_id
    return scope.organisation is not None and scope.organisation.pk == network.organisation_id


@rule("networks.lead")
def can_lead(scope: Scope, network=None) -> bool:
    """Chairs (and the registrars) run the network's meetings and affiliations."""
    if network is None:
        return False
    return network.is_chair(scope.user_id) or can_register(scope, network)


@rule("networks.see_members")
def can_see_members(scope: Scope, network=None) -> bool:
    """Only the network's chairs: membership is special-category data."""
    return network is not None and network.is_chair(scope.user_id)


@rule("networks.join")
def can_join(scope: Scope, network=None) -> bool:
    return scope.organisation is not None and bool(scope.roles)
