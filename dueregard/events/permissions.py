"""Who may do what with workshops and events.

Programme organisers of the organising organisation manage a series: its sessions,
invitations, attendees (with accessibility needs), the register, exports and feedback.
Any member of an organisation the series is open to may book. EDI leads do not see
attendees' personal data unless they are also programme organisers (ADR 0009).
"""

from dueregard.core.permissions import role_rule, rule
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope

role_rule("events.organise", Role.PROGRAMME_ORGANISER, system_scope=False)


@rule("events.manage")
def can_manage(scope: Scope, series=None) -> bool:
    if not scope.has_role(Role.PROGRAMME_ORGANISER) or scope.organisation is None:
        return False
    return series is None or series.organisation_id == scope.organisation.pk


@rule("events.book")
def can_book(scope: Scope, series=None) -> bool:
    if scope.organisation is None or not scope.roles:
        return False
    if series is None:
        return True
    return series.allowed_organisations.filter(pk=scope.organisation.pk).exists()


@rule("events.view_booking")
def can_view_booking(scope: Scope, booking=None) -> bool:
    if booking is None:
        return False
    return booking.user_id == scope.user_id or can_manage(scope, booking.session.series)


@rule("events.own_booking")
def owns_booking(scope: Scope, booking=None) -> bool:
    return booking is not None and booking.user_id == scope.user_id


OVERSIGHT = (Role.EDI_LEAD, Role.BOARD_MEMBER, Role.SYSTEM_ADMIN)


@rule("events.view_reach")
def can_view_reach(scope: Scope, series=None) -> bool:
    """Who a series reaches, as disclosure-controlled counts (ADR 0044): its organisers
    and those who oversee equality work; never anyone's individual answers."""
    return can_manage(scope, series) or scope.has_role(*OVERSIGHT)
