"""Who sees and answers requests for other formats: the organisation's EDI leads."""

from dueregard.core.permissions import role_rule
from dueregard.core.roles import Role

role_rule("publishing.format_requests", Role.SYSTEM_ADMIN, Role.EDI_LEAD)
