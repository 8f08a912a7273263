"""Who may do what with reciprocal mentoring (ADR 0011).

Programme organisers of the programme's organising organisation manage it: applications
(with the characteristics people chose to share), matching, review, introductions,
partnerships, exports with personal data. EDI leads, board members and system
administrators see programme summaries with small numbers suppressed, never
applications. Staff of the organisation (or, for a system-wide programme, of any
organisation in the system) apply, and see their own application and partnership.
"""

from dueregard.core.permissions import role_rule, rule
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope

from .models import ProgrammeStatus

role_rule("mentoring.organise", Role.PROGRAMME_ORGANISER, system_scope=False)
OVERSIGHT = (Role.EDI_LEAD, Role.BOARD_MEMBER, Role.SYSTEM_ADMIN)


@rule("mentoring.view")
def can_view(scope: Scope, programme=None) -> bool:
    """Any member: programmes reach them only through ``Programme.in_scope``."""
    return bool(scope.roles) and not scope.is_empty


@rule("mentoring.manage")
def can_manage(scope: Scope, programme=None) -> bool:
    if not scope.has_role(Role.PROGRAMME_ORGANISER) or scope.organisation is None:
        return False
    return programme is None or programme.organiser_organisation_id == scope.organisation.pk


@rule("mentoring.apply")
def can_apply(scope: Scope, programme=None) -> bool:
    if scope.organisation is None or not scope.roles:
        return False
    if programme is None:
        return True
    if programme.status != ProgrammeStatus.OPEN:
        return False
    if programme.organisation_id is None:
        return programme.system_id == scope.organisation.system_id
    return programme.organisation_id == scope.organisation.pk


@rule("mentoring.view_summary")
def can_view_summary(scope: Scope, programme=None) -> bool:
    return can_manage(scope, programme) or scope.has_role(*OVERSIGHT)


@rule("mentoring.own_application")
def owns_application(scope: Scope, application=None) -> bool:
    if application is None:
        return False
    return application.user_id == scope.user_id or can_manage(scope, application.programme)


@rule("mentoring.partnership")
def in_partnership(scope: Scope, pair=None) -> bool:
    if pair is None:
        return False
    return scope.user_id in (pair.leader.user_id, pair.partner.user_id) or can_manage(
        scope, pair.programme
    )
