"""A system-wide decision can be signed off by a decision maker for the whole system."""

from dueregard.core.permissions import can
from dueregard.core.roles import Role
from dueregard.core.tenancy import resolve_scope
from dueregard.idmf.services.decisions import create_decision


def test_system_decision_maker_may_sign_off_system_decisions(make_user, system, org_a):
    owner = make_user("owner@example.nhs.uk", Role.EDI_LEAD, system=system)
    maker = make_user("ics.maker@example.nhs.uk", Role.DECISION_MAKER, system=system)
    decision = create_decision(
        actor=owner, system=system, organisation=None, title="ICS-wide digital inclusion policy"
    )
    scope = resolve_scope(maker, f"system:{system.pk}")
    assert scope.is_system and can(scope, "idmf.sign_off", decision)
    assert not can(resolve_scope(owner, f"system:{system.pk}"), "idmf.sign_off", decision)
