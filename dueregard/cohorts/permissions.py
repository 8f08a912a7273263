"""Who may do what with change-maker cohorts.

Organisers are the programme organisers and EDI leads of the programme's organising
organisation: they set up cohorts, the panel, the calendar and the register, decide on
applications and record completion. Panel members score only through
``services.selection`` (conflicts excluded). EDI leads, board members and system
administrators see the reach table (disclosure-controlled), never applications. Staff of
the programme's organisations apply, and see their own application, project and
follow-ups. Nobody sees the characteristics an applicant shared except as counts.
"""

from dueregard.core.permissions import rule
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope

ORGANISERS = (Role.PROGRAMME_ORGANISER, Role.EDI_LEAD)
OVERSIGHT = (Role.EDI_LEAD, Role.BOARD_MEMBER, Role.SYSTEM_ADMIN)


@rule("cohorts.view")
def can_view(scope: Scope, programme=None) -> bool:
    return bool(scope.roles) and not scope.is_empty


@rule("cohorts.organise")
def can_organise(scope: Scope, obj=None) -> bool:
    return scope.organisation is not None and scope.has_role(*ORGANISERS)


@rule("cohorts.manage")
def can_manage(scope: Scope, programme=None) -> bool:
    if not can_organise(scope):
        return False
    return programme is None or programme.organiser_organisation_id == scope.organisation.pk


@rule("cohorts.apply")
def can_apply(scope: Scope, programme=None) -> bool:
    if scope.organisation is None or not scope.roles:
        return False
    if programme is None:
        return True
    if programme.organisation_id is None:
        return programme.system_id == scope.organisation.system_id
    return programme.organisation_id == scope.organisation.pk


@rule("cohorts.view_reach")
def can_view_reach(scope: Scope, programme=None) -> bool:
    return can_manage(scope, programme) or scope.has_role(*OVERSIGHT)


@rule("cohorts.own_application")
def owns_application(scope: Scope, application=None) -> bool:
    if application is None:
        return False
    return application.user_id == scope.user_id or can_manage(scope, application.cohort.programme)
