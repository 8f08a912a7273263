"""Who may do what with the leadership dashboard.

Anyone with a role sees the dashboard and the objectives: every count on them has passed
disclosure control. EDI leads and system administrators choose the measures and targets.
"""

from dueregard.core.permissions import role_rule, rule
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope

role_rule("leadership.choose_measures", Role.EDI_LEAD, Role.SYSTEM_ADMIN)


@rule("leadership.view")
def can_view(scope: Scope, obj=None) -> bool:
    return bool(scope.roles) and not scope.is_empty
