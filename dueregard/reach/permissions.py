"""Who may see who our programmes reach (ADR 0044).

The overview and the WRES indicator 4 view show only disclosure-controlled counts, never
anyone's answers: EDI leads, board members, system administrators and programme
organisers see them. Each programme's own table keeps its app's rule.
"""

from dueregard.core.permissions import rule
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope

VIEWERS = (Role.EDI_LEAD, Role.BOARD_MEMBER, Role.SYSTEM_ADMIN, Role.PROGRAMME_ORGANISER)


@rule("reach.view")
def can_view(scope: Scope, obj=None) -> bool:
    return not scope.is_empty and scope.has_role(*VIEWERS)
