"""Who may do what with population reference data.

Anyone with a role sees who lives in the areas their organisation serves (public ONS
figures). Analysts, EDI leads and system administrators load the ONS files; EDI leads and
system administrators choose the areas served.
"""

from dueregard.core.permissions import role_rule, rule
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope

role_rule("population.load", Role.ANALYST, Role.EDI_LEAD, Role.SYSTEM_ADMIN)
role_rule("population.choose_areas", Role.EDI_LEAD, Role.SYSTEM_ADMIN)


@rule("population.view")
def can_view(scope: Scope, obj=None) -> bool:
    return bool(scope.roles) and not scope.is_empty
