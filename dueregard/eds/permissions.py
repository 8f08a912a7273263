"""Who may do what in the EDS cycle."""

from dueregard.core.permissions import role_rule, rule
from dueregard.core.roles import Role

role_rule(
    "eds.view",
    Role.EDI_LEAD,
    Role.ASSESSOR,
    Role.PANEL_MEMBER,
    Role.BOARD_MEMBER,
    Role.SYSTEM_ADMIN,
    Role.ANALYST,
)
role_rule("eds.manage", Role.EDI_LEAD, Role.ASSESSOR)
role_rule("eds.grade_as_panel_member", Role.PANEL_MEMBER)
# The chair records grades agreed in the room, or on a member's behalf.
role_rule("eds.record_for_panel", Role.EDI_LEAD, Role.ASSESSOR)
role_rule("eds.sign_off", Role.BOARD_MEMBER)
role_rule("eds.publish", Role.EDI_LEAD)
role_rule(
    "eds.system_view",
    Role.EDI_LEAD,
    Role.SYSTEM_ADMIN,
    Role.ANALYST,
    Role.BOARD_MEMBER,
    system_scope=True,
)


@rule("eds.change")
def can_change(scope, assessment=None) -> bool:
    """Managers change an assessment until it is signed off (then only a new revision)."""
    if not scope.has_role(Role.EDI_LEAD, Role.ASSESSOR):
        return False
    return assessment is None or not assessment.is_locked
