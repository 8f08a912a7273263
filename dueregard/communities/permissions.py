"""Who may do what with communities.

EDI leads, system administrators and programme organisers start communities (the person
who starts one becomes its first organiser). Organisers run the community: other
organisers, the calendar of workshops, resources and announcements, and they alone see who
the members are. Anyone with a role where the community belongs may join it. Resources and
announcements are for members and organisers; everyone else who can see the community sees
its calendar and member counts with small numbers suppressed.
"""

from dueregard.core.permissions import rule
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope

STARTERS = (Role.EDI_LEAD, Role.SYSTEM_ADMIN, Role.PROGRAMME_ORGANISER)


def _organises(scope: Scope, community) -> bool:
    return (
        community is not None
        and scope.user_id is not None
        and community.organisers.filter(user_id=scope.user_id).exists()
    )


def _is_member(scope: Scope, community) -> bool:
    return (
        community is not None
        and scope.user_id is not None
        and community.members.filter(user_id=scope.user_id).exists()
    )


@rule("communities.view")
def can_view(scope: Scope, community=None) -> bool:
    """Any member of staff: communities reach them only through ``Community.in_scope``."""
    return bool(scope.roles) and not scope.is_empty


@rule("communities.start")
def can_start(scope: Scope, community=None) -> bool:
    return scope.has_role(*STARTERS)


@rule("communities.organise")
def can_organise(scope: Scope, community=None) -> bool:
    """The community's organisers: workshops, resources, announcements, organisers."""
    return _organises(scope, community)


@rule("communities.see_members")
def can_see_members(scope: Scope, community=None) -> bool:
    """Only the organisers: membership can reveal a protected characteristic."""
    return _organises(scope, community)


@rule("communities.join")
def can_join(scope: Scope, community=None) -> bool:
    return scope.organisation is not None and bool(scope.roles)


@rule("communities.resources")
def can_see_resources(scope: Scope, community=None) -> bool:
    """Resources and announcements: members and organisers only."""
    return _organises(scope, community) or _is_member(scope, community)


@rule("communities.add_workshop")
def can_add_workshop(scope: Scope, community=None) -> bool:
    """A new workshop is an events series of the organiser's organisation, so the organiser
    must also be a programme organiser there (the events app's rule for running it)."""
    return (
        _organises(scope, community)
        and scope.organisation is not None
        and scope.has_role(Role.PROGRAMME_ORGANISER)
    )
