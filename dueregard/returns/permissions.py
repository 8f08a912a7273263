"""Who may do what with WRES/WDES returns.

- See an organisation's returns: EDI leads, analysts, system administrators, board members.
- Run the cycle (uploads, register, narrative, plan, checks): EDI leads and analysts.
- Record the board's approval and publish: EDI leads and system administrators.
- The system view across an ICS: the same readers, in a whole-system scope.
"""

from dueregard.core.permissions import role_rule
from dueregard.core.roles import Role

role_rule("returns.view", Role.EDI_LEAD, Role.ANALYST, Role.SYSTEM_ADMIN, Role.BOARD_MEMBER)
role_rule("returns.manage", Role.EDI_LEAD, Role.ANALYST)
role_rule("returns.approve", Role.EDI_LEAD, Role.SYSTEM_ADMIN)
role_rule(
    "returns.system",
    Role.EDI_LEAD,
    Role.ANALYST,
    Role.SYSTEM_ADMIN,
    Role.BOARD_MEMBER,
    system_scope=True,
)
