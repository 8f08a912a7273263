"""Who may give other systems access (ADR 0120).

Tokens and webhooks are created by the people who already manage access here: EDI leads
and system administrators. What a token may then do is never more than its creator may do
in the same place (the token's requests build the creator's ``Scope``), narrowed further by
the token's own scopes (``read:decisions``, ``write:datasets``, ...).
"""

from dueregard.core.permissions import role_rule
from dueregard.core.roles import Role

role_rule("api.manage", Role.SYSTEM_ADMIN, Role.EDI_LEAD)
