"""Start from a copy of an earlier assessment: only into a fresh version, every step to
confirm again, engagement only from the same decision."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dueregard.idmf.models import DecisionStatus
from dueregard.idmf.services import copying

from .helpers import complete_assessment, make_decision


def test_copy_another_decisions_assessment_through_the_page(client_for, org_a, lead_a):
    source = complete_assessment(make_decision(org_a, lead_a, title="Old clinic move"), lead_a)
    decision = make_decision(org_a, lead_a, title="New clinic move")
    client = client_for(lead_a)
    url = reverse("idmf:copy", args=[decision.pk])
    page = client.get(url + "?q=old").content.decode()
    assert "Old clinic move, version 1" in page and "New clinic move, version" not in page
    bad = client.post(url, {})
    assert bad.status_code == 400 and "Select the assessment to copy" in bad.content.decode()
    assert client.post(url, {"source": source.pk}).status_code == 302
    target = decision.current_assessment()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_PROGRESS
    assert target.completed_steps == []
    assert target.answers["define-aims"] == source.answers["define-aims"]
    assert "define-title" not in target.answers
    assert target.impacts.count() == source.impacts.count()
    assert target.engagement.count() == 0  # engagement on another proposal is not copied
    # now it has answers: a second copy is refused rather than overwrite them
    again = client.post(url, {"source": source.pk})
    assert again.status_code == 400
    assert "already has answers" in again.content.decode()


def test_copy_refuses_itself_and_a_signed_off_version(org_a, lead_a):
    decision = make_decision(org_a, lead_a)
    target = decision.current_assessment()
    with pytest.raises(ValidationError):
        copying.copy_into(target, target, actor=lead_a)
