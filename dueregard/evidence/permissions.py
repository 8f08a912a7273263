"""Who may do what in the evidence workspace.

Analysts work with the data (upload, map, import, run, re-run) and see full aggregates.
EDI leads and system admins see results disclosure-controlled, attach them as evidence
and export them; every view and export is audited.
"""

from dueregard.core.permissions import role_rule
from dueregard.core.roles import Role

role_rule("evidence.view", Role.ANALYST, Role.EDI_LEAD, Role.SYSTEM_ADMIN)
role_rule("evidence.analyse", Role.ANALYST)
# Full (not disclosure-controlled) aggregates: the analyst role only.
role_rule("evidence.see_unrounded", Role.ANALYST)
role_rule("evidence.export", Role.ANALYST, Role.EDI_LEAD, Role.SYSTEM_ADMIN)
role_rule("evidence.attach", Role.ANALYST, Role.EDI_LEAD)
