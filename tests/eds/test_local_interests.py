"""Issue 19: a staff network named as a local interest on an EDS panel, shown on the
assessment page and in the report by the network's name, never by its members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dueregard.core.models import AuditEvent
from dueregard.eds.models import LocalInterest
from dueregard.eds.services import assessments, local_interests
from dueregard.eds.services.report import build_document
from dueregard.networks.models import Member, Network, NetworkKind
from tests.networks.helpers import make_network, staff


@pytest.fixture
def assessment(make_assessment, org_a, eds_people):
    return make_assessment(org_a, eds_people["lead"])


@pytest.fixture
def race(org_a):
    network = make_network(org_a, name="Race Equality Network")
    Member.objects.create(network=network, user=staff(org_a, "private.member@example.nhs.uk"))
    return network


def test_a_network_named_on_the_panel_is_in_the_report_by_name_only(
    assessment, race, eds_people, client_for
):
    client = client_for(eds_people["lead"])
    url = reverse("eds:add-local-interest", args=[assessment.pk])
    page = client.get(url).content.decode()
    assert "Race Equality Network" in page
    response = client.post(url, {"network": race.pk})
    assert response.status_code == 302
    assert local_interests.names(assessment) == ["Race Equality Network"]
    assert AuditEvent.objects.filter(action="eds.local_interest.added").exists()

    detail = client.get(reverse("eds:detail", args=[assessment.pk])).content.decode()
    assert 'id="local-interests"' in detail and "Race Equality Network" in detail
    text = " ".join(build_document(assessment).text_lines())
    assert "Staff networks on the panel" in text and "Race Equality Network" in text
    assert "Private Member" not in text and "private.member" not in text
    # Named once: it is no longer offered, and naming it again is refused.
    assert race not in local_interests.unnamed_networks(assessment)
    with pytest.raises(Exception, match="already on the panel"):
        local_interests.name_network(assessment, race, eds_people["lead"])


def test_only_networks_of_the_organisation_or_its_system_are_offered(
    assessment, race, org_a, org_b, system, eds_people, client_for
):
    elsewhere = make_network(org_b, name="Other Trust Network")
    system_wide = Network.objects.create(
        system=system,
        organisation=None,
        name="System Disability Network",
        kind=NetworkKind.DISABILITY,
        sponsor="ICB",
    )
    offered = set(local_interests.offered_networks(assessment))
    assert offered == {race, system_wide}
    response = client_for(eds_people["lead"]).post(
        reverse("eds:add-local-interest", args=[assessment.pk]), {"network": elsewhere.pk}
    )
    assert response.status_code == 400
    assert "Choose a staff network from the list" in response.content.decode()
    assert not LocalInterest.objects.exists()


def test_choosing_nothing_says_what_to_do(assessment, race, eds_people, client_for):
    response = client_for(eds_people["lead"]).post(
        reverse("eds:add-local-interest", args=[assessment.pk]), {"network": ""}
    )
    assert response.status_code == 400
    assert "Choose the staff network to name as a local interest" in response.content.decode()


def test_panel_members_and_staff_cannot_change_the_panel(assessment, race, eds_people, client_for):
    url = reverse("eds:add-local-interest", args=[assessment.pk])
    assert client_for(eds_people["panel1"]).post(url, {"network": race.pk}).status_code in (
        403,
        404,
    )
    assert not LocalInterest.objects.exists()


def test_removing_needs_confirmation_and_is_audited(assessment, race, eds_people, client_for):
    interest = local_interests.name_network(assessment, race, eds_people["lead"])
    client = client_for(eds_people["lead"])
    url = reverse("eds:remove-local-interest", args=[assessment.pk, interest.pk])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not LocalInterest.objects.exists()
    assert AuditEvent.objects.filter(action="eds.local_interest.removed").exists()


def test_the_name_stays_in_the_record_when_the_network_goes(assessment, race, eds_people):
    local_interests.name_network(assessment, race, eds_people["lead"])
    race.delete()
    assert local_interests.names(assessment) == ["Race Equality Network"]


def test_a_reopened_revision_keeps_its_panel(assessment, race, eds_people):
    local_interests.name_network(assessment, race, eds_people["lead"])
    assessment.stage = "published"
    assessment.save()
    new = assessments.reopen(assessment, eds_people["lead"])
    assert local_interests.names(new) == ["Race Equality Network"]
