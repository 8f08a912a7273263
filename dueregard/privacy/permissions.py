"""The record of processing, the DPIA starter and the subject-rights tools: system
administrators only (they answer for the system's data protection)."""

from dueregard.core.permissions import role_rule
from dueregard.core.roles import Role

role_rule("privacy.manage", Role.SYSTEM_ADMIN)
