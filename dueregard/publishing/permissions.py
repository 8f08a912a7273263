"""Who sees and answers requests for other formats: the organisation's EDI leads."""

from dueregard.core.permissions import role_rule
from dueregard.core.roles import Role

role_rule("publishing.format_requests", Role.SYSTEM_ADMIN, Role.EDI_LEAD)
# a11y: the Easy Read version, translations of a published page and the contact details
# shown for formats are the EDI lead's (the system admin's for the whole system).
role_rule("publishing.formats_manage", Role.SYSTEM_ADMIN, Role.EDI_LEAD)
