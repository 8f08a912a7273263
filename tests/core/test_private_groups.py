"""The shared service of groups with private opt-in membership, through both kinds of group:
appointing a leader is audited in the group's own words, joining and leaving are not, and a
member row's name does not say who the member is."""

import pytest
from django.core.exceptions import ValidationError

from dueregard.communities.services import communities
from dueregard.core.models import AuditEvent
from dueregard.networks.services import networks
from tests.communities.helpers import make_community
from tests.communities.helpers import staff as community_staff
from tests.networks.helpers import make_network

KINDS = {
    "community": (make_community, communities.GROUPS, "community.organiser_added", "organiser"),
    "network": (make_network, networks.GROUPS, "network.chair_appointed", "chair"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_appointing_a_leader_is_audited_joining_and_leaving_are_not(kind, org_a, org_b):
    make, service, event, role = KINDS[kind]
    lead = community_staff(org_a, "lead@example.nhs.uk")
    group = make(org_a)
    leader = service.add_leader(group, " Lead@Example.nhs.uk ", actor=lead)
    assert (leader.user, leader.group, str(leader)) == (lead, group, f"{lead} ({group})")
    assert AuditEvent.objects.get(action=event).after == {role: "lead@example.nhs.uk"}
    with pytest.raises(ValidationError) as refused:
        service.add_leader(group, "lead@example.nhs.uk", actor=lead)
    assert refused.value.message_dict["email"] == [str(service.leaders.already_leads)]
    outsider = community_staff(org_b, "outsider@example.nhs.uk")
    with pytest.raises(ValidationError) as refused:
        service.add_leader(group, outsider.email, actor=lead)
    assert refused.value.message_dict["email"] == [str(service.leaders.nobody_there)]

    trail = AuditEvent.objects.count()
    member = service.join(group, lead)
    assert str(member) == f"{group} member" and lead.full_name not in str(member)
    service.leave(group, lead)
    with pytest.raises(ValidationError) as refused:
        service.leave(group, lead)
    assert refused.value.messages == [str(service.joining.not_a_member)]
    assert AuditEvent.objects.count() == trail
