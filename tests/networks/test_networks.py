"""Staff networks: the register, chairs, private opt-in membership, groups and meetings."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dueregard.core.models import AuditEvent, System
from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope
from dueregard.networks.models import Member, Network
from dueregard.networks.services import networks as service

from .helpers import make_network, staff


@pytest.fixture
def lead(make_user, org_a):
    return make_user("lead.a@example.nhs.uk", Role.EDI_LEAD, organisation=org_a)


@pytest.fixture
def chair(org_a):
    return staff(org_a, "chair.a@example.nhs.uk")


@pytest.fixture
def network(org_a, chair):
    return make_network(org_a, chair=chair)


def test_edi_lead_registers_network_failed_submit_keeps_input(client_for, lead):
    client = client_for(lead)
    url = reverse("networks:network-create")
    response = client.post(url, {"name": "Carers Network", "kind": "carers", "budget": "-5"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the executive sponsor" in body and "The budget cannot be negative" in body
    assert 'value="Carers Network"' in body
    response = client.post(
        url, {"name": "Carers Network", "kind": "carers", "sponsor": "CEO", "budget": "1200"}
    )
    network = Network.objects.get(name="Carers Network")
    assert response.status_code == 302 and network.budget == 1200
    assert AuditEvent.objects.filter(action="network.created").count() == 1
    # The same name again is refused on the form.
    response = client.post(url, {"name": "carers network", "kind": "carers", "sponsor": "CEO"})
    assert response.status_code == 400
    assert "already a network with this name" in response.content.decode()


def test_staff_cannot_register_or_appoint(client_for, org_a, network):
    client = client_for(staff(org_a, "someone@example.nhs.uk"))
    assert client.get(reverse("networks:network-create")).status_code == 403
    url = reverse("networks:chair-add", args=[network.pk])
    assert client.post(url, {"email": "someone@example.nhs.uk"}).status_code == 403


def test_appoint_chair_only_from_the_organisation(client_for, lead, network, org_a, org_b):
    client = client_for(lead)
    url = reverse("networks:chair-add", args=[network.pk])
    outsider = staff(org_b, "outsider@example.nhs.uk")
    response = client.post(url, {"email": outsider.email})
    assert response.status_code == 400
    assert "Nobody with this e-mail address works where" in response.content.decode()
    assert client.post(url, {"email": "not-an-address"}).status_code == 400
    colleague = staff(org_a, "colleague@example.nhs.uk")
    assert client.post(url, {"email": colleague.email.upper()}).status_code == 302
    assert network.is_chair(colleague.pk)
    response = client.post(url, {"email": colleague.email})
    assert "already chairs" in response.content.decode()


def test_last_chair_cannot_stand_down(lead, network):
    only = network.chairs.get()
    with pytest.raises(ValidationError, match="Appoint another chair"):
        service.remove_chair(only, actor=lead)


def test_membership_is_private_to_member_and_chairs(client_for, lead, network, chair, org_a):
    member = staff(org_a, "member@example.nhs.uk")
    client = client_for(member)
    assert client.post(reverse("networks:join", args=[network.pk])).status_code == 302
    assert Member.objects.filter(network=network, user=member).exists()
    # Joining is not in the audit trail that EDI leads browse.
    assert not AuditEvent.objects.filter(action__icontains="join").exists()
    page = client.get(reverse("networks:network", args=[network.pk])).content.decode()
    assert "You are a member of this network" in page
    # A second join is refused with a message, not a 500.
    response = client.post(reverse("networks:join", args=[network.pk]), follow=True)
    assert "already a member" in response.content.decode()

    members_url = reverse("networks:members", args=[network.pk])
    assert client.get(members_url).status_code == 403
    assert client_for(lead).get(members_url).status_code == 403
    response = client_for(chair).get(members_url)
    assert response.status_code == 200 and member.email in response.content.decode()


def test_counts_suppressed_except_for_chairs(client_for, lead, network, chair, org_a):
    for i in range(3):
        Member.objects.create(network=network, user=staff(org_a, f"m{i}@example.nhs.uk"))
    lead_page = client_for(lead).get(reverse("networks:network", args=[network.pk]))
    assert '<dd class="nhsuk-summary-list__value" id="member-count">*' in lead_page.content.decode()
    chair_page = client_for(chair).get(reverse("networks:network", args=[network.pk]))
    assert 'id="member-count">3<' in chair_page.content.decode()
    for i in range(3, 12):
        Member.objects.create(network=network, user=staff(org_a, f"m{i}@example.nhs.uk"))
    shown = service.GROUPS.member_counts([network])
    assert shown == {network.pk: "10"}  # 12 rounded to the nearest 5


def test_leave_and_leave_again(client_for, network, org_a):
    member = staff(org_a, "member@example.nhs.uk")
    service.GROUPS.join(network, member)
    client = client_for(member)
    client.post(reverse("networks:leave", args=[network.pk]))
    assert not network.members.exists()
    response = client.post(reverse("networks:leave", args=[network.pk]), follow=True)
    assert "You are not a member" in response.content.decode()


def test_outsider_cannot_join_system_network(network, org_a, org_b):
    system_network = Network.objects.create(
        system=org_a.system, organisation=None, name="All", kind="women", sponsor="X"
    )
    with pytest.raises(ValidationError, match="Only staff"):
        service.GROUPS.join(system_network, staff(org_b, "b@example.nhs.uk"))
    service.GROUPS.join(system_network, staff(org_a, "a@example.nhs.uk"))


def test_chair_records_group_and_meeting(client_for, network, chair):
    client = client_for(chair)
    url = reverse("networks:affiliation-add", args=[network.pk])
    assert client.post(url, {"body": ""}).status_code == 400
    response = client.post(url, {"body": "Power of Staff Networks", "level": "national"})
    assert response.status_code == 302
    assert (
        client.post(url, {"body": "power of staff networks", "level": "national"}).status_code
        == 400
    )
    url = reverse("networks:meeting-add", args=[network.pk])
    response = client.post(
        url, {"title": "AGM", "held_on_0": "31", "held_on_1": "2", "held_on_2": "2026"}
    )
    assert response.status_code == 400
    response = client.post(
        url, {"title": "AGM", "held_on_0": "3", "held_on_1": "2", "held_on_2": "2026"}
    )
    assert response.status_code == 302 and network.meetings.get().title == "AGM"
    page = client.get(reverse("networks:network", args=[network.pk])).content.decode()
    assert "Power of Staff Networks" in page and "AGM" in page


def test_system_networks_reach_each_organisation(org_a, make_user):
    network = Network.objects.create(
        system=org_a.system, organisation=None, name="All", kind="women", sponsor="X"
    )
    scope = Scope(1, org_a.system, org_a, frozenset({Role.STAFF}))
    assert list(Network.in_scope(scope)) == [network]
    other = System.objects.create(name="Elsewhere", code="ELS")
    assert not Network.in_scope(Scope(1, other, None, frozenset({Role.STAFF}))).exists()


def test_demo_loader_is_idempotent(db):
    from django.core.management import call_command

    call_command("load_frameworks", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert Network.objects.count() == 2
    assert Member.objects.count() == 14
