"""Who may do what with decisions (ADR 0008).

- Read the register and assessments: every role except local-interest panel members.
- Start a proposal (and so become its owner, the project lead): staff, EDI leads,
  decision makers and system administrators.
- Edit a proposal's assessment: its owner or a co-author (from any organisation of the
  system), or an EDI lead, decision maker or system administrator in scope.
- Add or remove co-authors: the owner, or an EDI lead or system administrator in scope.
- Sign off: a decision maker, never on a proposal they own or co-author.
- EDI specialist review (optional): an EDI lead who neither owns nor co-authors it.
- Record a committee's decision: whoever edits the proposal, or a decision maker.
"""

from dueregard.core.permissions import rule
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope

READERS = (
    Role.SYSTEM_ADMIN,
    Role.EDI_LEAD,
    Role.ASSESSOR,
    Role.DECISION_MAKER,
    Role.ANALYST,
    Role.PROGRAMME_ORGANISER,
    Role.BOARD_MEMBER,
    Role.STAFF,
)
CREATORS = (Role.STAFF, Role.EDI_LEAD, Role.DECISION_MAKER, Role.SYSTEM_ADMIN)
EDITORS = (Role.EDI_LEAD, Role.DECISION_MAKER, Role.SYSTEM_ADMIN)


@rule("idmf.view")
def can_view(scope: Scope, decision=None) -> bool:
    return scope.has_role(*READERS)


@rule("idmf.create")
def can_create(scope: Scope) -> bool:
    return scope.has_role(*CREATORS)


@rule("idmf.edit")
def can_edit(scope: Scope, decision=None) -> bool:
    if scope.has_role(*EDITORS):
        return True
    if decision is None:
        return False
    if decision.owner_id == scope.user_id and scope.has_role(*CREATORS):
        return True
    return scope.has_role(*READERS) and decision.has_coauthor(scope.user_id)


@rule("idmf.coauthors")
def can_manage_coauthors(scope: Scope, decision=None) -> bool:
    if scope.has_role(Role.EDI_LEAD, Role.SYSTEM_ADMIN):
        return True
    return decision is not None and decision.owner_id == scope.user_id


@rule("idmf.sign_off")
def can_sign_off(scope: Scope, decision=None) -> bool:
    if not scope.has_role(Role.DECISION_MAKER):
        return False
    if decision is None:
        return True
    return decision.owner_id != scope.user_id and not decision.has_coauthor(scope.user_id)


@rule("idmf.publish")
def can_publish(scope: Scope, decision=None) -> bool:
    return can_edit(scope, decision)


@rule("idmf.committee")
def can_record_committee(scope: Scope, decision=None) -> bool:
    return can_edit(scope, decision) or scope.has_role(Role.DECISION_MAKER)


@rule("idmf.specialist_review")
def can_review_as_specialist(scope: Scope, decision=None) -> bool:
    if not scope.has_role(Role.EDI_LEAD):
        return False
    if decision is None:
        return True
    return decision.owner_id != scope.user_id and not decision.has_coauthor(scope.user_id)
