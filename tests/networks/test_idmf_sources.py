"""Staff networks as engagement sources in IDMF step 3 (issue 19)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from dueregard.core.roles import Role
from dueregard.idmf.models import EngagementEntry
from dueregard.idmf.services import decisions
from tests.idmf.helpers import RELEVANT, make_decision

from .helpers import make_network

ENTRY = {"held_on_0": "1", "held_on_1": "3", "held_on_2": "2026", "method": "Listening event"}


@pytest.fixture
def decision(db, make_user, org_a):
    call_command("load_frameworks", verbosity=0)
    lead = make_user("lead@example.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    decision = make_decision(org_a, lead)
    decisions.screen(decision.current_assessment(), RELEVANT, actor=lead)
    return decision, lead


def test_network_named_as_engagement_source(client_for, decision, org_a, org_b):
    decision, lead = decision
    make_network(org_a, name="Race Equality Network")
    make_network(org_b, name="Elsewhere Network")
    client = client_for(lead)
    url = reverse("idmf:add-engagement", args=[decision.pk])
    page = client.get(url).content.decode()
    assert "Was this with a staff network?" in page
    assert "Race Equality Network" in page and "Elsewhere Network" not in page
    response = client.post(url, {**ENTRY, "heard": "Career progression"})
    assert response.status_code == 400
    assert "or choose a staff network" in response.content.decode()
    response = client.post(url, {**ENTRY, "heard": "Progression", "source": "Made up"})
    assert response.status_code == 400
    response = client.post(
        url, {**ENTRY, "heard": "Progression", "source": "Race Equality Network"}
    )
    assert response.status_code == 302
    assert EngagementEntry.objects.get().who == "Race Equality Network"


def test_no_networks_no_question(client_for, decision):
    decision, lead = decision
    url = reverse("idmf:add-engagement", args=[decision.pk])
    page = client_for(lead).get(url).content.decode()
    assert "Was this with a staff network?" not in page
